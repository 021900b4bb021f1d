"""Whoosh's segment files read where the operating system maps them, not copied per process.

A segment is one compound file, which Whoosh maps into memory (mmap) and hands out in parts:
the terms, the postings, the stored fields. Whoosh 2.7.4's BufferFile reads each part through
`io.BytesIO(part)`, and BytesIO copies what it is given. So every process that opened the index
held a private copy of the terms and postings, made again on every refresh after a write. At
national size (an 87 MB segment) that was 60 MB a process, and opening the searcher took 47-52
ms; 20 searches left a process at 299 MB resident. Read in place: 17-18 ms and 142 MB, and the
mapped pages are the operating system's, shared by every worker on the machine.

MappedFile is BufferFile with a file object that reads the part in place (PartReader). Only
compound storage's parts, which are the mapped ones, use it. Whoosh is pinned (pyproject.toml);
another version's BufferFile may read differently, so with another version nothing is changed
and a test fails (tests/search/test_index.py) until this is checked against it.
"""

import whoosh
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

WRITTEN_FOR = (2, 7, 4)


class PartReader:
    """A read-only file over a buffer (a memoryview of the mapped file): what BytesIO offers
    Whoosh's readers (read, seek, tell), without BytesIO's copy. Each read copies only the
    bytes it returns."""

    __slots__ = ("_buffer", "_position", "_length")

    def __init__(self, buffer):
        self._buffer = buffer
        self._position = 0
        self._length = len(buffer)

    def read(self, size=-1):
        start = self._position
        end = self._length if size is None or size < 0 else min(start + size, self._length)
        if end <= start:
            return b""
        self._position = end
        return bytes(self._buffer[start:end])

    def readline(self, size=-1):
        # pickle.load() may ask for a line (StructFile.read_pickle hands it this file).
        start = self._position
        end = self._length if size is None or size < 0 else min(start + size, self._length)
        rest = bytes(self._buffer[start:end])
        newline = rest.find(b"\n")
        line = rest if newline < 0 else rest[: newline + 1]
        self._position = start + len(line)
        return line

    def seek(self, offset, whence=0):
        if whence == 0:
            if offset < 0:
                raise ValueError(f"negative seek value {offset}")
            position = offset
        elif whence == 1:
            position = max(self._position + offset, 0)  # as BytesIO: before the start is 0
        elif whence == 2:
            position = max(self._length + offset, 0)
        else:
            raise ValueError(f"invalid whence ({whence}, should be 0, 1 or 2)")
        self._position = position
        return position

    def tell(self):
        return self._position

    def close(self):
        pass


class MappedFile(BufferFile):
    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)  # an empty BytesIO, at no cost
        self._buf = buf
        self.file = PartReader(buf)


def install():
    """Have compound storage read its mapped parts in place; True if it now does."""
    if tuple(whoosh.__version__[:3]) != WRITTEN_FOR:
        return False
    compound.BufferFile = MappedFile  # what CompoundStorage.open_file makes for a mapped part
    return True
