"""The registry's free-text filter (?q=) at national size: each word found anywhere in an
account's own words (search_text) or its department's name (department_sort).

A LIKE '%word%' reads every account's text: 120–150 ms at 50 000 accounts on SQLite, for the
count and again for the page when few accounts match. So each database gets an index of its own
for substrings, made and kept by the database itself, whatever writes the accounts (save,
QuerySet.update, bulk_create, a fixture):

- SQLite: an FTS5 table with the trigram tokenizer over the two columns, kept by triggers. The
  words of three letters or more are looked up in it, all in one query (a word that matches a
  tenth of the accounts: ~2 ms where the scan took ~150 ms). A word of two letters has no
  trigram of its own, but every two letters of a text begin one of its trigrams if the text
  ends in one more character: the index reads each column with a space after it (virtual
  columns of the accounts' table, PADDED), and a word of two letters is looked up as the
  trigrams the index has that begin with it (_starting; "hr" at national size: 2 ms where
  the scan took 120). Words that many accounts have are checked on the accounts as the list
  walks them instead (CheckedInTextIndex). A word of one letter begins hundreds of trigrams
  (275 for "k"), as slow to read as the scan: it is looked for with a LIKE, once, for the few
  accounts that have it (_few_with_letter); a common one soon finds a page as the list walks,
  and is counted by a scan of the accounts rather than through the status's index
  (_count_scanning): /konton/?q=k at national size 84 ms, now 34; ?q=q, which no account has,
  124 ms, now 37, on a machine where ?q=kris takes 27.
- PostgreSQL: trigram GIN indexes (pg_trgm, which the search tables install too), which its
  planner uses for the same LIKE by itself. A word of two letters has no trigram there either:
  a second copy keeps each column's pairs of letters, indexed (PAIRS), and a word of two
  letters that few accounts have is looked up there (/konton/?q=hr at national size: 6 ms,
  where the LIKE read every account for 69); a common one keeps the LIKE, which soon finds a
  page.

Each database can also count a selection by words and status alone by itself (count()):
- SQLite: the index holds each account's status too; FTS5 counts a query's matches in C, where
  counting them through the accounts' table read every match into a set first.
- PostgreSQL: a narrow copy of the three columns (WORDS), kept by triggers, with trigram
  indexes of its own. The trigram index only narrows a LIKE down to rows to check, and checking
  them in the accounts' wide rows read most of the table (22 ms for "kris" at national size);
  the copy is 2 000 pages where the accounts are 5 000 (13 ms). Same columns, same conditions,
  so the count is the list's.

Made after every migrate (post_migrate), not in a migration: Django rebuilds an SQLite table
it alters by copying it, and the copy would not have the triggers.
"""

import logging

from django.db import OperationalError, connections
from django.db.models import BooleanField, Expression, F, Lookup, Q

from .models import Status

log = logging.getLogger(__name__)

TABLE = "registry_account_text"
# The columns the index reads, each the account's column with a space after it, so that its
# last two letters begin a trigram too. Virtual columns, computed when read: nothing is stored
# twice, and whatever writes the accounts writes them. Added by install(), not a migration: a
# table Django rebuilds to alter it loses them, and install() adds them again after migrate.
PADDED = {"search_words": "search_text", "department_words": "department_sort"}
COLUMNS = "search_words, department_words, status"
# The index's words (its trigrams), for the ones a word of two letters begins (_starting).
TERMS = f"{TABLE}_terms"
LAST_CHARACTER = chr(0x10FFFF)

SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        {COLUMNS}, content='registry_account', content_rowid='id', tokenize='trigram')""",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TERMS} USING fts5vocab({TABLE}, 'row')",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON registry_account BEGIN
        INSERT INTO {TABLE} (rowid, {COLUMNS})
        VALUES (new.id, new.search_words, new.department_words, new.status);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON registry_account BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.search_words, old.department_words, old.status);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update
        AFTER UPDATE OF search_text, department_sort, status ON registry_account BEGIN
        INSERT INTO {TABLE} ({TABLE}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.search_words, old.department_words, old.status);
        INSERT INTO {TABLE} (rowid, {COLUMNS})
        VALUES (new.id, new.search_words, new.department_words, new.status);
    END""",
]
SQLITE_TRIGGERS = {f"{TABLE}_insert", f"{TABLE}_delete", f"{TABLE}_update"}
# The words are looked for in these columns only: "act" is in every active account's status.
WORDS_IN = "{search_words department_words}"

WORDS = "registry_account_words"
PAIRS = "registry_account_pairs"
# A word of two letters in an account's words ("t" and the word) or its department's name ("d"
# and the word in capitals, as icontains compares), in the pairs' table (PAIRS). The word is
# given twice.
HAS_PAIR = "pairs && ARRAY['t' || %s, 'd' || UPPER(%s)]"
# From this many accounts a pair is common: the LIKE walks the list or counts the narrow copy
# about as fast as the pairs' index could (_few_with_pair).
COMMON_PAIR = 500
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS account_text_trigrams "
    "ON registry_account USING gin (search_text gin_trgm_ops)",
    # icontains compares UPPER() of both sides on PostgreSQL.
    "CREATE INDEX IF NOT EXISTS account_department_trigrams "
    "ON registry_account USING gin (UPPER(department_sort) gin_trgm_ops)",
    # The narrow copy for counting (count()), with the same indexes.
    f"""CREATE TABLE IF NOT EXISTS {WORDS} (id bigint PRIMARY KEY, status text NOT NULL,
        search_text text NOT NULL, department_sort text NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS {WORDS}_text ON {WORDS} USING gin (search_text gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS {WORDS}_department "
    f"ON {WORDS} USING gin (UPPER(department_sort) gin_trgm_ops)",
    # A word of two letters has no trigram, and pg_trgm reads every row for it: a second copy
    # keeps each column's pairs of letters, indexed (see the module's docstring). Stored, not
    # an index of the function: worked out row by row (75 us) wherever the planner walked the
    # rows instead, a common pair's count took 3.4 s. A table of its own: in the narrow copy
    # they made it five times as wide, and the LIKE of every longer word reads it whole.
    f"""CREATE OR REPLACE FUNCTION {PAIRS}(text, text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ARRAY(
            SELECT 't' || substr($1, i, 2) FROM generate_series(1, length($1) - 1) i
            UNION SELECT 'd' || substr(upper($2), i, 2) FROM generate_series(1, length($2) - 1) i
        ) $$""",
    f"""CREATE TABLE IF NOT EXISTS {PAIRS} (id bigint PRIMARY KEY, search_text text NOT NULL,
        department_sort text NOT NULL,
        pairs text[] GENERATED ALWAYS AS ({PAIRS}(search_text, department_sort)) STORED)""",
    f"CREATE INDEX IF NOT EXISTS {PAIRS}_pairs ON {PAIRS} USING gin (pairs)",
    # The function compares the columns itself: a trigger declared "UPDATE OF" them would make
    # PostgreSQL refuse to alter their type (a longer max_length) in a later migration.
    f"""CREATE OR REPLACE FUNCTION {WORDS}_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {WORDS}, {PAIRS};  -- Django's flush empties the accounts so, between tests
            RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {WORDS} WHERE id = OLD.id;
            DELETE FROM {PAIRS} WHERE id = OLD.id;
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            -- save() writes every column: most saves change none of these.
            IF (OLD.id, OLD.status, OLD.search_text, OLD.department_sort) IS NOT DISTINCT FROM
               (NEW.id, NEW.status, NEW.search_text, NEW.department_sort) THEN
                RETURN NULL;
            END IF;
            IF OLD.id <> NEW.id THEN
                DELETE FROM {WORDS} WHERE id = OLD.id;
                DELETE FROM {PAIRS} WHERE id = OLD.id;
            END IF;
        END IF;
        INSERT INTO {WORDS} (id, status, search_text, department_sort)
        VALUES (NEW.id, NEW.status, NEW.search_text, NEW.department_sort)
        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,
            search_text = EXCLUDED.search_text, department_sort = EXCLUDED.department_sort;
        IF TG_OP = 'INSERT' OR (OLD.search_text, OLD.department_sort) IS DISTINCT FROM
                               (NEW.search_text, NEW.department_sort) THEN
            INSERT INTO {PAIRS} (id, search_text, department_sort)
            VALUES (NEW.id, NEW.search_text, NEW.department_sort)
            ON CONFLICT (id) DO UPDATE SET search_text = EXCLUDED.search_text,
                department_sort = EXCLUDED.department_sort;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE TRIGGER {WORDS}_rows AFTER INSERT OR DELETE OR UPDATE
        ON registry_account FOR EACH ROW EXECUTE FUNCTION {WORDS}_keep()""",
    f"""CREATE OR REPLACE TRIGGER {WORDS}_truncate AFTER TRUNCATE ON registry_account
        FOR EACH STATEMENT EXECUTE FUNCTION {WORDS}_keep()""",
    # Whatever happened while the triggers were not there (a new table, a restored dump):
    # the copy made equal to the accounts again, writing only what differs.
    f"DELETE FROM {WORDS} w WHERE NOT EXISTS (SELECT 1 FROM registry_account a WHERE a.id = w.id)",
    f"""INSERT INTO {WORDS} (id, status, search_text, department_sort)
        SELECT id, status, search_text, department_sort FROM registry_account
        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status,
            search_text = EXCLUDED.search_text, department_sort = EXCLUDED.department_sort
        WHERE ({WORDS}.status, {WORDS}.search_text, {WORDS}.department_sort)
            IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.search_text, EXCLUDED.department_sort)""",
    f"DELETE FROM {PAIRS} p WHERE NOT EXISTS (SELECT 1 FROM registry_account a WHERE a.id = p.id)",
    # Only the accounts that differ are proposed: a row proposed works out its pairs before
    # its conflict is found (10 s at every migrate at national size, where this takes 0.1).
    f"""INSERT INTO {PAIRS} (id, search_text, department_sort)
        SELECT a.id, a.search_text, a.department_sort
        FROM registry_account a LEFT JOIN {PAIRS} p ON p.id = a.id
        WHERE (p.search_text, p.department_sort)
            IS DISTINCT FROM (a.search_text, a.department_sort)
        ON CONFLICT (id) DO UPDATE SET search_text = EXCLUDED.search_text,
            department_sort = EXCLUDED.department_sort""",
]


def install(sender=None, using="default", **kwargs):
    """Make the database's index for the filter if it is missing (post_migrate)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
            made = dict(cursor.fetchall())
            present = set(made)
            ours = [made[name] for name in present & {TABLE, *SQLITE_TRIGGERS}]
            if any("status" not in sql or "search_words" not in sql for sql in ours):
                # Made by an older version, which did not keep the status or read the columns
                # as they were: all made anew.
                for trigger in SQLITE_TRIGGERS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                cursor.execute(f"DROP TABLE IF EXISTS {TERMS}")
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
                present -= {TABLE, *SQLITE_TRIGGERS}
            cursor.execute("SELECT name FROM pragma_table_xinfo('registry_account')")
            columns = {row[0] for row in cursor.fetchall()}
            for name, column in PADDED.items():
                if name not in columns:
                    cursor.execute(f"ALTER TABLE registry_account ADD COLUMN {name} TEXT "
                                   f"GENERATED ALWAYS AS ({column} || ' ') VIRTUAL")  # fmt: skip
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

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        sql = f"{column} IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)"
        return sql, [*params, self.rhs]


class CheckedInTextIndex(Expression):
    """The same condition as InTextIndex, checked on each account the list reads, when many
    match: the list is walked in its own order, through the other filters' indexes, and stops
    after a page. Reading a word's 20 000 matches one by one and sorting them took 17–31 ms for
    a page and 14 ms for the count at 50 000 accounts; walking takes 3–8 ms and 10 ms. For a
    word with few matches the walk would read every account (4 ms where the matches take
    under one).

    Checked against the set of the index's matches (the unary + keeps SQLite from reading the
    accounts through them), built once per query: 12 ms for "kris" at national size, 32 for
    "er" (seven trigrams). A page near the start of the list, where the walk reads at most WALK
    accounts (the share of accounts that match, `share`, says how many), checks each account's
    own columns with the LIKE instead, which costs about as much per account read and nothing
    to build: 0.3 ms for "kris", 0.1 for "er". Not for a word SQLite's LIKE would not find in
    capitals in a department's name (_capitals): the index folds every letter, LIKE only
    ASCII."""

    conditional = True

    def __init__(self, query, words, share):
        super().__init__(output_field=BooleanField())
        self.query, self.words, self.share = query, words, share
        self.columns = [F("pk"), F("search_text"), F("department_sort")]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, expressions):
        self.columns = expressions

    def as_sql(self, compiler, connection):
        (pk, params), (text, _), (department, _) = map(compiler.compile, self.columns)
        end = compiler.query.high_mark  # the page's end, when the query is a page
        if (
            end is not None
            and end <= self.share * WALK
            and not any(_capitals(word, connection) for word in self.words)
        ):
            checks = [_like_condition(word, connection, text, department) for word in self.words]
            return f"({' AND '.join(sql for sql, _ in checks)})", [
                value for _, values in checks for value in values
            ]
        sql = f"+{pk} IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)"
        return sql, [*params, self.query]


# The accounts a page's walk may check with the LIKE (CheckedInTextIndex): about 1–2 ms.
WALK = 1000


def _few_with_pair(word, using, known=None):
    """The accounts (ids) with this word of two letters in their words or department's name,
    found through PostgreSQL's index of pairs (PAIRS); None when COMMON_PAIR or more have it.
    The ids themselves, not a subquery: the planner expects hundreds of accounts for any pair
    it has no statistics of, and walked the whole list for two (140 ms)."""
    return _remembered(known, ("pair", using, word), lambda: _read_few_with_pair(word, using))


def _read_few_with_pair(word, using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT id FROM {PAIRS} WHERE {HAS_PAIR} LIMIT {COMMON_PAIR}",
                       [word, word])  # fmt: skip
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) < COMMON_PAIR else None


# From this many accounts a letter is common: the list walks to a page soon, with the LIKE.
COMMON_LETTER = 500


def _few_with_letter(word, using, known=None):
    """The accounts (ids) with this word of one letter in their words or department's name, or
    None when COMMON_LETTER or more have it. One read of the accounts (on PostgreSQL, of the
    narrow copy), which stops as soon as that many are found: walked in the list's order
    instead, a letter few accounts have read every account through the order's index, looking
    each one up. At national size, SQLite: 99 ms where this takes 25; PostgreSQL, a letter in
    100 accounts: the page 156-185 ms, now 96."""
    return _remembered(known, ("letter", using, word), lambda: _read_few_with_letter(word, using))


def _read_few_with_letter(word, using):
    connection = connections[using]
    if connection.vendor == "postgresql":  # the narrow copy, read faster than the accounts
        table, (condition, params) = WORDS, _copy_condition(word, connection)
    else:
        table, (condition, params) = "registry_account", _like_condition(word, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {condition} LIMIT {COMMON_LETTER}", params)
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) < COMMON_LETTER else None


def _copy_condition(word, connection):
    """matching()'s condition for a word, on PostgreSQL's narrow copy: contains and icontains,
    as Django writes them."""
    pattern = f"%{connection.ops.prep_for_like_query(word)}%"
    return "(search_text LIKE %s OR UPPER(department_sort) LIKE UPPER(%s))", [pattern, pattern]


def _like_condition(word, connection, text="search_text", department="department_sort"):
    """_scanned()'s condition for a word on SQLite, as SQL of its own (the columns as named)."""
    variants = [word, *_capitals(word, connection)]
    sql = " OR ".join([f"{text} LIKE %s ESCAPE '\\'"]
                      + [f"{department} LIKE %s ESCAPE '\\'"] * len(variants))  # fmt: skip
    pattern = f"%{connection.ops.prep_for_like_query(word)}%"
    return f"({sql})", [pattern, *(f"%{connection.ops.prep_for_like_query(v)}%" for v in variants)]


def _capitals(word, connection):
    """The word in capitals where the database's LIKE would not find it so by itself: SQLite
    folds the case of ASCII letters only, and a department's name is as written ("Ö" for "ö").
    Exact for a word of one letter, the only kind SQLite looks for with a LIKE once its index is
    made (the index folds every letter itself)."""
    if connection.vendor != "sqlite" or word.isascii() or word.upper() == word:
        return []
    return [word.upper()]


# From this many matches the words are walked (CheckedInTextIndex) rather than looked up.
COMMON = 1000


def _glance(using, query):
    """Whether COMMON accounts or more match the index query, and what share of the accounts
    do, as far as the first COMMON matches tell: their number over the span of their ids."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(rowid), max(rowid) FROM (SELECT rowid FROM {TABLE} "
                       f"WHERE {TABLE} MATCH %s LIMIT {COMMON})", [query])  # fmt: skip
        found, first, last = cursor.fetchone()
    return found >= COMMON, found / (last - first + 1) if found else 0


def _words(text):
    return text.casefold().split()[:10]


def _phrase(word):
    return '"' + word.replace('"', '""') + '"'  # the word as written, never query syntax


def _looked_up(word, using, known=None):
    """A word as the index query finds it: a phrase, or for a word of two letters the trigrams
    of the index that begin with it (see PADDED). None for a word of one letter."""
    if len(word) >= 3:
        return _phrase(word)
    if len(word) < 2:
        return None
    return _remembered(known, ("starting", using, word), lambda: _starting(word, using))


def _remembered(known, key, read):
    """read() once per `known`, a dict the caller keeps for one request: its count and its
    page look each short word up once (None: every time)."""
    if known is None:
        return read()
    if key not in known:
        known[key] = read()
    return known[key]


def _starting(word, using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT term FROM {TERMS} WHERE term >= %s AND term <= %s",
                       [word, word + LAST_CHARACTER])  # fmt: skip
        terms = [term for (term,) in cursor.fetchall() if term.startswith(word)]
    # No trigram begins with it: no account has the word. Two letters match nothing.
    return f"({' OR '.join(map(_phrase, terms))})" if terms else _phrase(word)


def _all_of(phrases):
    """The index query for every one of these phrases in the account's words."""
    return f"{WORDS_IN}: ({' AND '.join(phrases)})"


def count(text, statuses, using, known=None):
    """How many accounts in these statuses have every word of `text`, counted by the
    database's index by itself (SQLite: with a word of one letter, by the accounts themselves;
    see _count_scanning). For "kris" at national size, in two accounts of five: on SQLite
    2.4 ms, where counting through the accounts' table took 11; on PostgreSQL 13, not 22.
    `known`: a dict kept for one request and given to matching() too, so that a short word's
    lookup (its trigrams, or its accounts on PostgreSQL) is read once for count and page."""
    words = _words(text)
    if not words:
        return None
    if connections[using].vendor == "postgresql":
        return _count_words(words, statuses, using, known)
    if connections[using].vendor != "sqlite":
        return None
    try:
        if min(map(len, words)) < 2:
            return _count_scanning(words, statuses, using, known)
        query = _all_of(_looked_up(word, using, known) for word in words)
        # The statuses left out, not those asked for: "NOT" reads the few closed and proposed
        # accounts' entries, where "active OR paused" read nine accounts of ten (11 ms, not 2.4).
        others = [_phrase(status) for status in Status.values if status not in statuses]
        if others:
            query += f" NOT status: ({' OR '.join(others)})"
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s", [query])
            return cursor.fetchone()[0]
    except OperationalError:  # code newer than the database: install() has not run yet
        log.warning("The registry's text index is of an older version; run migrate.")
        return None


def _count_scanning(words, statuses, using, known):
    """count() on SQLite with a word of one letter: the same conditions as matching(), on the
    accounts. Their status without its index ("+"): SQLite expects two statuses of four to be
    half the accounts, looked up one by one through the index, where they are nine in ten, and
    read all together in a scan: ?q=k at national size 92 ms, now 24."""
    connection = connections[using]
    statuses = list(statuses)
    conditions = [f"+status IN ({', '.join(['%s'] * len(statuses))})"]
    params = statuses
    phrases = [_looked_up(word, using, known) for word in words if len(word) >= 2]
    if phrases:
        conditions.append(f"id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)")
        params.append(_all_of(phrases))
    for word in words:
        if len(word) >= 2:
            continue
        few = _few_with_letter(word, using, known)
        if few == []:
            return 0
        if few is not None:
            conditions.append(f"id IN ({', '.join(['%s'] * len(few))})")
            params += few
            continue
        condition, more = _like_condition(word, connection)
        conditions.append(condition)
        params += more
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM registry_account WHERE {' AND '.join(conditions)}",
                       params)  # fmt: skip
        return cursor.fetchone()[0]


def _count_words(words, statuses, using, known):
    """count() on PostgreSQL: the list's own conditions (matching(): contains and icontains,
    as Django writes them) on the narrow copy."""
    connection = connections[using]
    conditions, params = ["status = ANY(%s)"], [list(statuses)]
    for word in words:
        few = _few(word, connection, known)
        if few == []:
            return 0
        if few is not None:  # the same accounts as the LIKE
            conditions.append("id = ANY(%s)")
            params.append(few)
            continue
        condition, more = _copy_condition(word, connection)
        conditions.append(condition)
        params += more
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {WORDS} WHERE {' AND '.join(conditions)}", params)
        return cursor.fetchone()[0]


def matching(queryset, text, known=None):
    """The accounts with every word of `text` (up to ten) in their words or department's name,
    ignoring case. `known`: as for count(), the same dict for both."""
    words = _words(text)
    if connections[queryset.db].vendor == "sqlite":
        try:
            return _in_index(queryset, words, known)
        except OperationalError:  # code newer than the database: install() has not run yet
            log.warning("The registry's text index is of an older version; run migrate.")
    return _scanned(queryset, words, known)


def _in_index(queryset, words, known):
    phrases, short, long = [], [], []
    for word in words:
        looked_up = _looked_up(word, queryset.db, known)
        if looked_up:
            phrases.append(looked_up)
            long.append(word)
        else:
            short.append(word)
    queryset = _scanned(queryset, short, known)
    if phrases:
        # All the words in one query of the index, which intersects their matches itself: one
        # set of rowids for SQLite to build and check against, where a condition per word
        # built one per word (two common words at 50 000 accounts: p50 41 ms, now 24-30).
        query = _all_of(phrases)
        common, share = _glance(queryset.db, query)  # at most COMMON matches read
        if common:
            queryset = queryset.filter(CheckedInTextIndex(query, long, share))
        else:
            queryset = queryset.filter(InTextIndex(F("pk"), query))
    return queryset


def _scanned(queryset, words, known=None):
    connection = connections[queryset.db]
    for word in words:
        few = _few(word, connection, known)
        if few is not None:
            # The same accounts as the LIKE below, found through an index (or one read that
            # stops early) instead of a walk that reads every account to find the few.
            queryset = queryset.filter(pk__in=few)
            continue
        condition = Q(search_text__contains=word) | Q(department_sort__icontains=word)
        for capitals in _capitals(word, connection):
            condition |= Q(department_sort__contains=capitals)
        queryset = queryset.filter(condition)
    return queryset


def _few(word, connection, known):
    if connection.vendor == "postgresql" and len(word) == 2:
        return _few_with_pair(word, connection.alias, known)
    if len(word) == 1:
        return _few_with_letter(word, connection.alias, known)
    return None
