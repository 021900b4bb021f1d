import random

from django.core.cache.backends.filebased import FileBasedCache


class SharedFileCache(FileBasedCache):
    """Django's file cache, shared by the processes of one machine, culled now and then rather
    than on every write: its cull lists the whole folder, which with tens of thousands of kept
    pages (every account page at national size) costs more than the page being stored. The
    folder may run over MAX_ENTRIES by about CULL_EVERY entries between culls."""

    CULL_EVERY = 200

    def _cull(self):
        if random.randrange(self.CULL_EVERY) == 0:
            super()._cull()
