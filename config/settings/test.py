import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import HAYSTACK_CONNECTIONS

# Fast hashing: password strength is not what the tests measure.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Isolated per process: no state leaks between test runs or into the developer's cache. With
# REDIS_URL (the PostgreSQL + Redis run) the real shared cache, one key prefix per process.
if REDIS_URL:  # noqa: F405
    # clear() deletes only this process's keys, not another worker's (tests/rediscache.py).
    CACHES["default"]["BACKEND"] = "tests.rediscache.OwnKeysRedisCache"  # noqa: F405
    # TEST_CACHE_PREFIX: servers a test starts share one prefix, as a deployment's servers do.
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("TEST_CACHE_PREFIX") or f"test-{os.getpid()}"  # noqa: F405
    # Pages in a Redis database of their own: tests that clear the default cache (FLUSHDB)
    # would otherwise drop another worker's generation mid-test.
    CACHES["pages"]["BACKEND"] = CACHES["default"]["BACKEND"]  # noqa: F405
    CACHES["pages"]["KEY_PREFIX"] = CACHES["default"]["KEY_PREFIX"] + "-pages"  # noqa: F405
    CACHES["pages"]["LOCATION"] = REDIS_URL.rsplit("/", 1)[0] + "/1"  # noqa: F405
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
# The organisation's identity in a cache of its own per process: a test that clears the shared
# cache (FLUSHDB) in another worker would otherwise make a pinned query count flaky.
CACHES["identity"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
PORTAL_IDENTITY_CACHE = "identity"
# A fresh Whoosh index and media folder per run, never the developer's var/.
_TMP = Path(tempfile.mkdtemp(prefix="portal-test-"))


_TMP_OWNER = os.getpid()


def _remove_tmp():
    # Every run (each xdist worker, each child process a test starts) makes one: without this
    # a developer's /tmp gained a dozen folders and megabytes per `make test`. Only the process
    # that made it removes it, never a forked copy.
    if os.getpid() == _TMP_OWNER:
        shutil.rmtree(_TMP, ignore_errors=True)


atexit.register(_remove_tmp)
# Child processes in the concurrency test and the benchmark share one index through this.
HAYSTACK_CONNECTIONS["default"]["PATH"] = os.environ.get("TEST_WHOOSH_INDEX_PATH") or str(
    _TMP / "whoosh_index"
)
MEDIA_ROOT = _TMP / "media"
STORAGES["import_export"]["OPTIONS"]["location"] = _TMP / "imports"  # noqa: F405
# A file, not memory: the search concurrency test saves from several real processes. Other
# databases name their test database themselves (test_<name>).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}  # noqa: F405
# The hostile-input suites send thousands of requests from one client; the limit tests lower it.
PORTAL_RATE_LIMITS = dict.fromkeys(("api", "export", "search", "suggest"), (10**9, 60))
# Templates fail loudly on a missing variable instead of printing nothing.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID{%s}"  # noqa: F405
