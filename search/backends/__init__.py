"""The search engines of this project, behind haystack's backend API and the portal's own.

Besides haystack's contract (update, remove, clear, search) an engine of ours answers:

- `find(text, kind=, tag=, channel=, page=, per_page=, pinned=)`: a whole results page as
  search.results.Results (hits with marked snippets, facet counts, pins, exact title first,
  "Menade du …?");
- `sync(index, pks)`: make the index agree with the database about these objects;
- `rebuild(report)`: index everything while searches go on;
- `stored_documents()`: every document's title and text, for checks that nothing was lost;
- `indexed_ids()` and `catch_up(report)`: what a start-up syncs instead of everything
  (backends/catchup.py, the ensure_index command); `indexed_digests()` too where the engine
  keeps each document's fingerprint, so objects saved shortly before a start are written
  again only if their document differs.

`transactional = True` says the engine writes in the save's own transaction (PostgreSQL);
otherwise the signal processor writes after commit (Whoosh). search.engine falls back to plain
haystack for a stock engine that has none of this.
"""

from haystack.backends import BaseSearchBackend, BaseSearchQuery
from haystack.models import SearchResult


class PortalBackend(BaseSearchBackend):
    """What every engine of ours shares: haystack's search() answered through find()."""

    def search(self, query_string, **kwargs):
        """Haystack's contract, for SearchQuerySet: the best matches as SearchResults."""
        start, end = kwargs.get("start_offset", 0), kwargs.get("end_offset") or 20
        per_page = max(end - start, 1)
        found = self.find(query_string, page=start // per_page + 1, per_page=per_page)
        results = []
        for hit in found.hits:
            app_label, model_name, pk = hit.identifier.split(".")
            results.append(SearchResult(app_label, model_name, pk, 1.0, title=hit.title,
                                        url=hit.url, kind=hit.kind))  # fmt: skip
        return {"results": results, "hits": found.total, "facets": {},
                "spelling_suggestion": found.suggestion or None}  # fmt: skip

    def more_like_this(self, *args, **kwargs):
        raise NotImplementedError

    def warm(self):
        """Read now what this process's first search would (search.engine.warm): nothing, for
        an engine whose database keeps it."""


class UnsupportedQuery(BaseSearchQuery):
    """SearchQuerySet's query as plain words for search(): fields and operators are not ours
    to honour (the reader's words are all find() reads)."""

    def build_query_fragment(self, field, filter_type, value):
        return str(getattr(value, "query_string", value))
