import io
import logging
import os
import pickle
import random
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

log = logging.getLogger(__name__)


class SharedFileCache(FileBasedCache):
    """Django's file cache, shared by the processes of one machine, with these changes for a
    page cache read on every request:

    - culled now and then rather than on every write: its cull lists the whole folder, which
      with tens of thousands of kept pages (every account page at national size) costs more
      than the page being stored. The folder may run over MAX_ENTRIES by about CULL_EVERY
      entries between culls.
    - culled in a thread of its own, one at a time per process: listing 21 000 pages and
      deleting a third took 160 ms, which the reader whose page was being stored waited for.
    - the keys in OPTIONS["SPARE"] are never culled. Django's cull deletes files at random,
      and the page cache's generation was among them a third of the time once the folder was
      full: every kept page unreachable at once, again and again while a crawler walks the
      registry.
    - values stored uncompressed: Django's backend zlib-compresses each value, and
      decompressing a kept page was a tenth of serving it; a page is a few tens of kB on disk
      instead of a few. (Its own suffix, so files of Django's format are never read as ours.)
    """

    CULL_EVERY = 200
    cache_suffix = ".page"
    _culling = threading.Lock()  # made anew in a forked child (below)

    def __init__(self, dir, params):
        super().__init__(dir, params)
        spare = params.get("OPTIONS", {}).get("SPARE", ())
        self._spared = frozenset(self._key_to_file(key) for key in spare)

    def _cull(self):
        if random.randrange(self.CULL_EVERY) != 0 or not self._culling.acquire(blocking=False):
            return
        try:
            threading.Thread(target=self._cull_in_thread, name="page-cache-cull",
                             daemon=True).start()  # fmt: skip
        except RuntimeError:  # no thread to be had: the page is stored, the next write culls
            self._culling.release()
            log.warning("The page cache could not start its cull.", exc_info=True)

    def _cull_in_thread(self):
        try:
            self._cull_now()
        except Exception:  # noqa: BLE001 (a thread's error reaches no log of Django's otherwise)
            log.exception("The page cache's cull failed.")
        finally:
            self._culling.release()

    def _cull_now(self):
        """Django's cull, sparing the keys in OPTIONS["SPARE"]."""
        files = [name for name in self._list_cache_files() if name not in self._spared]
        if len(files) < self._max_entries:
            return
        culled = files if self._cull_frequency == 0 else random.sample(
            files, len(files) // self._cull_frequency)  # fmt: skip
        for name in culled:
            self._delete(name)

    def validate_key(self, key):
        # A key becomes a file name through a hash, so any key is valid here; checking each
        # character for memcached's sake was a tenth of serving a kept page.
        pass

    def get(self, key, default=None, version=None):
        # Read whole with the os module's calls and unpickled from memory: a Python file object
        # and pickle's small reads from it were half the time of reading the generation, which
        # every request of the page cache does. (A file is replaced whole by set(), never
        # written in place, so what is read is one value.)
        path = self._key_to_file(key, version)
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return default
        try:
            data = _read_all(descriptor)
        finally:
            os.close(descriptor)
        stored = io.BytesIO(data)
        try:
            expires = pickle.load(stored)
        except EOFError:
            expires = 0  # an empty file counts as expired, as in Django's backend
        if expires is not None and expires < time.time():
            self._delete(path)
            return default
        return pickle.load(stored)

    def _write_content(self, file, timeout, value):
        pickle.dump(self.get_backend_timeout(timeout), file, self.pickle_protocol)
        pickle.dump(value, file, self.pickle_protocol)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        # Read and written again whole; set() replaces the file in one rename, so a reader in
        # another process sees the old value or the new, never half of one.
        value = self.get(key, version=version)
        if value is None:
            return False
        self.set(key, value, timeout, version=version)
        return True


def _new_cull_lock():
    # A child forked while its parent culled (gunicorn --preload) would otherwise inherit a lock
    # that no thread of its own will ever release.
    SharedFileCache._culling = threading.Lock()


os.register_at_fork(after_in_child=_new_cull_lock)


def _read_all(descriptor):
    size = os.fstat(descriptor).st_size
    data = os.read(descriptor, size + 1)
    while len(data) < size:
        chunk = os.read(descriptor, size - len(data) + 1)
        if not chunk:
            break
        data += chunk
    return data
