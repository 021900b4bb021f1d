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

from .analysis import FOLDED, STOP_WORDS, SWEDISH, WORDS, fold

TITLE_BOOST = 3.0
TAG_BOOST = 2.0
ACCENT_WEIGHT = 0.5  # a word spelt as typed ranks above one that differs only in å/ä/ö
MAX_WORDS = 12
EXACT_TITLE_ROOM = 5  # at most this many exact title matches are lifted to the top
FEW_RESULTS = 3


def title_key(title):
    """The title's words, lower-cased: what an exact-title query must equal."""
    return " ".join(token.text for token in WORDS(title or ""))


@dataclass
class ParsedQuery:
    words: list  # lower-cased words as typed, stop words removed: for "Menade du …?"
    parts: list  # per word or phrase: (stems, as typed): (("konto",), "kontot")
    highlight_terms: frozenset  # folded stems, as snippet() compares them


def parse(text):
    """The user's text as words and phrases; no operator or field syntax is honoured.

    Quoted parts are phrases; everything else is words that must all occur. Brackets, colons,
    AND/OR/NOT and wildcards are ordinary characters to the tokenizer, so no input can make
    the query fail or search a field it should not.
    """
    text = unicodedata.normalize("NFC", text)
    phrases = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]*"?', " ", text)
    parts, words, marks = [], [], set()
    for chunk in [*phrases, *(token.text for token in WORDS(rest))]:
        stems = tuple(token.text for token in SWEDISH(chunk))
        if not stems:
            continue  # stop words only
        parts.append((stems, " ".join(token.text for token in WORDS(chunk))))
        words.extend(token.text for token in WORDS(chunk) if token.text not in STOP_WORDS)
        marks.update(token.text for token in FOLDED(chunk))
    return ParsedQuery(words, parts[:MAX_WORDS], frozenset(marks))


WORD = re.compile(r"\w+(?:\.?\w+)*")  # the tokenizer's own pattern
WINDOW, LEAD = 220, 60


@functools.lru_cache(maxsize=100_000)
def _match_key(word):
    """How a word in a document meets the query's words: folded stem, as in the index."""
    tokens = [token.text for token in FOLDED(word)]
    return tokens[0] if tokens else None


# Letters that fold to one letter (å -> a, É -> E): folding with this table keeps every
# position, so a word found in the folded text is at the same place in the original.
_FOLD_ONE = {
    code: folded
    for code in range(0x80, 0x2000)
    if len(folded := fold(chr(code))) == 1 and folded != chr(code)
}


@functools.lru_cache(maxsize=1_000)
def _candidates(terms):
    """Where a word whose folded stem is one of `terms` can start: a stem is the start of its
    word (Swedish stemming only cuts endings), so each term is a prefix to look for."""
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})", re.IGNORECASE)


def snippet(text, terms, fallback=""):
    """Up to two passages of `text` around the query's words, marked; else the summary.

    Whoosh's highlighter runs the whole analyzer over every document shown (about 3.5 ms each
    here). Here one regular expression finds where the query's stems begin a word in the text
    folded as the index folds it, and only those words are stemmed (cached) and compared.
    """
    matches = []
    if terms:
        for candidate in _candidates(terms).finditer(text.translate(_FOLD_ONE)):
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
