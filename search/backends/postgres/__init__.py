"""The scale-out engine: search documents in PostgreSQL, beside the content they describe.

Every application server sees the same index at once, backups and replicas carry it, and an
index update is part of the save's own transaction (`transactional`), so no server ever shows a
stale result. Stems come from the project's Swedish analysis in Python and are stored as
weighted tsvectors (title A, tags B, text D) with a GIN index; a second vector of folded stems
lets a word typed without å/ä/ö find its forms with them. "Menade du …?" looks for the index's
own words by trigrams (pg_trgm). The tables are in `schema.py`; the same Results as the Whoosh
engine come back, with snippets marked by the shared code in `backends/text.py`.
"""

import math
import time
from collections import Counter

from django.db import connections as databases
from django.db import transaction
from haystack.backends import BaseEngine
from haystack.utils import get_identifier

from ...results import Hit, Results
from .. import PortalBackend, UnsupportedQuery
from ..analysis import FOLDED, SWEDISH, fold
from ..documents import document
from ..text import (
    ACCENT_WEIGHT,
    EXACT_TITLE_ROOM,
    FEW_RESULTS,
    WORD,
    edit_distance,
    parse,
    snippet,
    stem_of,
    title_key,
)

CHUNK = 500
# ts_rank's weights for D, C, B, A: text 1, tags 2, title 3, as the Whoosh engine boosts them.
WEIGHTS = "{0.1, 0.1, 0.2, 0.3}"
MAX_POSITION, MAX_POSITIONS = 16383, 255  # PostgreSQL's limits for a tsvector
FIELD_GAP = 50  # positions between title, tags and text, so a phrase never spans two of them
COLUMNS = "id, kind, title, url, section, summary, body"
SEPARATOR = "\x1f"  # between a facet's name and its value in the facets column


def _lexeme(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def vector(analyzer, title, tags, text):
    """A weighted tsvector literal from Python's analysis: title A, tags B, text D."""
    positions, at = {}, 1
    for chunk, weight in ((title, "A"), (" ".join(tags), "B"), (text, "D")):
        for token in analyzer(chunk or ""):
            places = positions.setdefault(token.text, [])
            if len(places) < MAX_POSITIONS:
                places.append(f"{min(at, MAX_POSITION)}{weight}")
            at += 1
        at += FIELD_GAP
    return " ".join(f"{_lexeme(lex)}:{','.join(places)}" for lex, places in positions.items())


def _row(index, obj):
    doc = document(index, obj)
    tags = doc["facets"].get("tags", [])  # tags weigh as much here as in the Whoosh engine
    stems = vector(SWEDISH, doc["title"], tags, doc["text"])
    return {
        "id": doc["id"], "django_ct": doc["django_ct"], "kind": doc.get("kind", ""),
        "title": doc["title"], "title_key": doc.get("title_key", ""), "body": doc["text"],
        "facets": [f"{name}{SEPARATOR}{value}" for name, values in doc["facets"].items()
                   for value in values],
        "section": doc.get("section", ""),
        "summary": doc.get("summary", ""), "url": doc.get("url", ""), "stems": stems,
        "folded": vector(FOLDED, doc["title"], tags, doc["text"]),
        "terms": {token.text for chunk in (doc["title"], *tags, doc["text"])
                  for token in SWEDISH(chunk or "")},
    }  # fmt: skip


UPSERT = """
INSERT INTO portal_search_document (id, django_ct, kind, title, title_key, body, facets,
    section, summary, url, stems, folded)
VALUES (%(id)s, %(django_ct)s, %(kind)s, %(title)s, %(title_key)s, %(body)s, %(facets)s,
    %(section)s, %(summary)s, %(url)s, %(stems)s::tsvector, %(folded)s::tsvector)
ON CONFLICT (id) DO UPDATE SET django_ct = EXCLUDED.django_ct, kind = EXCLUDED.kind,
    title = EXCLUDED.title, title_key = EXCLUDED.title_key, body = EXCLUDED.body,
    facets = EXCLUDED.facets, section = EXCLUDED.section,
    summary = EXCLUDED.summary, url = EXCLUDED.url, stems = EXCLUDED.stems,
    folded = EXCLUDED.folded
"""
VOCABULARY = """
INSERT INTO portal_search_term (term, folded) SELECT * FROM unnest(%s::text[], %s::text[])
ON CONFLICT DO NOTHING
"""


class _Query:
    """The reader's words as SQL: each part matches the stems, or (typed without å/ä/ö, when
    the index has forms with them) the folded stems, a superset; `strict` needs every part,
    `loose` any of them."""

    def __init__(self, parsed, cursor):
        self.parts = []
        for stems, _typed in parsed.parts:
            exact = " <-> ".join(_lexeme(stem) for stem in stems)
            single = len(stems) == 1 and fold(stems[0]) == stems[0]
            folded = _lexeme(stems[0]) if single and _has_variants(cursor, stems[0]) else None
            self.parts.append((exact, folded))

    def condition(self, joiner):
        clauses, params = [], []
        for exact, folded in self.parts:
            # Every document with the stem also has it folded: one index scan serves both.
            clauses.append("folded @@ %s::tsquery" if folded else "stems @@ %s::tsquery")
            params.append(folded or exact)
        return "(" + f" {joiner} ".join(clauses) + ")", params

    def rank(self, cursor):
        """Each part's ts_rank weighted by how rare its word is (inverse document frequency, as
        BM25 does): without it, a page that says "konto" often outranks the one page about
        "kapat" for "kontot har kapats". Lengths are normalised (ts_rank's flag 1)."""
        if len(self.parts) == 1:
            # One word: its rarity scales every score alike, so the order needs no counting.
            total, frequencies = 1, [0]
        else:
            total, frequencies = _frequencies(cursor, [exact for exact, _folded in self.parts])
        terms, params = [], []
        for (exact, folded), frequency in zip(self.parts, frequencies, strict=True):
            idf = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
            terms.append(f"{idf:.6f} * ts_rank('{WEIGHTS}', stems, %s::tsquery, 1)")
            params.append(exact)
            if folded:
                terms.append(f"{idf * ACCENT_WEIGHT:.6f} * ts_rank('{WEIGHTS}', folded, "
                             f"%s::tsquery, 1)")  # fmt: skip
                params.append(folded)
        return " + ".join(terms), params


def _has_variants(cursor, stem):
    """Whether the index has words that fold to an ASCII stem ("inlagg" → "inlägg"). The
    vocabulary only grows, so a word no longer in any document costs a little speed, never a
    result."""
    cursor.execute("SELECT exists(SELECT 1 FROM portal_search_term WHERE folded = %s AND "
                   "term <> %s)", [stem, stem])  # fmt: skip
    return cursor.fetchone()[0]


def _frequencies(cursor, parts):
    """(documents, documents per part), for weighting the words of a query by their rarity."""
    counts = ", ".join(
        "(SELECT count(*) FROM portal_search_document WHERE stems @@ %s::tsquery)" for _ in parts
    )
    cursor.execute(f"SELECT (SELECT count(*) FROM portal_search_document), {counts}", parts)
    total, *frequencies = cursor.fetchone()
    return total, frequencies


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
            cursor.executemany(UPSERT, rows)
            terms = sorted({term for row in rows for term in row.pop("terms")})
            cursor.execute(VOCABULARY, [terms, [fold(term) for term in terms]])

    def remove(self, obj_or_string, commit=True):
        with self.cursor() as cursor:
            cursor.execute(
                "DELETE FROM portal_search_document WHERE id = %s", [get_identifier(obj_or_string)]
            )

    def sync(self, index, pks):
        """Make the index agree with the database about these objects, in this transaction."""
        model = index.get_model()
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        fresh = list(index.index_queryset(using=self.connection_alias).filter(pk__in=pks))
        self.update(index, fresh)
        gone = [f"{label}.{pk}" for pk in set(pks) - {obj.pk for obj in fresh}]
        if gone:
            with self.cursor() as cursor:
                cursor.execute("DELETE FROM portal_search_document WHERE id = ANY(%s)", [gone])

    def clear(self, models=None, commit=True):
        with self.cursor() as cursor:
            if not models:
                cursor.execute("DELETE FROM portal_search_document")
                return
            labels = [f"{m._meta.app_label}.{m._meta.model_name}" for m in models]
            cursor.execute("DELETE FROM portal_search_document WHERE django_ct = ANY(%s)", [labels])

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

    def stored_documents(self):
        """{id: {"title", "text"}} of every document: for checks that the index is whole."""
        with self.cursor() as cursor:
            cursor.execute("SELECT id, title, body FROM portal_search_document")
            return {row[0]: {"title": row[1], "text": row[2]} for row in cursor.fetchall()}

    # Reading ------------------------------------------------------------------------------------

    def find(self, text, kind="", filters=None, page=1, per_page=10, pinned=()):
        """Results for one page; `pinned` are document ids an editor put first for this query."""
        results = Results(query=text, page=page)
        parsed = parse(text)
        if not parsed.parts:
            results.only_common_words = bool(text.strip())
            return results
        chosen = filters or {}
        narrow, narrow_params = _filters(chosen=chosen)
        filters, filter_params = _filters(kind, chosen)
        with transaction.atomic(using=self.database), self.cursor() as cursor:
            # The planner prices `@@` as cheap and, on a small or common-word table, scans every
            # row, reading each vector; the GIN index reads only the matches.
            cursor.execute("SET LOCAL enable_seqscan = off")
            query = _Query(parsed, cursor)
            where, params = query.condition("AND")
            summary = self._summary(cursor, where, params, narrow, narrow_params, kind, text)
            if not sum(summary["kinds"].values()) and len(query.parts) > 1:
                loose, loose_params = query.condition("OR")
                relaxed = self._summary(cursor, loose, loose_params, narrow, narrow_params, kind,
                                        text)  # fmt: skip
                if sum(relaxed["kinds"].values()):
                    where, params, summary, results.any_word = loose, loose_params, relaxed, True
            results.kinds = Counter(summary["kinds"])
            matched = summary["matched"]
            results.facets = summary["facets"]
            pinned_ids = self._pinned(cursor, pinned, filters, filter_params)
            exact_ids = [i for i in summary["exact"] if i not in pinned_ids][:EXACT_TITLE_ROOM]
            head = pinned_ids + exact_ids
            outside = self._count(cursor, "id = ANY(%s)", [pinned_ids], ["NOT " + where],
                                  params) if pinned_ids else 0  # fmt: skip
            results.total = matched + outside
            last_page = max(1, -(-results.total // per_page))
            results.page = min(max(page, 1), last_page)
            start, end = (results.page - 1) * per_page, results.page * per_page
            shown_head = head[start:end]
            rows = {row[0]: row for row in self._rows(cursor, shown_head)}
            order = [rows[identifier] for identifier in shown_head if identifier in rows]
            if len(order) < per_page:
                order += self._ranked(cursor, query, where, params, filters, filter_params, head,
                                      offset=max(0, start - len(head)),
                                      limit=per_page - len(order))  # fmt: skip
            results.hits = [
                self._hit(row, parsed, row[0] in pinned_ids, row[0] in exact_ids) for row in order
            ]
            if results.total < FEW_RESULTS or results.any_word:
                strict = 0 if results.any_word else results.total
                results.suggestion = self._suggest(cursor, parsed, narrow, narrow_params, strict)
        return results

    def _summary(self, cursor, where, params, narrow, narrow_params, kind, text):
        """Counts per kind, the matches of the chosen kind, their facet values, and the exact
        title matches: one pass over the matches, in one query."""
        sql, values = self._where(where, params, narrow, narrow_params)
        of_kind = "kind = %s" if kind else "true"
        kind_params = [kind] if kind else []
        cursor.execute(
            f"""WITH m AS MATERIALIZED (
                SELECT id, kind, facets, title_key FROM portal_search_document
                WHERE {sql}), k AS MATERIALIZED (SELECT * FROM m WHERE {of_kind})
            SELECT
              (SELECT coalesce(json_object_agg(kind, n), '{{}}') FROM
                 (SELECT kind, count(*) AS n FROM m GROUP BY kind) AS kinds),
              (SELECT count(*) FROM k),
              (SELECT coalesce(array_agg(v || %s || n), '{{}}') FROM
                 (SELECT v, count(*) AS n FROM k, unnest(k.facets) AS v GROUP BY v)
                 AS facet_values),
              (SELECT coalesce(array_agg(id ORDER BY id), '{{}}') FROM
                 (SELECT id FROM k WHERE title_key = %s ORDER BY id LIMIT %s) AS exact)""",
            [*values, *kind_params, SEPARATOR, title_key(text), EXACT_TITLE_ROOM * 2],
        )
        kinds, matched, values, exact = cursor.fetchone()
        counted = {}
        for entry in values:
            name, value, count = entry.split(SEPARATOR)
            counted.setdefault(name, []).append((value, int(count)))
        facets = {name: _sorted_counts(pairs) for name, pairs in counted.items()}
        return {"kinds": kinds, "matched": matched, "facets": facets,
                "exact": list(exact)}  # fmt: skip

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

    def _ranked(self, cursor, query, where, params, filters, filter_params, head, offset, limit):
        rank, rank_params = query.rank(cursor)
        sql, values = self._where(where, params, [*filters, "NOT id = ANY(%s)"],
                                  [*filter_params, list(head)])  # fmt: skip
        cursor.execute(f"SELECT {COLUMNS} FROM portal_search_document WHERE {sql} "
                       f"ORDER BY {rank} DESC, id OFFSET %s LIMIT %s",
                       [*values, *rank_params, offset, limit])  # fmt: skip
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
                found = self._closest(cursor, stem)
                if found:
                    word, changed = self._written_form(cursor, found, word), True
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
        cursor.execute("SELECT count(*) FROM portal_search_document WHERE stems @@ %s::tsquery",
                       [_lexeme(stem)])  # fmt: skip
        return cursor.fetchone()[0]

    def _closest(self, cursor, stem, maxdist=2):
        """The index's most common word nearest in spelling (Damerau-Levenshtein ≤ 2, same first
        letter), among those trigrams find."""
        cursor.execute("SELECT term FROM portal_search_term WHERE term %% %s AND left(term, 1) = "
                       "left(%s, 1) AND term <> %s ORDER BY similarity(term, %s) DESC LIMIT 20",
                       [stem, stem, stem, stem])  # fmt: skip
        candidates = [row[0] for row in cursor.fetchall()]
        candidates = [term for term in candidates if edit_distance(term, stem) <= maxdist]
        scored = [(edit_distance(term, stem), -self._frequency(cursor, term), term)
                  for term in candidates]  # fmt: skip
        scored = [item for item in scored if item[1] < 0]  # words still in some document
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
