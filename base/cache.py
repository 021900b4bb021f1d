import io
import logging
import os
import pickle
import random
import tempfile
import threading
import time
from typing import NamedTuple

from django.core.cache.backends import redis
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
    - the keys in OPTIONS["HELD"] (the generation, read on every request) are read from their
      file once, and again only when a write has replaced the file: each process holds the
      file it read open and compares its inode with the one the path names now, one stat()
      instead of opening, reading and unpickling (see _get_held).
    - a value is always written to a new file renamed over the old one (os.replace), never
      into the old file: Django's file_move_safe copies into it when a rename fails, which
      a reader could see half-written, and a held file must never change.
    """

    CULL_EVERY = 200
    cache_suffix = ".page"
    _culling = threading.Lock()  # made anew in a forked child (below)

    def __init__(self, dir, params):
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._spared = frozenset(self._key_to_file(key) for key in options.get("SPARE", ()))
        # Held keys' files, found without hashing the key again on every read.
        self._held_files = {key: self._key_to_file(key) for key in options.get("HELD", ())}
        self._held = {}  # path -> Held, what this process read from the file last
        self._holding = threading.Lock()

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
        if version is None and key in self._held_files:
            return self._get_held(self._held_files[key], default)
        path = self._key_to_file(key, version)
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return default
        try:
            expires, value = _unpickle(_read_all(descriptor))
        finally:
            os.close(descriptor)
        if expires is not None and expires < time.time():
            self._delete(path)
            return default
        return value

    def _get_held(self, path, default):
        """The value in a held key's file, read again only if the file was replaced.

        While this process holds a file open, the file system cannot give its inode number to
        another file, even once a write has renamed a new file over it. So when the path names
        the inode that was read, it is that same file, and set() never writes into a file: the
        value is the one read. (One machine's file system, as for the whole cache: a network
        file system may answer stat() from a client's stale cache.)
        """
        try:
            now = os.stat(path)
        except FileNotFoundError:
            return default
        held = self._held.get(path)
        if held is None or (held.inode, held.device) != (now.st_ino, now.st_dev):
            try:
                descriptor = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                return default
            opened = os.fstat(descriptor)
            try:
                expires, value = _unpickle(_read_all(descriptor))
            except BaseException:
                os.close(descriptor)
                raise
            held = Held(opened.st_ino, opened.st_dev, descriptor, expires, value)
            with self._holding:
                previous = self._held.get(path)
                self._held[path] = held
            if previous is not None:
                os.close(previous.descriptor)
        if held.expires is not None and held.expires < time.time():
            self._delete(path)
            return default
        return held.value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._createdir()  # the folder may have been deleted
        path = self._key_to_file(key, version)
        self._cull()
        descriptor, temporary = tempfile.mkstemp(dir=self._dir)
        try:
            with open(descriptor, "wb") as file:
                self._write_content(file, timeout, value)
            os.replace(temporary, path)
        except BaseException:
            os.remove(temporary)
            raise

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
    # A child forked while its parent culled (a server that loads the application before it
    # forks its workers) would otherwise inherit a lock that no thread of its own will ever
    # release.
    SharedFileCache._culling = threading.Lock()


os.register_at_fork(after_in_child=_new_cull_lock)


class Held(NamedTuple):
    inode: int
    device: int
    descriptor: int  # kept open: the inode stays this file's while it is (_get_held)
    expires: float | None
    value: object


def _unpickle(data):
    stored = io.BytesIO(data)
    try:
        expires = pickle.load(stored)
    except EOFError:
        return 0, None  # an empty file counts as expired, as in Django's backend
    return expires, pickle.load(stored)


def _read_all(descriptor):
    size = os.fstat(descriptor).st_size
    data = os.read(descriptor, size + 1)
    while len(data) < size:
        chunk = os.read(descriptor, size - len(data) + 1)
        if not chunk:
            break
        data += chunk
    return data


class RedisCache(redis.RedisCache):
    """Django's Redis cache, with one client object per connection pool. Django's makes a new
    redis.Redis for every operation (RedisCacheClient.get_client), and redis-py fills a table of
    some 200 reply handlers in each: 166 us each time here, where a GET itself takes 92, and a
    request asks the shared cache two to four times (the generation, a kept page, a memo).
    A client keeps nothing of its own but the pool, which already served every client; and
    Django keeps one cache object per thread, so the client is never shared between threads."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClients


class _KeptClients(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # the pools are kept for good (self._pools)
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client
