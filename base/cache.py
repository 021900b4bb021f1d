import pickle
import random

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache


class SharedFileCache(FileBasedCache):
    """Django's file cache, shared by the processes of one machine, with two changes for a
    page cache read on every request:

    - culled now and then rather than on every write: its cull lists the whole folder, which
      with tens of thousands of kept pages (every account page at national size) costs more
      than the page being stored. The folder may run over MAX_ENTRIES by about CULL_EVERY
      entries between culls.
    - values stored uncompressed: Django's backend zlib-compresses each value, and
      decompressing a kept page was a tenth of serving it; a page is a few tens of kB on disk
      instead of a few. (Its own suffix, so files of Django's format are never read as ours.)
    """

    CULL_EVERY = 200
    cache_suffix = ".page"

    def _cull(self):
        if random.randrange(self.CULL_EVERY) == 0:
            super()._cull()

    def validate_key(self, key):
        # A key becomes a file name through a hash, so any key is valid here; checking each
        # character for memcached's sake was a tenth of serving a kept page.
        pass

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return pickle.load(f)
        except FileNotFoundError:
            pass
        return default

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
