"""The Whoosh index on disk: one live generation at a time, rebuilt aside and swapped in.

    <PATH>/CURRENT        names the live generation
    <PATH>/g-<stamp>/     a complete Whoosh index

Readers keep one long-lived searcher per process and refresh it only when the index changed:
opening segment readers is what made a query through haystack take 50–1 400 ms, while Whoosh
answers in about a millisecond from a searcher it already has. A rebuild writes a new generation
while the site keeps answering from the old one, then swaps CURRENT with one atomic rename.

Writers take Whoosh's single write lock and wait for it (fcntl.flock, so a dead process leaves
nothing behind) instead of failing at once as haystack's remove() does.
"""

import datetime
import os
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from ..analysis import PARTS, SWEDISH
from ..documents import digest
from . import mapped

# Segments read where they are mapped, not copied into every process (mapped.py).
mapped.install()

SCHEMA = Schema(
    id=ID(stored=True, unique=True),  # haystack's identifier, "handbook.page.12"
    django_ct=ID(stored=True),
    kind=ID(stored=True),  # handbook | channels | accounts
    title=TEXT(analyzer=SWEDISH, stored=True),
    title_key=ID(),  # the title's words, lower-cased: an exact title match is offered first
    # Stored for snippets, so a results page needs no database. Its vocabulary also serves
    # queries typed without å/ä/ö and "Menade du …?" (see query.py): separate fields for
    # those tripled the postings written and made a rebuild three times slower.
    text=TEXT(analyzer=SWEDISH, stored=True),
    # The parts of the title's and text's compounds ("kontokapning": konto, kapning, kap), so a
    # part finds the page, weighted below the word itself (text.PART_BOOST). Other words
    # leave nothing here.
    parts=TEXT(analyzer=PARTS),
    section=STORED(),
    summary=STORED(),
    url=STORED(),
    # The document's fingerprint (documents.digest): a start-up writes again only documents
    # whose fingerprint differs from the one their object gives now (catchup.py).
    digest=STORED(),
)


def schema():
    """The fixed fields plus one per registered facet (search.results.facets): a comma list
    of whole values, as written. A new facet takes effect with the next rebuild_index."""
    from ...results import facets

    fields = dict(SCHEMA.items())
    for facet in facets():
        fields.setdefault(facet.name, KEYWORD(stored=True, commas=True, scorable=True))
    return Schema(**fields)


def fields(doc, schema):
    """A search document (backends/documents.py) as the fields of an index with `schema`; a
    field the index predates is left out until the next rebuild (which health() asks for)."""
    flat = {name: value for name, value in doc.items() if name != "facets"}
    flat["digest"] = digest(doc)
    flat["parts"] = f"{doc.get('title', '')}\n{doc.get('text', '')}"
    for name, values in doc.get("facets", {}).items():
        if values:
            # KEYWORD(commas=True) splits on commas: a comma inside a value would make two.
            flat[name] = ",".join(value.replace(",", " ") for value in values)
    return {name: value for name, value in flat.items() if name in schema}


# Long enough to outlast any other writer's commit, so a save never fails on the lock.
WRITE_TIMEOUT = 120.0
POINTER = "CURRENT"
# When the index last agreed with the database (an ISO time), and a mark that a write failed
# since: backends/catchup.py syncs only what changed after the first unless there is the second.
CAUGHT_UP = "CAUGHT_UP"
BEHIND = "BEHIND"


class Store:
    def __init__(self, path):
        self.path = Path(path)
        self._lock = threading.Lock()  # Whoosh searchers are not safe to share across threads.
        self._searcher = None
        self._pointer_stat = None

    # Generations -------------------------------------------------------------------------------

    def _pointer(self):
        return self.path / POINTER

    def live_generation(self):
        """The live generation's folder, creating an empty index on first use."""
        try:
            return self.path / self._pointer().read_text().strip()
        except FileNotFoundError:
            pass
        folder = self.new_generation()
        # os.link fails if another process made the pointer first; theirs wins.
        temporary = self.path / f".{POINTER}.{uuid.uuid4().hex}"
        temporary.write_text(folder.name)
        try:
            os.link(temporary, self._pointer())
        except FileExistsError:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            temporary.unlink()
        return self.path / self._pointer().read_text().strip()

    def new_generation(self):
        self.path.mkdir(parents=True, exist_ok=True)
        folder = self.path / f"g-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        whoosh_index.create_in(folder, schema())
        return folder

    def swap(self, folder):
        """Make `folder` live; keep the generation it replaces for readers still on it."""
        previous = self.live_generation()
        temporary = self.path / f".{POINTER}.{uuid.uuid4().hex}"
        temporary.write_text(folder.name)
        os.replace(temporary, self._pointer())  # atomic: readers see the old name or the new
        for old in self.path.glob("g-*"):
            if old not in (folder, previous):
                shutil.rmtree(old, ignore_errors=True)
        # An index from before generations lay directly in this folder.
        for legacy in [*self.path.glob("MAIN_*"), *self.path.glob("_MAIN_*")]:
            legacy.unlink(missing_ok=True)

    def open(self, folder=None):
        return whoosh_index.open_dir(folder or self.live_generation())

    # Writing -----------------------------------------------------------------------------------

    @contextmanager
    def writer(self, folder=None, **options):
        """A writer on the live index that waits for the lock; commits on success."""
        writer = self.open(folder).writer(timeout=WRITE_TIMEOUT, **options)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()

    def clear(self):
        """An empty live index, swapped in like a rebuild."""
        self.swap(self.new_generation())

    # How far the index has caught up -----------------------------------------------------------

    def caught_up_at(self):
        """When the index last agreed with the database; None if it never did, or if a write
        has failed since (then nobody knows what it lacks)."""
        if (self.path / BEHIND).exists():
            return None
        try:
            return datetime.datetime.fromisoformat((self.path / CAUGHT_UP).read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def mark_caught_up(self, moment):
        self.path.mkdir(parents=True, exist_ok=True)
        temporary = self.path / f".{CAUGHT_UP}.{uuid.uuid4().hex}"
        temporary.write_text(moment.isoformat())
        os.replace(temporary, self.path / CAUGHT_UP)

    def mark_behind(self):
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / BEHIND).touch()

    def forget_behind(self):
        """Before catching up: a write that fails from now on marks the index behind again."""
        (self.path / BEHIND).unlink(missing_ok=True)

    # Reading -----------------------------------------------------------------------------------

    @contextmanager
    def searcher(self):
        """The process's searcher, refreshed if the index changed since the last search."""
        with self._lock:
            self._searcher = self._fresh_searcher()
            yield self._searcher

    def _fresh_searcher(self):
        try:
            stat = self._pointer().stat()
            pointer_stat = (stat.st_ino, stat.st_mtime_ns)
        except FileNotFoundError:
            pointer_stat = None
        searcher = self._searcher
        if searcher is not None and pointer_stat == self._pointer_stat:
            if searcher.up_to_date():
                return searcher
            return searcher.refresh()
        if searcher is not None:
            searcher.close()
        searcher = self.open().searcher()
        self._pointer_stat = pointer_stat if pointer_stat else self._stat_after_create()
        return searcher

    def _stat_after_create(self):
        stat = self._pointer().stat()
        return (stat.st_ino, stat.st_mtime_ns)

    def close(self):
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
                self._pointer_stat = None


_stores = {}
_stores_lock = threading.Lock()


def get_store(path):
    """One Store per index folder per process."""
    key = str(path)
    with _stores_lock:
        if key not in _stores:
            _stores[key] = Store(path)
        return _stores[key]
