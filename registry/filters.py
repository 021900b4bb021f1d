"""The registry's filters: one form that the list, the exports and the API all read from the URL."""

from collections import namedtuple
from functools import lru_cache

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from base import pagecache
from base.forms import LongChoiceField, PrintableInput
from base.text import printable
from channels.models import Channel

from . import textsearch
from .models import (
    OFFICIAL_STATUSES,
    PUBLIC_STATUSES,
    Account,
    Department,
    Status,
    department_label,
)

# One set of names for the list, the exports, the API and the check: the names and values of the
# open data itself (channel=instagram, status=closed). The Swedish names the list used first keep
# working as aliases, for links and scripts already out there; the open-data page lists them.
PARAM_ALIASES = {
    "channel": "kanal",
    "department": "forvaltning",
    "tag": "amne",
    "sort": "sortera",
    "page": "sida",
    "page_size": "per_sida",
}
VALUE_ALIASES = {
    "status": {"aktivt": "active", "pausat": "paused", "avslutat": "closed", "alla": "all"},
    "sort": {"kanal": "channel", "namn": "name", "forvaltning": "department",
             "startat": "started", "verifierat": "verified"},
}  # fmt: skip

# URL value → statuses shown. No value: every account in use, paused ones too, since the check
# calls them official and the list promises that an account not on it is not ours.
STATUS_FILTERS = {
    "": OFFICIAL_STATUSES,
    "active": [Status.ACTIVE],
    "paused": [Status.PAUSED],
    "closed": [Status.CLOSED],
    "all": PUBLIC_STATUSES,
}

# URL value → ordering. Every ordering ends in pk so that pages never overlap.
SORTS = {
    "channel": [F("channel_sort").asc(), F("name").asc()],  # the channels' order, then name
    "name": [F("name").asc()],
    "department": [F("department_sort").asc(), F("name").asc()],  # the department's name
    "started": [F("started_on").asc(nulls_last=True), F("name").asc()],
    "verified": [F("verified_on").asc(nulls_first=True), F("name").asc()],
}
DEFAULT_SORT = "channel"
SORT_CHOICES = [
    ("channel", _("Channel, A–Z")),
    ("-channel", _("Channel, Z–A")),
    ("name", _("Name, A–Z")),
    ("-name", _("Name, Z–A")),
    ("department", _("Department, A–Z")),
    ("-department", _("Department, Z–A")),
    ("started", _("Started, oldest first")),
    ("-started", _("Started, newest first")),
    ("verified", _("Verified, oldest first")),
    ("-verified", _("Verified, newest first")),
]
STATUS_CHOICES = [
    ("", _("In use (active and paused)")),
    ("active", _("Active")),
    ("paused", _("Paused")),
    ("closed", _("Closed")),
    ("all", _("All, closed ones too")),
]
# The parameters that make up the filter state; paging comes on top.
FILTER_PARAMS = ("q", "channel", "department", "status", "tag", "sort")
PAGE_PARAMS = ("page", "page_size")
KNOWN_PARAMS = frozenset(FILTER_PARAMS + PAGE_PARAMS) | frozenset(PARAM_ALIASES.values())


def canonical(query):
    """{name: value} under the canonical names, from a QueryDict that may use the aliases.

    The canonical name wins when both are given; values given as aliases are translated.
    """
    values = {}
    for name in FILTER_PARAMS + PAGE_PARAMS:
        alias = PARAM_ALIASES.get(name)
        value = query.get(name)
        if value is None and alias:
            value = query.get(alias)
        if value is None:
            continue
        value = value.strip()
        aliases = VALUE_ALIASES.get(name, {})
        if name == "sort" and value.startswith("-"):
            value = "-" + aliases.get(value[1:], value[1:])
        else:
            value = aliases.get(value, value)
        values[name] = value
    return values


def as_sent(errors, query):
    """Form errors keyed by the parameter name the client used (an alias stays an alias)."""
    named = {}
    for name, messages in errors.items():
        alias = PARAM_ALIASES.get(name)
        sent = alias if alias and name not in query and alias in query else name
        named[sent] = list(messages)
    return named


def _ordering(value):
    descending = value.startswith("-")
    ordering = SORTS.get(value.lstrip("-"), SORTS[DEFAULT_SORT])
    if descending:
        ordering = [expression.copy() for expression in ordering]
        for expression in ordering:
            expression.descending = not expression.descending
            expression.nulls_first, expression.nulls_last = (
                expression.nulls_last,
                expression.nulls_first,
            )
    # The tie-break turns with the rest: the exact reverse of an ascending order, which an index
    # on (column, name, id) gives walked backwards, where a mixed direction made the planner
    # sort every account (bench/registry_list.py: ?sort=-verified 160 ms of SQL, now 1 ms).
    return [*ordering, F("pk").desc() if descending else F("pk").asc()]


class SlugChoiceField(LongChoiceField):
    """A choice among rows fetched once per generation of the page cache (choice_lists); the
    value in the URL is the slug."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not one of the choices."),
    }


Unit = namedtuple("Unit", "pk parent_id slug label")
# Named with its form's version: servers of two versions may share one cache during a deploy.
CHOICES_MEMO = "registry-filter-choices-4"


def choice_lists():
    """The filters' choices: every channel and department, and the tags of public accounts
    (a proposal's tags would tell what is being planned). Thousands of rows at national size,
    so they are built once per generation of the page cache, not per request."""
    # As values, labelled as Department.__str__ labels them: 3 000 departments and their
    # parents as models were half of building these lists (the first list after every write).
    rows = Department.objects.values_list("pk", "parent_id", "slug", "name", "parent__name")
    departments = [
        Unit(pk, parent_id, slug, department_label(name, parent if parent_id else None))
        for pk, parent_id, slug, name, parent in rows
    ]
    # Each tag asks whether a public account has it, and stops at the first: joined and made
    # distinct, every account's tags were read (28 ms at national size, 50 000 of them).
    # (taggit reads the account's content type once per process for the join: one query
    # more the first time, before Django's cache of content types holds it.)
    public_uses = Account.objects.public().filter(tags=OuterRef("pk"))
    tags = Tag.objects.filter(Exists(public_uses)).order_by("name")
    departments.sort(key=lambda unit: unit.label)
    shared = {}  # department id: the ids of the accounts it shares (few: other_departments)
    links = Account.other_departments.through.objects.values_list("department_id", "account_id")
    for department_id, account_id in links:
        shared.setdefault(department_id, []).append(account_id)
    channel_rows = list(Channel.objects.only("name", "slug", "order"))
    channels = [(c.slug, c.name) for c in channel_rows]
    # How many accounts each status has on each channel: the count of a selection by status
    # and channel alone (the unfiltered list's among them) without a query per request. At
    # national size each request's count took 7 ms on PostgreSQL and 2.4 on SQLite; this
    # grouping takes 7-10 and 4, once a generation. Grouped by the channel's id, not joined
    # to its slug.
    slugs = {c.pk: c.slug for c in channel_rows}
    grouped = Account.objects.order_by().values_list("status", "channel_id").annotate(Count("pk"))
    counts = {(status, slugs.get(channel)): n for status, channel, n in grouped}
    return {
        "departments": departments,
        "shared": shared,
        "counts": counts,
        # The options' labels and HTML made here too, once per generation, not per request.
        "channel": LongChoiceField.prepare(channels),
        "department": LongChoiceField.prepare([(d.slug, d.label) for d in departments]),
        "tag": LongChoiceField.prepare([(t.slug, t.name) for t in tags]),
    }


@lru_cache(maxsize=8)
def _translated_options(language):  # the language is the key; the labels are made in it
    """The options whose labels are translated, made once per language (0.2 ms a form)."""
    return {
        "blank": LongChoiceField.prepare([("", _("All"))]),
        "status": LongChoiceField.prepare(STATUS_CHOICES),
        "sort": LongChoiceField.prepare(SORT_CHOICES),
    }


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Search in the registry"), required=False, max_length=200,
                        widget=PrintableInput)  # fmt: skip
    channel = SlugChoiceField(label=_("Channel"), required=False)
    department = SlugChoiceField(label=_("Department"), required=False)
    # LongChoiceFields too, few as their choices are: Django's Select renders a template per
    # option, which made these two a fifth of the form (0.6 ms a list page).
    status = LongChoiceField(label=_("Status"), required=False)
    tag = SlugChoiceField(label=_("Tag"), required=False)
    sort = LongChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data, *args, **kwargs):
        # Only our own parameters count, under either name: paging and unknown ones never make
        # the form invalid (the API refuses unknown ones itself).
        given = canonical(data)
        data = {name: given.get(name, "") for name in FILTER_PARAMS}
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, *args, **kwargs)
        lists = pagecache.memo(CHOICES_MEMO, choice_lists)
        self.departments, self.shared = lists["departments"], lists["shared"]
        self.counts = lists["counts"]
        translated = _translated_options(get_language())
        for name in ("channel", "department", "tag"):
            self.fields[name].set_options(translated["blank"], lists[name])
        self.fields["status"].set_options(translated["status"])
        self.fields["sort"].set_options(translated["sort"])

    def clean_q(self):
        # Control characters never belong in a search; a NUL would even break some databases.
        return printable(self.cleaned_data["q"])

    def state(self):
        """The valid, non-default filter values, in URL order: for links and exports."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in FILTER_PARAMS if cleaned.get(name)}

    def described(self):
        """The chosen filters and sort order as (label, choice) pairs, for people to read."""
        pairs = []
        for name, value in self.state().items():
            field = self.fields[name]
            shown = field.labels.get(value, value) if hasattr(field, "labels") else value
            pairs.append((field.label, shown))
        return pairs

    @property
    def status_value(self):
        return self.state().get("status", "")

    @property
    def sort_value(self):
        return self.state().get("sort", DEFAULT_SORT)

    @cached_property
    def words_read(self):
        """What the text index said of each short word, for this request's count and page."""
        return {}

    def counted_by_index(self):
        """How many accounts filter() selects, when the words and the status are the only
        filters and the database's text index can count them by itself (textsearch.count);
        otherwise None."""
        state = self.state()
        if "q" not in state or not state.keys() <= {"q", "status", "sort"}:
            return None
        return textsearch.count(state["q"], STATUS_FILTERS[self.status_value], Account.objects.db,
                                known=self.words_read)  # fmt: skip

    def counted_in_lists(self):
        """How many accounts filter() selects, when the status and the channel are the only
        filters: from the counts choice_lists() keeps per generation; otherwise None."""
        self.is_valid()
        state = self.state()
        if not state.keys() <= {"status", "channel", "sort"}:
            return None
        statuses, channel = STATUS_FILTERS[self.status_value], state.get("channel")
        return sum(n for (status, slug), n in self.counts.items()
                   if status in statuses and channel in (None, slug))  # fmt: skip

    def filter(self, queryset=None, sort=None):
        """The accounts the valid filters select, in the chosen order or `sort` (a SORTS key:
        the side-by-side overview groups by channel or department); an invalid filter is ignored
        (and reported)."""
        self.is_valid()
        state = self.state()
        # Every status filter chooses among the public statuses, so it stands in for public():
        # a second condition on status made SQLite's count of the list three times slower.
        # (tests/registry/test_views.py: proposals never show, whatever the status filter.)
        queryset = Account.objects.all() if queryset is None else queryset
        queryset = queryset.filter(status__in=STATUS_FILTERS[self.status_value])
        if "channel" in state:
            queryset = queryset.filter(channel__slug=state["channel"])
        if "department" in state:
            root = next(d for d in self.departments if d.slug == state["department"])
            ids = Department.with_descendants(self.departments, root)
            shared = sorted({account for unit in ids for account in self.shared.get(unit, ())})
            queryset = queryset.of_departments(ids, shared)
        if "tag" in state:
            queryset = queryset.filter(tags__slug=state["tag"])
        if "q" in state:
            queryset = textsearch.matching(queryset, state["q"], known=self.words_read)
        sort = sort or self.sort_value
        if "channel" in state and sort.lstrip("-") == "channel":
            # One channel: its accounts in the channels' order are its accounts by name, and
            # said so the index on (channel, name, id) gives the page without sorting them all
            # (bench/registry_list.py: ?channel=instagram 20 ms of SQL, now under 1 ms).
            sort = sort.replace("channel", "name")
        return queryset.order_by(*_ordering(sort))


class SelectionPaginator(Paginator):
    """Pages of what a filter form selects (its filter(), as the page reads it), counted without
    a query of its own when the status and channel are the only filters (counted_in_lists), and
    by the text index when it can (counted_by_index): a common word's count was the list's
    slowest query at national size."""

    def __init__(self, form, object_list, per_page):
        super().__init__(object_list, per_page)
        self.form = form

    @cached_property
    def count(self):
        counted = self.form.counted_in_lists()
        if counted is None:
            counted = self.form.counted_by_index()
        return super().count if counted is None else counted

    def page(self, number):
        """Django's page, its accounts read by AccountQuerySet.window: a query of their own,
        for the caller to shape (for_table(), export.rows())."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list.window(bottom, top), number, self)
