"""The registry's free-text filter (?q=) at national size: each word found anywhere in an
account's own words (search_text) or its department's name (department_sort).

A LIKE '%word%' reads every account's text: 120–150 ms at 50 000 accounts on SQLite, for the
count and again for the page when few accounts match. So each database gets an index of its own
for substrings, made and kept by the database itself, whatever writes the accounts (save,
QuerySet.update, bulk_create, a fixture):

- SQLite: an FTS5 table with the trigram tokenizer over the two columns, kept by triggers. The
  words of three letters or more are looked up in it, all in one query (a word that matches a
  tenth of the accounts: ~2 ms where the scan took ~150 ms); shorter words have no trigram and
  keep the LIKE. Words that many accounts have are checked on the accounts as the list walks
  them instead (CheckedInTextIndex).
- PostgreSQL: trigram GIN indexes (pg_trgm, which the search tables install too), which its
  planner uses for the same LIKE by itself.

Made after every migrate (post_migrate), not in a migration: Django rebuilds an SQLite table
it alters by copying it, and the copy would not have the triggers.
"""

from django.db import connections
from django.db.models import F, Lookup, Q

TABLE = "registry_account_text"

SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        search_text, department_sort, content='registry_account', content_rowid='id',
        tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON registry_account BEGIN
        INSERT INTO {TABLE} (rowid, search_text, department_sort)
        VALUES (new.id, new.search_text, new.department_sort);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON registry_account BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, search_text, department_sort)
        VALUES ('delete', old.id, old.search_text, old.department_sort);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update
        AFTER UPDATE OF search_text, department_sort ON registry_account BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, search_text, department_sort)
        VALUES ('delete', old.id, old.search_text, old.department_sort);
        INSERT INTO {TABLE} (rowid, search_text, department_sort)
        VALUES (new.id, new.search_text, new.department_sort);
    END""",
]
SQLITE_TRIGGERS = {f"{TABLE}_insert", f"{TABLE}_delete", f"{TABLE}_update"}

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS account_text_trigrams "
    "ON registry_account USING gin (search_text gin_trgm_ops)",
    # icontains compares UPPER() of both sides on PostgreSQL.
    "CREATE INDEX IF NOT EXISTS account_department_trigrams "
    "ON registry_account USING gin (UPPER(department_sort) gin_trgm_ops)",
]


def install(sender=None, using="default", **kwargs):
    """Make the database's index for the filter if it is missing (post_migrate)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            present = {row[0] for row in cursor.fetchall()}
            for statement in SQLITE:
                cursor.execute(statement)
            if TABLE not in present or not present >= SQLITE_TRIGGERS:
                # New, or the triggers were lost with a rebuilt table: read every account again.
                cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            for statement in POSTGRESQL:
                cursor.execute(statement)


class InTextIndex(Lookup):
    """The account (its pk on the left) matches the index query on the right (quoted words
    joined by AND) in the SQLite index: the accounts are read through the index's matches, the
    quickest way when few accounts match."""

    lookup_name = "in_text_index"
    prepare_rhs = False
    prefix = ""

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        sql = f"{self.prefix}{column} IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)"
        return sql, [*params, self.rhs]


class CheckedInTextIndex(InTextIndex):
    """The same condition as a check on each account the list reads, when many match (the
    unary + keeps SQLite from reading the accounts through the matches): the list is walked in
    its own order, through the other filters' indexes, and stops after a page. Reading a word's
    20 000 matches one by one and sorting them took 17–31 ms for a page and 14 ms for the count
    at 50 000 accounts; walking takes 3–8 ms and 10 ms. For a word with few matches the walk
    would read every account (4 ms where the matches take under one)."""

    prefix = "+"


# From this many matches the words are walked (CheckedInTextIndex) rather than looked up.
COMMON = 1000


def _is_common(using, query):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s "
                       f"LIMIT {COMMON})", [query])  # fmt: skip
        return cursor.fetchone()[0] >= COMMON


def matching(queryset, text):
    """The accounts with every word of `text` (up to ten) in their words or department's name,
    ignoring case."""
    uses_fts = connections[queryset.db].vendor == "sqlite"
    phrases = []
    for word in text.casefold().split()[:10]:
        if uses_fts and len(word) >= 3:
            phrases.append('"' + word.replace('"', '""') + '"')  # the word as written
        else:
            queryset = queryset.filter(
                Q(search_text__contains=word) | Q(department_sort__icontains=word)
            )
    if phrases:
        # All the words in one query of the index, which intersects their matches itself: one
        # set of rowids for SQLite to build and check against, where a condition per word
        # built one per word (two common words at 50 000 accounts: p50 41 ms, now 24-30).
        query = " AND ".join(phrases)
        common = _is_common(queryset.db, query)  # a glance: at most COMMON matches read
        lookup = CheckedInTextIndex if common else InTextIndex
        queryset = queryset.filter(lookup(F("pk"), query))
    return queryset
