"""What a search answers, whatever the engine: a page of hits, facet counts and a suggestion.

The kinds of result (handbook pages, channels, accounts) are not named here: each content app's
SearchIndex registers its own with `kind`, `kind_label`, `kind_param` (the URL value) and
`kind_order`, and the facets that narrow them with `facets`.
"""

from collections import Counter
from dataclasses import dataclass, field

from haystack import connections


@dataclass(frozen=True)
class Kind:
    code: str  # the documents' `kind` field
    label: str
    param: str  # in the URL: ?typ=handbok
    order: int = 100
    scope_label: str = ""  # a search box's label when it searches this kind alone
    scope_notice: str = ""  # said above results narrowed to this kind


@dataclass(frozen=True)
class Facet:
    name: str  # the documents' field: "tags"
    label: str  # the heading over its values
    param: str  # in the URL: ?tagg=kris
    order: int = 100


def facets(using="default"):
    """Every registered facet, in display order: each SearchIndex's `facets`, a dict of field
    name -> (label, URL parameter, order). The first index to name a field gives its label."""
    found = {}
    for index in connections[using].get_unified_index().get_indexes().values():
        for name, (label, param, order) in getattr(index, "facets", {}).items():
            found.setdefault(name, Facet(name, label, param, order))
    return sorted(found.values(), key=lambda facet: (facet.order, facet.name))


def kinds(using="default"):
    """Every registered kind of result, in display order."""
    found = {}
    for index in connections[using].get_unified_index().get_indexes().values():
        field = index.fields.get("kind")
        code = getattr(field, "_default", None) if field is not None else None
        if code and hasattr(index, "kind_label"):
            found[code] = Kind(code, index.kind_label, index.kind_param,
                               getattr(index, "kind_order", 100),
                               getattr(index, "kind_scope_label", index.kind_label),
                               getattr(index, "kind_scope_notice", ""))  # fmt: skip
    return sorted(found.values(), key=lambda kind: (kind.order, kind.code))


def pinnable_documents(using="default"):
    """[(kind label, [(document id, title)])] of what editors may pin: each SearchIndex with
    `pinnable = True` offers the objects its index_queryset() holds."""
    groups = []
    indexes = connections[using].get_unified_index().get_indexes().values()
    for index in sorted(indexes, key=lambda index: getattr(index, "kind_order", 100)):
        if not getattr(index, "pinnable", False):
            continue
        meta = index.get_model()._meta
        choices = [(f"{meta.app_label}.{meta.model_name}.{obj.pk}", str(obj))
                   for obj in index.index_queryset(using=using)]  # fmt: skip
        groups.append((str(getattr(index, "kind_label", meta.verbose_name_plural)), choices))
    return groups


@dataclass
class Hit:
    identifier: str  # the document's id, "app_label.model_name.pk"
    title: str
    url: str
    section: str
    kind: str
    snippet: str  # safe HTML: escaped text with <mark> around matched words
    pinned: bool = False  # chosen by an editor for this query
    exact: bool = False  # the title equals the query

    @property
    def kind_label(self):
        return next((kind.label for kind in kinds() if kind.code == self.kind), "")


@dataclass
class Results:
    query: str
    total: int = 0
    page: int = 1
    hits: list = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)  # per result type, before the type filter
    facets: dict = field(default_factory=dict)  # facet name -> [(value, count)], commonest first
    suggestion: str = ""  # "Menade du …?"
    any_word: bool = False  # no page had every word; these have some of them
    only_common_words: bool = False  # the query was all stop words ("och", "det")
    # The reader's words found nothing and these are the results for the suggestion instead.
    corrected_from: str = ""
