"""What every engine does the same way in Python: reading the query, marking snippets.

The reader's text becomes words and phrases here, stems come from the Swedish analysis, and a
snippet is marked the same way whatever engine found the document.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import (
    FOLDED,
    STOP_WORDS,
    SWEDISH,
    WORDS,
    compound_parts,
    fold,
    is_word,
    part_stems,
)

TITLE_BOOST = 3.0
TAG_BOOST = 2.0
PART_BOOST = 0.5  # a word found as part of a page's compound, below the word itself
ACCENT_WEIGHT = 0.5  # a word spelt as typed ranks above one that differs only in å/ä/ö
MAX_WORDS = 12
# Words of a question that the stop words leave in ("måste vi spara kommentarer"): left out of
# a query that has other words.
QUESTION_WORDS = frozenset({"måste", "ska", "skall", "bör", "får", "behöver", "gör", "kan"})
EXACT_TITLE_ROOM = 5  # at most this many exact title matches are lifted to the top
FEW_RESULTS = 3


def title_key(title):
    """The title's words, lower-cased: what an exact-title query must equal."""
    return " ".join(token.text for token in WORDS(title or ""))


# How much a match through another form of the reader's words weighs, against the words as
# typed (1.0): an editor's synonym, or the parts of a compound the reader typed.
SYNONYM_WEIGHT = 0.7
COMPOUND_WEIGHT = 0.5
COMPOUND_MAX_DOCUMENTS = 10


@dataclass(frozen=True)
class Alternative:
    """One way a part of the query can match: every group must, and a group matches as any of
    its options, each a phrase (a tuple of stems). The words as typed are one group of one
    option; "kontokapning" read as a compound is (("konto",), (("kapning",), ("kap",))) ..."""

    groups: tuple
    weight: float = 1.0
    # A compound's parts: the engines use it only while the word itself is rare in the index
    # (COMPOUND_MAX_DOCUMENTS), where it adds pages; a common word's own pages fill the top.
    compound: bool = False


@dataclass
class Part:
    typed: str  # the words as typed, lower-cased: a tag is matched by them
    stems: tuple  # their stems, a phrase when several
    alternatives: list  # the first is the words as typed


@dataclass
class ParsedQuery:
    words: list  # lower-cased words as typed, stop words removed: for "Menade du …?"
    parts: list  # Part per word, phrase or synonym's words
    highlight_terms: frozenset  # folded stems, as snippet() compares them


def parse(text, synonyms=None):
    """The user's text as words and phrases; no operator or field syntax is honoured.

    Quoted parts are phrases; everything else is words that must all occur. Brackets, colons,
    AND/OR/NOT and wildcards are ordinary characters to the tokenizer, so no input can make
    the query fail or search a field it should not. A word that is a compound may also match
    as its parts; `synonyms` ({stems: [stems, …]}, see search.models.Synonym) adds the
    editors' other words for a word or a run of words.
    """
    text = unicodedata.normalize("NFC", text)
    phrases = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]*"?', " ", text)
    parts, words = [], []
    chunks = [(phrase, True) for phrase in phrases]
    chunks += [(token.text, False) for token in WORDS(rest)]
    if any(quoted or chunk not in QUESTION_WORDS for chunk, quoted in chunks):
        # "hur snabbt måste vi svara": the question's verbs say nothing of what it is about.
        chunks = [(chunk, quoted) for chunk, quoted in chunks
                  if quoted or chunk not in QUESTION_WORDS]  # fmt: skip
    for chunk, quoted in chunks:
        stems = tuple(token.text for token in SWEDISH(chunk))
        if not stems:
            continue  # stop words only
        typed = " ".join(token.text for token in WORDS(chunk))
        alternatives = [Alternative(((stems,),))]
        if not quoted and len(stems) == 1:
            pieces = [part_stems(piece) for piece in compound_parts(typed)]
            pieces = [tuple((stem,) for stem in piece) for piece in pieces if piece]
            if len(pieces) > 1:
                alternatives.append(Alternative(tuple(pieces), COMPOUND_WEIGHT, compound=True))
        parts.append(Part(typed, stems, alternatives))
        words.extend(token.text for token in WORDS(chunk) if token.text not in STOP_WORDS)
    if synonyms:
        parts = _with_synonyms(parts, synonyms)
    parts = parts[:MAX_WORDS]
    marks = {
        _fold_stem(stem)
        for part in parts
        for alternative in part.alternatives
        for group in alternative.groups
        for option in group
        for stem in option
    }
    return ParsedQuery(words, parts, frozenset(marks))


def synonym_keys(parts):
    """Every run of consecutive parts' stems: what a synonym may be written for."""
    return {
        _run(parts[start:end])
        for start in range(len(parts))
        for end in range(start + 1, min(len(parts), start + MAX_SYNONYM_WORDS) + 1)
    }


MAX_SYNONYM_WORDS = 4


def _run(parts):
    return tuple(stem for part in parts for stem in part.stems)


def _with_synonyms(parts, synonyms):
    """Runs of parts that have synonyms become one part: the words as typed (each part as it
    was typed) or any of the synonyms. The longest run wins."""
    result, start = [], 0
    while start < len(parts):
        for end in range(min(len(parts), start + MAX_SYNONYM_WORDS), start, -1):
            run = parts[start:end]
            others = synonyms.get(_run(run))
            if others:
                if len(run) == 1:
                    alternatives = list(run[0].alternatives)
                else:  # each word as typed must occur, as when no synonym is known
                    alternatives = [Alternative(tuple((part.stems,) for part in run))]
                alternatives += [Alternative(((tuple(other),),), SYNONYM_WEIGHT)
                                 for other in others]  # fmt: skip
                typed = " ".join(part.typed for part in run)
                result.append(Part(typed, _run(run), alternatives))
                start = end
                break
        else:
            result.append(parts[start])
            start += 1
    return result


@functools.lru_cache(maxsize=100_000)
def _fold_stem(stem):
    return fold(stem)


WORD = re.compile(r"\w+(?:\.?\w+)*")  # the tokenizer's own pattern
WINDOW, LEAD = 220, 60


@functools.lru_cache(maxsize=100_000)
def _match_key(word):
    """How a word in a document meets the query's words: folded stem, as in the index."""
    tokens = [token.text for token in FOLDED(word)]
    return tokens[0] if tokens else None


def _letters_folding_to():
    """Per letter, the letters that fold to it and to nothing more (a: àáâãäå…, as å -> a and
    Å -> A, both read as a). A stem looked for with these in the text as written is found at
    the same places as the stem in the text folded letter by letter: folding a whole result's
    text first (str.translate) was most of the time of making its snippet."""
    forms = {}
    for code in range(0x80, 0x2000):
        folded = fold(chr(code))
        if len(folded) == 1 and folded != chr(code):
            forms.setdefault(folded.lower(), set()).add(chr(code))
    return forms


_FOLDS_TO = _letters_folding_to()


def _any_form(letter):
    forms = _FOLDS_TO.get(letter.lower())
    if not forms:
        return re.escape(letter)
    return "[" + "".join(re.escape(form) for form in sorted({letter, *forms})) + "]"


@functools.lru_cache(maxsize=1_000)
def _candidates(terms):
    """Where a word whose folded stem is one of `terms` can start: a stem is the start of its
    word (Swedish stemming only cuts endings), so each term is a prefix to look for, each of
    its letters in any form that folds to it."""
    alternatives = "|".join(
        "".join(_any_form(letter) for letter in term)
        for term in sorted(terms, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w.])(?:{alternatives})", re.IGNORECASE)


def snippet(text, terms, fallback=""):
    """Up to two passages of `text` around the query's words, marked; else the summary.

    Whoosh's highlighter runs the whole analyzer over every document shown (about 3.5 ms each
    here). Here one regular expression finds where the query's folded stems begin a word in
    the text as written, any letter in any form that folds to it, and only those words are
    stemmed (cached) and compared.
    """
    matches = []
    if terms:
        for candidate in _candidates(terms).finditer(text):
            found = WORD.match(text, candidate.start())
            key = _match_key(found.group().lower())
            if key in terms:
                matches.append((found.start(), found.end(), key))
    if not matches:
        return escape(fallback)
    windows = []
    for start, _end, _key in matches[:50]:
        begin = max(0, start - LEAD)
        inside = [m for m in matches if begin <= m[0] and m[1] <= begin + WINDOW]
        windows.append((len({m[2] for m in inside}) * 100 + len(inside), -begin, begin))
    windows.sort(reverse=True)
    chosen = [windows[0][2]]
    for _score, _neg, begin in windows[1:]:
        if abs(begin - chosen[0]) >= WINDOW:
            chosen.append(begin)
            break
    chosen.sort()
    html = " … ".join(_mark(text, begin, matches) for begin in chosen)
    prefix = "… " if chosen[0] > 0 else ""
    suffix = " …" if chosen[-1] + WINDOW < len(text) else ""
    return mark_safe(prefix + html + suffix)


def _mark(text, begin, matches):
    end = min(len(text), begin + WINDOW)
    # Start and end on whole words.
    if begin > 0:
        space = text.find(" ", begin, begin + 20)
        begin = space + 1 if space != -1 else begin
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space != -1 else end
    html, position = [], begin
    for start, stop, _key in matches:
        if start >= begin and stop <= end:
            html += [escape(text[position:start]), "<mark>", escape(text[start:stop]), "</mark>"]
            position = stop
    html.append(escape(text[position:end]))
    return " ".join("".join(html).split())


@functools.lru_cache(maxsize=100_000)
def stem_of(word):
    tokens = [token.text for token in SWEDISH(word)]
    return tokens[0] if tokens else None


def respelt(typed, stem, found):
    """The typed word with its stem respelt as `found`, keeping the reader's own ending
    ("algorytmer" -> "algoritmer"), if that still reads as `found`; else None."""
    if not typed.startswith(stem) or typed == stem:
        return None  # no ending of the reader's to keep: a stem is no word ("sid")
    candidate = found + typed[len(stem) :]
    return candidate if stem_of(candidate) == found and is_word(candidate) else None


def allowed_edits(typed):
    """How far a respelling may be from what was typed: one edit in a word of up to six
    letters, two in a longer one. "komvux" is not a misspelt "kommunen"."""
    return 1 if len(typed) <= 6 else 2


def edit_distance(first, second):
    """Damerau-Levenshtein distance (optimal string alignment): "Menade du …?" candidates."""
    previous2, previous = None, list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            cost = a != b
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]
