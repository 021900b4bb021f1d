"""The registry's filters: one form that the list, the exports and the API all read from the URL."""

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from channels.models import Channel
from config.text import printable

from .models import Account, Department, Status

# URL value → statuses shown. The URL is public and Swedish; the stored codes are English.
STATUS_FILTERS = {
    "aktivt": [Status.ACTIVE],
    "pausat": [Status.PAUSED],
    "avslutat": [Status.CLOSED],
    "alla": [Status.ACTIVE, Status.PAUSED, Status.CLOSED],
}
DEFAULT_STATUS = "aktivt"

# URL value → ordering. Every ordering ends in pk so that pages never overlap.
SORTS = {
    "kanal": [F("channel__order").asc(), F("channel__name").asc(), F("name").asc()],
    "namn": [F("name").asc()],
    "forvaltning": [F("department__name").asc(), F("name").asc()],
    "startat": [F("started_on").asc(nulls_last=True), F("name").asc()],
    "verifierat": [F("verified_on").asc(nulls_first=True), F("name").asc()],
}
DEFAULT_SORT = "kanal"
SORT_CHOICES = [
    ("kanal", _("Channel, A–Z")),
    ("-kanal", _("Channel, Z–A")),
    ("namn", _("Name, A–Z")),
    ("-namn", _("Name, Z–A")),
    ("forvaltning", _("Department, A–Z")),
    ("-forvaltning", _("Department, Z–A")),
    ("startat", _("Started, oldest first")),
    ("-startat", _("Started, newest first")),
    ("verifierat", _("Verified, oldest first")),
    ("-verifierat", _("Verified, newest first")),
]
# The parameters that make up the filter state; paging and format come on top.
FILTER_PARAMS = ("q", "kanal", "forvaltning", "status", "amne", "sortera")


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
    return [*ordering, F("pk").asc()]


class SlugChoiceField(forms.ChoiceField):
    """A choice among rows fetched once per request; the value in the URL is the slug."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not one of the choices."),
    }


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Search in the registry"), required=False, max_length=200)
    kanal = SlugChoiceField(label=_("Channel"), required=False)
    forvaltning = SlugChoiceField(label=_("Department"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("aktivt", _("Active")),
            ("pausat", _("Paused")),
            ("avslutat", _("Closed")),
            ("alla", _("All, closed ones too")),
        ],
    )
    amne = SlugChoiceField(label=_("Tag"), required=False)
    sortera = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *args, **kwargs):
        # Only our own parameters count: paging (sida) and unknown ones never make it invalid.
        data = {name: data.get(name, "") for name in FILTER_PARAMS}
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, *args, **kwargs)
        self.channels = list(Channel.objects.only("pk", "name", "slug", "order"))
        self.departments = list(Department.objects.select_related("parent"))
        self.tags = list(
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label="registry",
                taggit_taggeditem_items__content_type__model="account",
            )
            .distinct()
            .order_by("name")
        )
        blank = [("", _("All"))]
        self.fields["kanal"].choices = blank + [(c.slug, c.name) for c in self.channels]
        self.fields["forvaltning"].choices = blank + [
            (d.slug, str(d)) for d in sorted(self.departments, key=str)
        ]
        self.fields["amne"].choices = blank + [(t.slug, t.name) for t in self.tags]

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
            shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            pairs.append((field.label, shown))
        return pairs

    @property
    def status_value(self):
        return self.state().get("status", DEFAULT_STATUS)

    @property
    def sort_value(self):
        return self.state().get("sortera", DEFAULT_SORT)

    def filter(self, queryset=None):
        """The accounts the valid filters select; an invalid filter is ignored (and reported)."""
        self.is_valid()
        state = self.state()
        queryset = Account.objects.public() if queryset is None else queryset
        queryset = queryset.filter(status__in=STATUS_FILTERS[self.status_value])
        if "kanal" in state:
            queryset = queryset.filter(channel__slug=state["kanal"])
        if "forvaltning" in state:
            root = next(d for d in self.departments if d.slug == state["forvaltning"])
            ids = Department.with_descendants(self.departments, root)
            shared = Account.other_departments.through.objects.filter(department__in=ids)
            queryset = queryset.filter(
                Q(department__in=ids) | Q(pk__in=shared.values("account_id"))
            )
        if "amne" in state:
            queryset = queryset.filter(tags__slug=state["amne"])
        if "q" in state:
            for word in state["q"].casefold().split()[:10]:
                queryset = queryset.filter(
                    Q(search_text__contains=word) | Q(department__name__icontains=word)
                )
        return queryset.order_by(*_ordering(self.sort_value))
