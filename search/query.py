"""Running a search and turning hits into what the results page shows."""

from dataclasses import dataclass

from django.utils.html import escape
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from .analysis import SWEDISH

_FORMATTER = HtmlFormatter(tagname="mark", between=" … ")


@dataclass
class Hit:
    title: str
    url: str
    section: str
    kind: str  # "handbook" or "channels"
    snippet: str  # safe HTML: escaped text with <mark> around matched words


def search(query):
    """A lazy, sliceable sequence of Hits for the paginator."""
    if not query:
        return []
    return _Hits(SearchQuerySet().filter(content=AutoQuery(query)), query)


def snippet(text, query, fallback=""):
    terms = [token.text for token in SWEDISH(query)]
    fragment = highlight(
        text or "", terms, SWEDISH, ContextFragmenter(maxchars=220, surround=60), _FORMATTER, top=2
    )
    return fragment or escape(fallback)


class _Hits:
    def __init__(self, results, query):
        self.results, self.query = results, query

    def __len__(self):
        return self.results.count()

    def count(self):
        return len(self)

    def __getitem__(self, index):
        page = self.results[index]
        if not isinstance(index, slice):
            page = [page]
        hits = [
            Hit(
                title=result.title,
                url=result.url,
                section=getattr(result, "section", ""),
                kind=getattr(result, "kind", "handbook"),
                snippet=snippet(result.text, self.query, fallback=getattr(result, "summary", "")),
            )
            for result in page
        ]
        return hits if isinstance(index, slice) else hits[0]
