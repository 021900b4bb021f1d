"""Running a search on the Whoosh index: one Swedish query over every kind of document.

Everything a results page shows comes from the index in one pass under the process's
long-lived searcher: the page of hits with snippets, facet counts, an exact title match offered
first, pinned results, and "Menade du …?". No database query is made here.
"""

import functools
import operator
from collections import Counter
from itertools import islice

from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.base import Automata
from whoosh.query import And, Or, Phrase, Term
from whoosh.support.levenshtein import distance

from ...results import Hit, Results
from ...results import facets as registered_facets
from ..analysis import fold
from ..text import (
    ACCENT_WEIGHT,
    COMPOUND_MAX_DOCUMENTS,
    EXACT_TITLE_ROOM,
    FEW_RESULTS,
    PART_BOOST,
    TAG_BOOST,
    TITLE_BOOST,
    WORD,
    allowed_edits,
    edit_distance,
    parse,
    respelt,
    snippet,
    stem_of,
    title_key,
)

TERM_CACHE_SIZE = 5_000  # terms whose documents a searcher keeps, and each segment (_segment_term)
RANKING_CACHE_SIZE = 1_000  # queries whose best documents a searcher keeps

# A set of documents is an int with bit n set for document number n (a "mask"). Counting the
# matches per facet value and joining the terms' documents are then a few big-int operations
# in C: at national size (55 000 documents) "konto" matches 25 000, and with frozensets the
# facet counts alone took 3.8 ms of a 7.6 ms search. A mask is as long as its highest
# document number, though, however few it holds (7 kB at national size), and each operation
# reads all of it: a set of fewer than SMALL documents (a rare term, one of thousands of tags)
# is kept as a Few, counted against the matches' bytes and made a mask only when a query
# joins it with others.
SMALL = 256


class Few:
    """A small set of documents: its members, and what counts them against a mask's bytes in
    C (itemgetter, map, filter), about as quick as intersecting two frozensets."""

    __slots__ = ("members", "_bytes_at", "_bits")

    def __init__(self, docnums):
        self.members = frozenset(docnums)
        at = [docnum >> 3 for docnum in self.members]
        bits = [1 << (docnum & 7) for docnum in self.members]
        at, bits = at + [0, 0], bits + [0, 0]  # two or more: itemgetter then gives a tuple
        self._bytes_at, self._bits = operator.itemgetter(*at), tuple(bits)

    def count_in(self, matched_bytes):
        return len(list(filter(None, map(operator.and_, self._bytes_at(matched_bytes),
                                          self._bits))))  # fmt: skip


def _kept(docnums):
    """A set of documents as the searcher's caches keep it: a mask, or a Few."""
    docnums = tuple(docnums)
    return _mask(docnums) if len(docnums) >= SMALL else Few(docnums)


def _as_mask(docs):
    return docs if isinstance(docs, int) else _mask(docs.members)


def _mask(docnums):
    docnums = list(docnums)
    if not docnums:
        return 0
    bits = bytearray((max(docnums) >> 3) + 1)
    for docnum in docnums:
        bits[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(bits, "little")


def _has(mask, docnum):
    return mask >> docnum & 1 == 1


def _members(mask):
    """The document numbers in a mask, in order (for the few a query asks for one by one)."""
    while mask:
        lowest = mask & -mask
        yield lowest.bit_length() - 1
        mask ^= lowest


def _counter(searcher, matched):
    """How many of a kept set's documents are in the mask `matched`."""
    matched_bytes = matched.to_bytes((searcher.reader().doc_count_all() >> 3) + 1, "little")

    def count(docs):
        if isinstance(docs, int):
            return (docs & matched).bit_count()
        return docs.count_in(matched_bytes)

    return count


def _contains(docs, docnum):
    return _has(docs, docnum) if isinstance(docs, int) else docnum in docs.members


def compile_query(parsed, searcher):
    """(every part must match, any part may match) as Whoosh queries."""
    variants = _accent_variants(searcher)
    clauses = []
    for part in parsed.parts:
        # A page tagged with the very words searched for is about them.
        options = [Term("tags", part.typed, boost=TAG_BOOST)]
        for alternative in part.alternatives:
            if alternative.compound and _documents(searcher, part.stems) >= COMPOUND_MAX_DOCUMENTS:
                continue
            if len(alternative.groups) == 1 and alternative.weight == 1:
                # The words as typed: their terms side by side in one Or, which Whoosh scores
                # with its shortcuts (nested, the same query took twice as long).
                options += _terms(alternative.groups[0], variants, searcher)
                continue
            groups = [_any(_terms(group, variants, searcher)) for group in alternative.groups]
            match = groups[0] if len(groups) == 1 else And(groups)
            options.append(match.with_boost(match.boost * alternative.weight))
        clauses.append(Or(options))
    if not clauses:
        return None, None
    if len(clauses) == 1:
        return clauses[0], None
    return And(clauses), Or(clauses)


def _documents(searcher, stems):
    """How many documents have a word, in their text or title."""
    reader = searcher.reader()
    return max(reader.doc_frequency(field, stem) for field in ("text", "title") for stem in stems)


def _any(terms):
    return terms[0] if len(terms) == 1 else Or(terms)


def _terms(options, variants, searcher):
    """The terms of one group of an alternative: any of its options (phrases of stems)."""
    terms = []
    for stems in options:
        if len(stems) > 1:
            terms += [Phrase("title", list(stems), boost=TITLE_BOOST), Phrase("text", list(stems))]
            continue
        stem = stems[0]
        terms += [Term("title", stem, boost=TITLE_BOOST), Term("text", stem)]
        if _documents(searcher, (stem,)) < COMPOUND_MAX_DOCUMENTS:
            # Pages that have the word only inside a compound, while the word itself is rare:
            # when it is common, its own pages fill the top (and the parts would multiply the
            # matches to score).
            terms.append(Term("parts", stem, boost=PART_BOOST))
        # "inlagg" also finds "inlägg": the index's own words that differ only in diacritics.
        for variant in variants.get(stem, ()):
            terms += [
                Term("title", variant, boost=TITLE_BOOST * ACCENT_WEIGHT),
                Term("text", variant, boost=ACCENT_WEIGHT),
            ]
    return terms


def _per_searcher(build):
    """Cache what `build(searcher)` returns on the searcher: a refreshed searcher is a new
    object, so the cache lasts exactly as long as the index it was read from."""
    name = f"_portal_{build.__name__}"

    @functools.wraps(build)
    def cached(searcher):
        if name not in searcher.__dict__:
            searcher.__dict__[name] = build(searcher)
        return searcher.__dict__[name]

    return cached


# A segment's words never change, and its documents change only by being deleted: what the
# caches below read from a segment is kept by its id, so the first search after a write reads
# the write's small new segment (and the ids of the documents it deleted elsewhere), not the
# whole index again. Whoosh opens every segment anew when a searcher is refreshed, so its
# readers cannot carry this themselves.
SEGMENT_SHARES_KEPT = 64
_segment_shares = {}


def _leaves(searcher):
    return searcher.reader().leaf_readers()


def _segment_share(leaf, what, build, shares=_segment_shares, most=SEGMENT_SHARES_KEPT):
    """build(leaf) for this segment, kept in `shares` while the segment is: read with the
    documents deleted when it was built left out, and none deleted since (see _deleted)."""
    segment = leaf.segment()
    if segment is None:  # an empty index
        return build(leaf)
    key = (what, segment.segment_id())
    share = shares.get(key)
    if share is None:
        if len(shares) >= most:
            shares.clear()  # merged-away segments: rare, and reading again is cheap
        share = shares[key] = build(leaf)
    return share


class _Variants:
    """Folded stem -> the index's stems with å/ä/ö (or other diacritics), from the segments'
    own lists: in lexicon order, each once, as the whole index's lexicon gives them."""

    def __init__(self, shares):
        self.shares = shares

    def get(self, stem, default=()):
        found = [term for share in self.shares for term in share.get(stem, ())]
        if not found:
            return default
        return found if len(self.shares) == 1 else sorted(set(found))


def _segment_variants(leaf):
    variants = {}
    for term in leaf.field_terms("text"):
        if not term.isascii():
            folded = fold(term)
            if folded != term:
                variants.setdefault(folded, []).append(term)
    return variants


@_per_searcher
def _accent_variants(searcher):
    return _Variants([
        _segment_share(leaf, "variants", _segment_variants) for leaf, _base in _leaves(searcher)
    ])  # fmt: skip


def warm(store):
    """Open the index and build what every search reads from the whole of it: its accented
    words and its facets' documents (0.15 s at national size, for the process's first search)."""
    with store.searcher() as searcher:
        _facet_maps(searcher)
        _accent_variants(searcher)


def search(store, text, kind="", filters=None, page=1, per_page=10, pinned=(), synonyms=None):
    """Results for one page: `filters` maps facet names to a chosen value; `pinned` are
    document ids an editor put first for this query; `synonyms` as text.parse takes them."""
    results = Results(query=text, page=page)
    parsed = parse(text, synonyms)
    if not parsed.parts:
        results.only_common_words = bool(text.strip())
        return results
    with store.searcher() as searcher:
        facets = _facet_maps(searcher)
        chosen = filters or {}
        filters = [Term(name, value) for name, value in chosen.items() if value]

        match, loose = compile_query(parsed, searcher)
        # Enough ranked documents for this page even if pinned and exact-title ones go first.
        limit = max(page, 1) * per_page + len(pinned) + EXACT_TITLE_ROOM
        ranked, matched = _ranked(searcher, match, filters, limit)
        if not matched and loose is not None:
            ranked, matched = _ranked(searcher, loose, filters, limit)
            results.any_word = bool(matched)
        query = loose if results.any_word else match

        count = _counter(searcher, matched)
        results.kinds = Counter({value: count(docs) for value, docs in facets["kind"].items()})
        if kind:
            ranked, matched = _ranked(searcher, query, [*filters, Term("kind", kind)], limit)
        count = _counter(searcher, matched)
        results.facets = {
            name: _count(count, values) for name, values in facets.items() if name != "kind"
        }

        pinned_docs = _pinned(searcher, pinned, kind, filters, facets)
        exact = _matches(searcher, Term("title_key", title_key(text))) & matched
        exact_docs = list(islice(
            (docnum for docnum in _members(exact) if docnum not in pinned_docs),
            EXACT_TITLE_ROOM,
        ))  # fmt: skip
        head = pinned_docs + exact_docs
        results.total = (matched | _mask(head)).bit_count()
        last_page = max(1, -(-results.total // per_page))
        results.page = min(max(page, 1), last_page)
        start, end = (results.page - 1) * per_page, results.page * per_page
        order = head + [docnum for docnum in ranked if docnum not in head]
        results.hits = [
            _hit(searcher, docnum, parsed, docnum in pinned_docs, docnum in exact_docs)
            for docnum in order[start:end]
        ]
        if results.total < FEW_RESULTS or results.any_word:
            strict = 0 if results.any_word else results.total
            results.suggestion = _suggest(searcher, parsed, filters, strict)
    return results


def _narrowed(query, filters):
    return And([query, *filters]) if filters else query


def _ranked(searcher, query, filters, limit):
    """The best `limit` documents, and the mask of every match for counts and facets.

    Whoosh ranks the top with its own shortcuts (skipping what cannot reach the top); the set
    of all matches comes from per-term masks instead of a second run of the query,
    which would score every match in Python (14 ms against 7 ms for "konto" at 10 000 pages).
    """
    query = _narrowed(query, filters)
    cache, key = _ranking_cache(searcher), (repr(query), limit)
    ranked = cache.get(key)
    if ranked is None:
        # Kept as long as the searcher, that is until the index changes: a common query asked
        # again costs no scoring, and is never stale. (Read into a name of its own: another
        # thread may empty the cache meanwhile.)
        if len(cache) > RANKING_CACHE_SIZE:
            cache.clear()
        ranked = cache[key] = [hit.docnum for hit in searcher.search(query, limit=limit)]
    return ranked, _matches(searcher, query)


@_per_searcher
def _ranking_cache(searcher):
    return {}


def _matches(searcher, query):
    """The mask of the documents a query matches."""
    if isinstance(query, Term):
        return _term_docs(searcher, query.fieldname, query.text)
    if isinstance(query, Or):
        return functools.reduce(operator.or_, (_matches(searcher, s) for s in query.subqueries), 0)
    if isinstance(query, And):
        return functools.reduce(operator.and_, (_matches(searcher, s) for s in query.subqueries))
    return _mask(searcher.docs_for_query(query))  # phrases


@_per_searcher
def _term_cache(searcher):
    return {}


def _term_docs(searcher, fieldname, text):
    """The mask of the documents holding a term, kept for the searcher's life (until the
    index changes), joined from each segment's share (_segment_term)."""
    cache = _term_cache(searcher)
    key = (fieldname, text)
    docs = cache.get(key)
    if docs is None:
        if len(cache) > TERM_CACHE_SIZE:
            cache.clear()
        docs = cache[key] = _joined([
            (_segment_term(leaf, key), base, deleted, gone)
            for leaf, base, deleted, gone in _segments(searcher)
        ])  # fmt: skip
    return _as_mask(docs)


# Each segment's documents per term, kept as the facets are (_segment_share). A common word's
# postings at national size (25 000 documents, 200 blocks of positions to unpickle) took 17 ms
# to read, and every write made every process read them again for its next search of the
# word: now only the write's new segment is read.
_segment_terms = {}


def _segment_term(leaf, key):
    build = functools.partial(_term_postings, key)
    return _segment_share(leaf, key, build, shares=_segment_terms, most=TERM_CACHE_SIZE)


def _term_postings(key, leaf):
    return _kept(leaf.postings(*key).all_ids() if key in leaf else ())


@_per_searcher
def _segments(searcher):
    """(leaf reader, where its documents begin, its deleted documents as a set and as a
    mask) of each segment, as _joined takes them."""
    segments = []
    for leaf, base in _leaves(searcher):
        deleted = _deleted(leaf)
        segments.append((leaf, base, deleted, _mask(deleted)))
    return segments


def _count(count, values):
    counts = [(value, count(docs)) for value, docs in values.items()]
    counts = [(value, count) for value, count in counts if count]
    return sorted(counts, key=lambda item: (-item[1], item[0].casefold()))


def _pinned(searcher, identifiers, kind, filters, facets):
    """The pinned documents still in the index and within the chosen filters."""
    allowed = _matches(searcher, And(filters)) if filters else None
    docs = []
    for identifier in identifiers:
        docnum = searcher.document_number(id=identifier)
        if docnum is None or docnum in docs:
            continue  # unpublished or deleted since it was pinned
        if kind and not _contains(facets["kind"].get(kind, ()), docnum):
            continue
        if allowed is not None and not _has(allowed, docnum):
            continue
        docs.append(docnum)
    return docs


def _hit(searcher, docnum, parsed, pinned, exact):
    stored = searcher.stored_fields(docnum)
    return Hit(
        identifier=stored["id"],
        title=stored["title"],
        url=stored["url"],
        section=stored.get("section", ""),
        kind=stored["kind"],
        snippet=snippet(stored.get("text", ""), parsed.highlight_terms, stored.get("summary", "")),
        pinned=pinned,
        exact=exact,
    )


def _suggest(searcher, parsed, filters, total):
    """A respelling from the index's own words that finds more than the query did."""
    reader = searcher.reader()
    changed, words = False, []
    for word in parsed.words:
        stem = stem_of(word)
        if len(word) > 3 and stem and not reader.doc_frequency("text", stem):
            found = _closest(reader, stem, allowed_edits(word))
            if found:
                form = respelt(word, stem, found) or _written_form(searcher, found, word)
                if edit_distance(form, word) > allowed_edits(word):
                    return ""  # nothing the reader could have meant: better no suggestion
                word, changed = form, True
        words.append(word)
    if not changed:
        return ""
    suggestion = " ".join(words)
    match, _loose = compile_query(parse(suggestion), searcher)
    if match is None or _matches(searcher, _narrowed(match, filters)).bit_count() <= total:
        return ""
    return suggestion


# Longer words get no respelling: none of the handbook's words is near this long, and the
# automaton for a made-up 200-letter word took 81 ms and 4 MB to build.
LONGEST_CORRECTED = 30


def _closest(reader, stem, maxdist=2):
    """The index's most common stem nearest in spelling (Damerau-Levenshtein, same first letter).

    Asked per segment: each segment finds its words with an automaton, while Whoosh's own
    corrector walks every word of a multi-segment index (66 ms at 10 000 documents). One
    automaton for all segments: Whoosh's terms_within() builds it again for each (3 ms each,
    most of a search for a misspelt word in an index of a few segments). Built for each
    search, never kept: an automaton takes about 100 kB for a word, megabytes for a long one.
    """
    if len(stem) > LONGEST_CORRECTED:
        return None
    automaton = levenshtein_automaton(stem, maxdist, prefix=1).to_dfa()
    candidates = set()
    for leaf, _offset in reader.leaf_readers():
        spelling = leaf.schema["text"].spelling_fieldname("text")
        candidates.update(Automata.find_matches(automaton, leaf.cursor(spelling)))
    candidates.discard(stem)
    if not candidates:
        return None
    return min(
        candidates, key=lambda term: (distance(term, stem), -reader.doc_frequency("text", term))
    )


def _written_form(searcher, stem, typed):
    """A word as it is written in the index for a stem ("sid" -> "sidan"), nearest to what
    was typed: the index holds stems, and a suggestion should be a word."""
    docnum = next(iter(searcher.docs_for_query(Term("text", stem))), None)
    if docnum is None:
        return stem
    text = searcher.stored_fields(docnum).get("text", "")
    forms = {
        found.group().lower()
        for found in WORD.finditer(text)
        if stem_of(found.group().lower()) == stem
    }
    return min(forms, key=lambda form: (distance(form, typed), form)) if forms else stem


@_per_searcher
def _facet_maps(searcher):
    """Per facet value (the kind and each registered facet), its documents (_kept), joined
    from each segment's share with the segment's own document numbers moved up to where the
    segment begins, and the documents deleted since the share was read left out."""
    names = ["kind", *(facet.name for facet in registered_facets())]
    joined = {}
    for leaf, base, deleted, gone in _segments(searcher):
        share = _segment_share(leaf, ("facets", *names), functools.partial(_segment_facets, names))
        for name, values in share.items():
            parts = joined.setdefault(name, {})
            for value, docs in values.items():
                parts.setdefault(value, []).append((docs, base, deleted, gone))
    return {
        name: {value: _joined(found) for value, found in sorted(parts.items())}
        for name, parts in joined.items()
    }


def _segment_facets(names, leaf):
    return {
        name: {
            value: _kept(leaf.postings(name, value).all_ids()) for value in leaf.field_terms(name)
        }
        for name in names
        if name in leaf.schema  # a facet registered since the last rebuild has no field yet
    }


def _deleted(leaf):
    """A segment's deleted documents, as a set: those deleted since its share was read are
    taken out of it (deletions only grow, until a merge makes a new segment)."""
    segment = leaf.segment()
    if segment is None or not segment.has_deletions():
        return frozenset()
    return frozenset(segment.deleted_docs())


def _joined(parts):
    """_kept() of the documents of (segment share, where the segment begins, its deleted
    documents as a set and as a mask) parts. A share of few documents stays a Few: a mask as
    long as its segment for each of a national body's thousands of rare tags would be 15 MB
    a process."""
    mask, few = 0, []
    for docs, base, deleted, gone in parts:
        if isinstance(docs, int):
            mask |= (docs & ~gone) << base
        else:
            few += [base + docnum for docnum in docs.members if docnum not in deleted]
    if mask:
        mask |= _mask(few)
        return mask if mask.bit_count() >= SMALL else Few(_members(mask))
    return _kept(few)
