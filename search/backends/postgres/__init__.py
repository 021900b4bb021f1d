"""The scale-out engine: search documents in PostgreSQL, beside the content they describe.

Every application server sees the same index at once, backups and replicas carry it, and an
index update is part of the save's own transaction (`transactional`), so no server ever shows a
stale result. Stems come from the project's Swedish analysis in Python and are stored as a
weighted tsvector (title A, tags B, text D) with a GIN index. The vocabulary table knows each
word's spelling without diacritics and how many documents have it: a word typed without å/ä/ö
finds its forms with them, words are weighted by rarity and "Menade du …?" looks for the index's
own words by trigrams (pg_trgm) without counting matches. The tables are in `schema.py`; the
same Results as the Whoosh engine come back, with snippets marked by the shared code in
`backends/text.py`.
"""

import hashlib
import math
import time
from collections import Counter

from django.core.cache import cache
from django.db import connections as databases
from django.db import transaction
from haystack.backends import BaseEngine
from haystack.utils import get_identifier

from ...results import Hit, Results
from .. import PortalBackend, UnsupportedQuery
from ..analysis import PARTS, SWEDISH, fold
from ..catchup import catch_up
from ..documents import document
from ..text import (
    ACCENT_WEIGHT,
    COMPOUND_MAX_DOCUMENTS,
    EXACT_TITLE_ROOM,
    FEW_RESULTS,
    WORD,
    allowed_edits,
    edit_distance,
    parse,
    respelt,
    snippet,
    stem_of,
    title_key,
)

CHUNK = 500
SUMMARY_CACHE_SECONDS = 600
# ts_rank's weights for D, C, B, A: text 1, compounds' parts 0.5, tags 2, title 3, as the
# Whoosh engine boosts them (text.PART_BOOST, TAG_BOOST, TITLE_BOOST).
WEIGHTS = "{0.1, 0.05, 0.2, 0.3}"
MAX_POSITION, MAX_POSITIONS = 16383, 255  # PostgreSQL's limits for a tsvector
FIELD_GAP = 50  # positions between title, tags and text, so a phrase never spans two of them
COLUMNS = "id, kind, title, url, section, summary, body"
# A document's own words (title, tags, text), not the parts of its compounds (weight C): what
# the vocabulary counts, as the Whoosh engine counts its text field's words.
OWN_WORDS = "ARRAY(SELECT w.lexeme FROM unnest(stems) AS w WHERE w.weights && '{A,B,D}')"
SEPARATOR = "\x1f"  # between a facet's name and its value in the facets column


def _lexeme(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def vector(title, tags, text):
    """A weighted tsvector literal from Python's analysis (title A, tags B, text D, and the
    parts of the title's and text's compounds C), its lexemes, and its length normalisation
    as ts_rank's flag 1 works it out: 1 / log2(words + 1), compounds' parts not counted."""
    positions, at, length = {}, 1, 0
    chunks = ((title, "A", SWEDISH), (" ".join(tags), "B", SWEDISH), (text, "D", SWEDISH),
              (f"{title}\n{text}", "C", PARTS))  # fmt: skip
    for chunk, weight, analyzer in chunks:
        for token in analyzer(chunk or ""):
            places = positions.setdefault(token.text, [])
            if len(places) < MAX_POSITIONS:
                places.append(f"{min(at, MAX_POSITION)}{weight}")
                length += weight != "C"
            at += 1
        at += FIELD_GAP  # and the parts after everything else: never inside a phrase
    literal = " ".join(f"{_lexeme(lex)}:{','.join(places)}" for lex, places in positions.items())
    own = {lex for lex, places in positions.items() if any(p[-1] != "C" for p in places)}
    return literal, (1 / math.log2(length + 1) if length else 1.0), own


def _row(index, obj):
    doc = document(index, obj)
    tags = doc["facets"].get("tags", [])  # tags weigh as much here as in the Whoosh engine
    stems, norm, terms = vector(doc["title"], tags, doc["text"])
    return {
        "id": doc["id"], "django_ct": doc["django_ct"], "kind": doc.get("kind", ""),
        "title": doc["title"], "title_key": doc.get("title_key", ""), "body": doc["text"],
        "facets": [f"{name}{SEPARATOR}{value}" for name, values in doc["facets"].items()
                   for value in values],
        "section": doc.get("section", ""),
        "summary": doc.get("summary", ""), "url": doc.get("url", ""), "stems": stems, "norm": norm,
        "terms": terms,
    }  # fmt: skip


UPSERT = """
INSERT INTO portal_search_document (id, django_ct, kind, title, title_key, body, facets,
    section, summary, url, stems, norm)
VALUES (%(id)s, %(django_ct)s, %(kind)s, %(title)s, %(title_key)s, %(body)s, %(facets)s,
    %(section)s, %(summary)s, %(url)s, %(stems)s::tsvector, %(norm)s)
ON CONFLICT (id) DO UPDATE SET django_ct = EXCLUDED.django_ct, kind = EXCLUDED.kind,
    title = EXCLUDED.title, title_key = EXCLUDED.title_key, body = EXCLUDED.body,
    facets = EXCLUDED.facets, section = EXCLUDED.section,
    summary = EXCLUDED.summary, url = EXCLUDED.url, stems = EXCLUDED.stems, norm = EXCLUDED.norm
"""
# Terms in a fixed order, so two saves that share words lock their rows in the same order.
COUNT_TERMS = """
INSERT INTO portal_search_term (term, folded, documents)
SELECT * FROM unnest(%s::text[], %s::text[], %s::int[])
ON CONFLICT (term) DO UPDATE
SET documents = greatest(0, portal_search_term.documents + EXCLUDED.documents)
"""


def _count_terms(cursor, change):
    """Add documents gained and lost per term to the vocabulary's counts."""
    items = sorted((term, n) for term, n in change.items() if n)
    if items:
        terms = [term for term, _n in items]
        cursor.execute(COUNT_TERMS, [terms, [fold(term) for term in terms], [n for _t, n in items]])


PRUNE_EVERY = 500  # changes between two foldings of the change log into its counter


def _changed(cursor):
    """Note that this transaction changed the index: the version moves on when it commits.
    Now and then the change log's finished rows are folded into a counter, which keeps the
    version (pruned + rows) as it was."""
    cursor.execute("INSERT INTO portal_search_change DEFAULT VALUES ON CONFLICT (tx) DO NOTHING "
                   "RETURNING id")  # fmt: skip
    row = cursor.fetchone()
    if row and row[0] % PRUNE_EVERY == 0:
        cursor.execute("""WITH gone AS (DELETE FROM portal_search_change
                              WHERE tx < pg_snapshot_xmin(pg_current_snapshot()) RETURNING 1)
                          UPDATE portal_search_changes_pruned
                          SET n = n + (SELECT count(*) FROM gone)""")  # fmt: skip


def _version(cursor):
    """The index's version as this statement sees it: how many transactions that changed it
    have committed (whatever order they committed in), and the newest change's number (which
    a rolled-back transaction never hands out twice). It cannot stay the same across a commit
    that changed the index, so a summary cached under it is never stale. None while this very
    transaction has changed the index: what it sees is not yet anybody else's truth."""
    cursor.execute("""SELECT (SELECT n FROM portal_search_changes_pruned) + count(*), max(id),
                             bool_or(tx = pg_current_xact_id_if_assigned())
                      FROM portal_search_change""")  # fmt: skip
    committed, newest, own = cursor.fetchone()
    return None if own else (committed, newest)


def _forget(cursor, where, params):
    """Delete documents and take their words off the vocabulary's counts."""
    cursor.execute(f"DELETE FROM portal_search_document WHERE {where} "
                   f"RETURNING {OWN_WORDS}", params)  # fmt: skip
    change = Counter()
    for (words,) in cursor.fetchall():
        change.subtract(words)
    _count_terms(cursor, change)
    _changed(cursor)


def _documents(cursor):
    """How many documents the index has, as the planner's statistics say (kept fresh by
    autovacuum and by rebuild): counting 10 000 rows costs a query 5 ms, and the rarity of a
    word needs no exact total. A table never analysed (small) is counted instead, in the same
    query: the subquery runs only when its branch is taken, and a search costs as many queries
    whether autovacuum has got round to the table or not."""
    cursor.execute("""SELECT CASE WHEN reltuples > 0 THEN reltuples
                                  ELSE (SELECT count(*) FROM portal_search_document) END
                      FROM pg_class WHERE oid = 'portal_search_document'::regclass""")  # fmt: skip
    return cursor.fetchone()[0]


def _idf(total, frequency):
    """Inverse document frequency as BM25 weighs it."""
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


class _Query:
    """The reader's words as SQL. Each part matches as any of its alternatives (the words as
    typed, an editor's synonyms, a compound's parts: see text.parse), each alternative when
    all its groups do; a single word also as the index's words that differ from it only in
    diacritics, ranked at ACCENT_WEIGHT. `condition("AND")` needs every part, "OR" any."""

    def __init__(self, parsed, cursor):
        stems = sorted({
            stem for part in parsed.parts for alternative in part.alternatives
            for group in alternative.groups for option in group for stem in option
        })  # fmt: skip
        plain = [stem for stem in stems if fold(stem) == stem]
        cursor.execute("SELECT term, folded, documents FROM portal_search_term "
                       "WHERE term = ANY(%s) OR folded = ANY(%s)", [stems, plain])  # fmt: skip
        self.frequency, self.variants = {}, {}
        for term, folded, documents in cursor.fetchall():
            self.frequency[term] = documents
            if folded != term and documents:
                self.variants.setdefault(folded, []).append(term)
        self.parts = []  # per part: (its tsquery, [(tsquery, weight, documents)] to rank by)
        for part in parsed.parts:
            matches, ranks = [], []
            for alternative in part.alternatives:
                typed = max(self.frequency.get(stem, 0) for stem in part.stems)
                if alternative.compound and typed >= COMPOUND_MAX_DOCUMENTS:
                    continue  # the word's own pages fill the top
                groups = []
                for group in alternative.groups:
                    query, group_ranks = self._group(group, alternative.weight)
                    groups.append(query)
                    ranks += group_ranks
                matches.append(" & ".join(f"({query})" for query in groups))
            self.parts.append((" | ".join(f"({match})" for match in matches), ranks))
        ranked = sum(len(ranks) for _match, ranks in self.parts)
        self.total = None  # one word's rarity would scale every score alike: no need to count
        if ranked > 1:
            self.total = _documents(cursor)

    def _group(self, options, weight):
        """A group's tsquery (any of its options), and its terms to rank by: the options as
        written, and the words with diacritics for a word typed without."""
        written, written_documents, others = [], 0, []
        for option in options:
            if len(option) > 1:
                written.append(" <-> ".join(_lexeme(stem) for stem in option))
                documents = min(self.frequency.get(stem, 0) for stem in option)
            else:
                documents = self.frequency.get(option[0], 0)
                # A common word matches its own occurrences only, not the parts of compounds
                # (weight C), as in the Whoosh engine: its own pages fill the top.
                restrict = ":ABD" if documents >= COMPOUND_MAX_DOCUMENTS else ""
                written.append(_lexeme(option[0]) + restrict)
                if fold(option[0]) == option[0]:
                    others += sorted(self.variants.get(option[0], []))
            written_documents = max(written_documents, documents)
        written_query = " | ".join(f"({query})" for query in written)
        ranks = [(written_query, weight, written_documents)]
        if not others:
            return written_query, ranks
        others_query = " | ".join(_lexeme(other) for other in others)
        others_documents = max(self.frequency[other] for other in others)
        ranks.append((others_query, weight * ACCENT_WEIGHT, others_documents))
        return f"{written_query} | {others_query}", ranks

    def condition(self, joiner):
        clauses, params = [], []
        for match, _ranks in self.parts:
            clauses.append("stems @@ %s::tsquery")
            params.append(match)
        return "(" + f" {joiner} ".join(clauses) + ")", params

    def rank(self):
        """Each alternative's ts_rank weighted by how rare its words are (inverse document
        frequency, as BM25 does): without it, a page that says "konto" often outranks the one
        page about "kapat" for "kontot har kapats". Lengths are normalised as ts_rank's flag 1
        does, by the stored `norm`."""
        terms, params = [], []
        for _match, ranks in self.parts:
            # Another form of the reader's words (a synonym, a compound's parts, å/ä/ö) never
            # weighs more than the words as typed, however rare it is.
            typed = ranks[0][2]
            for tsquery, weight, documents in ranks:
                # A word the vocabulary has no document for may still be a compound's part.
                idf = _idf(self.total, max(documents, typed, 1)) if self.total else 1
                terms.append(f"{weight * idf:.6f} * ts_rank('{WEIGHTS}', stems, %s::tsquery, 0)")
                params.append(tsquery)
        return (f"norm * ({' + '.join(terms)})" if terms else "0"), params


def _filters(kind="", chosen=None):
    """SQL for the chosen kind and facet values (facet name -> value)."""
    clauses, params = [], []
    if kind:
        clauses.append("kind = %s")
        params.append(kind)
    for name, value in (chosen or {}).items():
        if value:
            clauses.append("%s = ANY(facets)")
            params.append(f"{name}{SEPARATOR}{value}")
    return clauses, params


def _sorted_counts(pairs):
    return sorted(((value, count) for value, count in pairs),
                  key=lambda item: (-item[1], item[0].casefold()))  # fmt: skip


class PostgresSearchBackend(PortalBackend):
    # Index writes belong to the save's transaction: the signal processor runs them at once.
    transactional = True

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.database = connection_options.get("DATABASE", "default")

    def cursor(self):
        return databases[self.database].cursor()

    # Writing ------------------------------------------------------------------------------------

    def update(self, index, iterable, commit=True):
        rows = [_row(index, obj) for obj in iterable]
        if not rows:
            return
        with transaction.atomic(using=self.database), self.cursor() as cursor:
            # The words the stored versions had, locked until this transaction ends: the
            # vocabulary counts each word's documents from the difference.
            cursor.execute(f"SELECT {OWN_WORDS} FROM portal_search_document "
                           "WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                           [sorted(row["id"] for row in rows)])  # fmt: skip
            change = Counter()
            for (words,) in cursor.fetchall():
                change.subtract(words)
            for row in rows:
                change.update(row.pop("terms"))
            cursor.executemany(UPSERT, rows)
            _count_terms(cursor, change)
            _changed(cursor)

    def remove(self, obj_or_string, commit=True):
        with transaction.atomic(using=self.database), self.cursor() as cursor:
            _forget(cursor, "id = %s", [get_identifier(obj_or_string)])

    def sync(self, index, pks):
        """Make the index agree with the database about these objects, in this transaction."""
        model = index.get_model()
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        fresh = list(index.index_queryset(using=self.connection_alias).filter(pk__in=pks))
        self.update(index, fresh)
        gone = [f"{label}.{pk}" for pk in set(pks) - {obj.pk for obj in fresh}]
        if gone:
            with transaction.atomic(using=self.database), self.cursor() as cursor:
                _forget(cursor, "id = ANY(%s)", [gone])

    def clear(self, models=None, commit=True):
        with transaction.atomic(using=self.database), self.cursor() as cursor:
            if not models:
                cursor.execute("DELETE FROM portal_search_document")
                cursor.execute("UPDATE portal_search_term SET documents = 0 WHERE documents <> 0")
                _changed(cursor)
                return
            labels = [f"{m._meta.app_label}.{m._meta.model_name}" for m in models]
            _forget(cursor, "django_ct = ANY(%s)", [labels])

    def rebuild(self, report=lambda message: None):
        """Everything indexed anew in one transaction: until it commits, every other
        connection keeps searching the old documents."""
        from haystack import connections

        indexes = connections[self.connection_alias].get_unified_index().get_indexes().values()
        total = 0
        with transaction.atomic(using=self.database):
            self.clear()
            for index in indexes:
                queryset = index.build_queryset(using=self.connection_alias).order_by("pk")
                count, label = queryset.count(), index.get_model()._meta.verbose_name_plural
                clock, batch, done = time.monotonic(), [], 0
                report(f"{label}: 0/{count}")
                for obj in queryset.iterator(chunk_size=CHUNK):
                    batch.append(obj)
                    if len(batch) == CHUNK:
                        self.update(index, batch)
                        done, batch = done + len(batch), []
                        rate = done / max(time.monotonic() - clock, 1e-6)
                        report(f"{label}: {done}/{count} ({done * 100 // max(count, 1)} %, "
                               f"{rate:.0f}/s)")  # fmt: skip
                self.update(index, batch)
                done += len(batch)
                rate = done / max(time.monotonic() - clock, 1e-6)
                report(f"{label}: {done}/{count} ({done * 100 // max(count, 1)} %, {rate:.0f}/s)")
                total += done
        with self.cursor() as cursor:
            # Fresh statistics, or the planner may scan every vector instead of the GIN index.
            cursor.execute("ANALYZE portal_search_document")
        report(f"Done: {total} documents, 0 updated afterwards.")
        return total

    def health(self):
        """Raises unless the search tables can be read."""
        with self.cursor() as cursor:
            cursor.execute("SELECT 1 FROM portal_search_document LIMIT 1")

    def indexed_ids(self):
        with self.cursor() as cursor:
            cursor.execute("SELECT id FROM portal_search_document")
            return {row[0] for row in cursor.fetchall()}

    def catch_up(self, report=lambda message: None):
        """After a start. Every write is in its save's transaction, so the index cannot miss
        a save that committed; only documents the index and database disagree on are synced
        (an object published by a change that bypassed the signals, say)."""
        from haystack import connections

        indexes = connections[self.connection_alias].get_unified_index().get_indexes().values()
        return catch_up(self, indexes)

    def stored_documents(self):
        """{id: {"title", "text"}} of every document: for checks that the index is whole."""
        with self.cursor() as cursor:
            cursor.execute("SELECT id, title, body FROM portal_search_document")
            return {row[0]: {"title": row[1], "text": row[2]} for row in cursor.fetchall()}

    # Reading ------------------------------------------------------------------------------------

    def find(self, text, kind="", filters=None, page=1, per_page=10, pinned=(), synonyms=None):
        """Results for one page; `pinned` are document ids an editor put first for this query,
        `synonyms` as text.parse takes them."""
        results = Results(query=text, page=page)
        parsed = parse(text, synonyms)
        if not parsed.parts:
            results.only_common_words = bool(text.strip())
            return results
        chosen = filters or {}
        narrow, narrow_params = _filters(chosen=chosen)
        filters, filter_params = _filters(kind, chosen)
        # Enough ranked documents for this page even if pinned and exact-title ones go first.
        limit = max(page, 1) * per_page + len(pinned) + EXACT_TITLE_ROOM
        with transaction.atomic(using=self.database), self.cursor() as cursor:
            version = _version(cursor)  # read first: what follows is at least this new
            # The planner prices `@@` as cheap and, on a small or common-word table, scans every
            # row, reading each vector; the GIN index reads only the matches. Plans priced that
            # way would look expensive enough to compile (JIT), which costs 60 ms a query.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
            query = _Query(parsed, cursor)
            where, params = query.condition("AND")
            summary = self._summary(cursor, version, query, where, params, narrow,
                                    narrow_params, kind, text, limit)  # fmt: skip
            if not sum(summary["kinds"].values()) and len(query.parts) > 1:
                loose, loose_params = query.condition("OR")
                relaxed = self._summary(cursor, version, query, loose, loose_params, narrow,
                                        narrow_params, kind, text, limit)  # fmt: skip
                if sum(relaxed["kinds"].values()):
                    where, params, summary, results.any_word = loose, loose_params, relaxed, True
            results.kinds = Counter(summary["kinds"])
            results.facets = summary["facets"]
            pinned_ids = self._pinned(cursor, pinned, filters, filter_params)
            exact_ids = [i for i in summary["exact"] if i not in pinned_ids][:EXACT_TITLE_ROOM]
            head = pinned_ids + exact_ids
            outside = self._count(cursor, "id = ANY(%s)", [pinned_ids], ["NOT " + where],
                                  params) if pinned_ids else 0  # fmt: skip
            results.total = summary["matched"] + outside
            last_page = max(1, -(-results.total // per_page))
            results.page = min(max(page, 1), last_page)
            start, end = (results.page - 1) * per_page, results.page * per_page
            order = head + [i for i in summary["ranked"] if i not in head]
            shown = order[start:end]
            rows = {row[0]: row for row in self._rows(cursor, shown)}
            results.hits = [
                self._hit(rows[i], parsed, i in pinned_ids, i in exact_ids)
                for i in shown
                if i in rows
            ]
            if results.total < FEW_RESULTS or results.any_word:
                strict = 0 if results.any_word else results.total
                key = "portal-search-suggestion:" + hashlib.sha256(
                    repr((self.database, version, parsed.words, narrow_params, strict)).encode()
                ).hexdigest()  # fmt: skip
                suggestion = cache.get(key) if version else None
                if suggestion is None:
                    suggestion = self._suggest(cursor, parsed, narrow, narrow_params, strict)
                    if version:
                        cache.set(key, suggestion, SUMMARY_CACHE_SECONDS)
                results.suggestion = suggestion
        return results

    def _summary(self, cursor, version, query, where, params, narrow, narrow_params, kind, text,
                 limit):  # fmt: skip
        """Counts per kind, the matches of the chosen kind, their facet values, the exact title
        matches and the best `limit` of them by rank: one pass over the matches, in one query
        (each match's row is read once to rank it). The answer is cached under the index's
        version: a common word's thousands of matches are read once per change, not once per
        search, on every application server alike."""
        sql, values = self._where(where, params, narrow, narrow_params)
        of_kind = "kind = %s" if kind else "true"
        kind_params = [kind] if kind else []
        rank, rank_params = query.rank()
        sql = f"""WITH m AS MATERIALIZED (
                SELECT id, kind, facets, title_key,
                       CASE WHEN {of_kind} THEN {rank} END AS score
                FROM portal_search_document WHERE {sql}),
              k AS {"MATERIALIZED (SELECT * FROM m WHERE kind = %s)" if kind else "(TABLE m)"}
            SELECT
              (SELECT coalesce(json_object_agg(kind, n), '{{}}') FROM
                 (SELECT kind, count(*) AS n FROM m GROUP BY kind) AS kinds),
              (SELECT count(*) FROM k),
              (SELECT coalesce(array_agg(v || %s || n), '{{}}') FROM
                 (SELECT v, count(*) AS n FROM k, unnest(k.facets) AS v GROUP BY v)
                 AS facet_values),
              (SELECT coalesce(array_agg(id ORDER BY id), '{{}}') FROM
                 (SELECT id FROM k WHERE title_key = %s ORDER BY id LIMIT %s) AS exact),
              (SELECT coalesce(array_agg(id ORDER BY score DESC, id), '{{}}') FROM
                 (SELECT id, score FROM k ORDER BY score DESC, id LIMIT %s) AS top)"""
        sql_params = [*kind_params, *rank_params, *values, *kind_params, SEPARATOR,
                      title_key(text), EXACT_TITLE_ROOM * 2, limit]  # fmt: skip
        key = "portal-search:" + hashlib.sha256(
            repr((self.database, version, sql, sql_params)).encode()
        ).hexdigest()  # fmt: skip
        cached = cache.get(key) if version else None
        if cached is not None:
            return cached
        cursor.execute(sql, sql_params)
        kinds, matched, values, exact, ranked = cursor.fetchone()
        counted = {}
        for entry in values:
            name, value, count = entry.split(SEPARATOR)
            counted.setdefault(name, []).append((value, int(count)))
        facets = {name: _sorted_counts(pairs) for name, pairs in counted.items()}
        summary = {"kinds": kinds, "matched": matched, "facets": facets, "exact": list(exact),
                   "ranked": list(ranked)}  # fmt: skip
        if version:
            cache.set(key, summary, SUMMARY_CACHE_SECONDS)
        return summary

    def _where(self, where, params, filters, filter_params):
        clauses = [where, *filters]
        return " AND ".join(clauses), [*params, *filter_params]

    def _count(self, cursor, where, params, filters, filter_params):
        sql, values = self._where(where, params, filters, filter_params)
        cursor.execute(f"SELECT count(*) FROM portal_search_document WHERE {sql}", values)
        return cursor.fetchone()[0]

    def _pinned(self, cursor, identifiers, filters, filter_params):
        """The pinned documents still in the index and within the chosen filters."""
        if not identifiers:
            return []
        sql, values = self._where("id = ANY(%s)", [list(identifiers)], filters, filter_params)
        cursor.execute(f"SELECT id FROM portal_search_document WHERE {sql}", values)
        present = {row[0] for row in cursor.fetchall()}
        return list(dict.fromkeys(i for i in identifiers if i in present))

    def _rows(self, cursor, identifiers):
        if not identifiers:
            return []
        cursor.execute(f"SELECT {COLUMNS} FROM portal_search_document WHERE id = ANY(%s)",
                       [list(identifiers)])  # fmt: skip
        return cursor.fetchall()

    def _hit(self, row, parsed, pinned, exact):
        identifier, kind, title, url, section, summary, body = row
        return Hit(identifier=identifier, title=title, url=url, section=section, kind=kind,
                   snippet=snippet(body, parsed.highlight_terms, summary), pinned=pinned,
                   exact=exact)  # fmt: skip

    def _suggest(self, cursor, parsed, filters, filter_params, total):
        """A respelling from the index's own words that finds more than the query did."""
        changed, words = False, []
        for word in parsed.words:
            stem = stem_of(word)
            if len(word) > 3 and stem and not self._frequency(cursor, stem):
                found = self._closest(cursor, stem, allowed_edits(word))
                if found:
                    form = respelt(word, stem, found) or self._written_form(cursor, found, word)
                    if edit_distance(form, word) > allowed_edits(word):
                        return ""  # nothing the reader could have meant: better no suggestion
                    word, changed = form, True
            words.append(word)
        if not changed:
            return ""
        suggestion = " ".join(words)
        parsed_suggestion = parse(suggestion)
        if not parsed_suggestion.parts:
            return ""
        where, params = _Query(parsed_suggestion, cursor).condition("AND")
        if self._count(cursor, where, params, filters, filter_params) <= total:
            return ""
        return suggestion

    def _frequency(self, cursor, stem):
        cursor.execute("SELECT documents FROM portal_search_term WHERE term = %s", [stem])
        row = cursor.fetchone()
        return row[0] if row else 0

    def _closest(self, cursor, stem, maxdist=2):
        """The index's most common word nearest in spelling (Damerau-Levenshtein ≤ 2, same first
        letter), among those trigrams find and some document still has."""
        cursor.execute("SELECT term, documents FROM portal_search_term WHERE term %% %s "
                       "AND left(term, 1) = left(%s, 1) AND term <> %s AND documents > 0 "
                       "ORDER BY similarity(term, %s) DESC LIMIT 20",
                       [stem, stem, stem, stem])  # fmt: skip
        scored = [(edit_distance(term, stem), -documents, term)
                  for term, documents in cursor.fetchall()]  # fmt: skip
        scored = [item for item in scored if item[0] <= maxdist]
        return min(scored)[2] if scored else None

    def _written_form(self, cursor, stem, typed):
        """A word as written in a document for a stem ("sid" -> "sidan"), nearest to what was
        typed: the index holds stems, and a suggestion should be a word."""
        cursor.execute("SELECT body FROM portal_search_document WHERE stems @@ %s::tsquery "
                       "ORDER BY id LIMIT 1", [_lexeme(stem)])  # fmt: skip
        row = cursor.fetchone()
        if row is None:
            return stem
        forms = {found.group().lower() for found in WORD.finditer(row[0])
                 if stem_of(found.group().lower()) == stem}  # fmt: skip
        return min(forms, key=lambda form: (edit_distance(form, typed), form)) if forms else stem


class PostgresSearchEngine(BaseEngine):
    backend = PostgresSearchBackend
    query = UnsupportedQuery
