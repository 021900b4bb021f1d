"""Suggestions while typing (issue 20): the titles of what the portal has, as a reader types.

Each app that has something to suggest offers (title, address, kind) on its AppConfig
(`suggestion_candidates()`), so this module names no app. A candidate matches when every word
typed is found in its title, the last one as the beginning of a word or inside a compound
("steg" in "Tvåstegsverifiering"); titles that begin with what was typed come first. Plain
Python over the titles, casefolded, so Å, Ä and Ö match whatever case SQLite compares in, and
no engine is asked: suggestions never depend on the index being healthy. The candidates are
read once per generation of the page cache and language (thousands of titles at national size),
so they are as fresh as the pages.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.utils import translation

from base import pagecache

MIN_CHARACTERS = 2
LIMIT = 8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    kind: str


def _rank(title, words):
    """A sort key, or None when the title does not match."""
    folded = title.casefold()
    title_words = _WORD.findall(folded)
    score = 0
    for word in words:
        if any(part.startswith(word) for part in title_words):
            continue
        if word in folded:
            score += 1  # inside a compound: a weaker match
            continue
        return None
    return (not folded.startswith(words[0]), score, len(title), folded)


def _candidates():
    return [
        (title, url, str(kind))
        for config in apps.get_app_configs()
        for title, url, kind in getattr(config, "suggestion_candidates", lambda: [])()
    ]


def suggest(text, limit=LIMIT):
    words = _WORD.findall(text.casefold())[:6]
    if sum(len(word) for word in words) < MIN_CHARACTERS:
        return []
    ranked = []
    candidates = pagecache.memo(f"suggestions:{translation.get_language()}", _candidates)
    for title, url, kind in candidates:
        key = _rank(title, words)
        if key is not None:
            ranked.append((key, Suggestion(title, url, kind)))
    ranked.sort(key=lambda pair: pair[0])
    seen, found = set(), []
    for _key, suggestion in ranked:
        if suggestion.url not in seen:
            seen.add(suggestion.url)
            found.append(suggestion)
        if len(found) == limit:
            break
    return found
