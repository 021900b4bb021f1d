import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base import pagecache

from .backends.analysis import SWEDISH, WORDS
from .backends.text import parse, synonym_keys

MAX_LOGGED_LENGTH = 100
# Queries that look like they carry personal data are never kept: e-mail addresses, and digit
# runs long enough to be a personal identity number or a phone number.
_PERSONAL = re.compile(r"@|\d[\d\s-]{5,}\d")


def query_key(text):
    """What makes two queries the same query: their Swedish stems, in any order.

    "Kapat konto" and "konton kapade" share a key, so one promotion serves both.
    """
    return " ".join(sorted({token.text for token in SWEDISH(text or "")}))


class PromotionQuerySet(models.QuerySet):
    def document_ids_for(self, text):
        """The pinned documents for a query, in the editor's order. Every active promotion's
        pins are read once per generation (pagecache.memo), so a search asks no query for
        them; a save of a promotion or a pin starts a new generation like any other write."""
        key = query_key(text)
        if not key:
            return []
        return list(pagecache.memo("search-pins", _pins_by_key).get(key, ()))


def _pins_by_key():
    pins = {}
    found = (
        PinnedResult.objects.filter(promotion__is_active=True)
        .order_by("promotion__key", "position", "pk")
        .values_list("promotion__key", "document_id")
    )
    for key, document_id in found:
        pins.setdefault(key, []).append(document_id)
    return pins


class Promotion(models.Model):
    """A communicator's answer to a query: these pages first, whatever the ranking says."""

    query = models.CharField(
        _("query"),
        max_length=200,
        help_text=_(
            "The words people search for. Forms of the same words match too "
            "(“konto”, “kontot”, “konton”), in any order."
        ),
    )
    key = models.CharField(max_length=200, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note for editors"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        verbose_name = _("promoted result")
        verbose_name_plural = _("promoted results")
        ordering = ["query"]

    def __str__(self):
        return self.query

    def save(self, *args, **kwargs):
        self.key = query_key(self.query)
        super().save(*args, **kwargs)

    def clean(self):
        self.key = query_key(self.query)
        if not self.key:
            raise ValidationError(
                {"query": _("Write at least one word that is not a common little word.")}
            )
        clash = Promotion.objects.filter(key=self.key).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError(
                {"query": _("The query “%(other)s” already has its promoted results.")
                 % {"other": clash.query}}
            )  # fmt: skip


class PinnedResult(models.Model):
    """One document an editor put first for a promotion's query: any indexed object."""

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="pins")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The search document's id ("handbook.page.12"), so a results page resolves pins from the
    # index alone: an unpublished or deleted object simply is not there.
    document_id = models.CharField(_("result"), max_length=100)

    class Meta:
        verbose_name = _("pinned result")
        verbose_name_plural = _("pinned results")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.document_id


class QueryStatQuerySet(models.QuerySet):
    def since(self, days):
        return self.filter(day__gte=timezone.localdate() - timezone.timedelta(days=days))

    def top(self):
        return (
            self.values("query")
            .annotate(searches=models.Sum("searches"), empty=models.Sum("zero_results"))
            .order_by("-searches", "query")
        )

    def zero_results(self):
        return self.top().filter(empty__gt=0).order_by("-empty", "query")


class QueryStat(models.Model):
    """How often a query was searched on a day, and how often it found nothing.

    Counts per day and query text only: no user, address, time of day or session is kept, and
    queries that look like they hold an e-mail address or an identity number are not kept.
    """

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=MAX_LOGGED_LENGTH)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches with no results"), default=0)

    objects = QueryStatQuerySet.as_manager()

    class Meta:
        verbose_name = _("search statistic")
        verbose_name_plural = _("search statistics")
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="search_querystat_unique_day")
        ]

    def __str__(self):
        return f"{self.day} {self.query}"

    @classmethod
    def record(cls, text, found):
        """Count one search; at most two small queries, safe under concurrent requests."""
        query = " ".join(token.text for token in WORDS(text or ""))[:MAX_LOGGED_LENGTH].strip()
        if not query or _PERSONAL.search(text):
            return
        day = timezone.localdate()
        changes = {"searches": F("searches") + 1}
        if not found:
            changes["zero_results"] = F("zero_results") + 1
        if cls.objects.filter(day=day, query=query).update(**changes):
            return
        try:
            with transaction.atomic():
                cls.objects.create(day=day, query=query, searches=1, zero_results=int(not found))
        except IntegrityError:  # another request created the row first
            cls.objects.filter(day=day, query=query).update(**changes)


def synonym_key(text):
    """A word's or phrase's stems in order: what a synonym is looked up by."""
    return " ".join(token.text for token in SWEDISH(text or ""))


class SynonymQuerySet(models.QuerySet):
    def expansions(self, text):
        """{stems of a run of the query's words: [stems of each other word for it]}, as
        text.parse takes them. Every synonym is read once per generation (pagecache.memo),
        so a search asks no query for them."""
        keys = [" ".join(run) for run in synonym_keys(parse(text).parts)]
        others = pagecache.memo("search-synonyms", _synonyms_by_key) if keys else {}
        found = {}
        for typed in dict.fromkeys(keys):
            for other in others.get(typed, ()):
                found.setdefault(tuple(typed.split()), []).append(tuple(other.split()))
        return found


class Synonym(models.Model):
    """Other words for what people search for, applied to every search as it is asked: no
    rebuild of the index is needed, on any engine."""

    words = models.CharField(
        _("search words"),
        max_length=100,
        help_text=_("What people type, for example “näthat” or “engagement”."),
    )
    alternatives = models.TextField(
        _("also search for"),
        help_text=_(
            "One word or phrase per line, for example “hatiska kommentarer”. Forms of the same "
            "words match too."
        ),
    )
    two_way = models.BooleanField(
        _("both ways"),
        default=True,
        help_text=_(
            "Searching for the words on the lines above also finds pages with the search words. "
            "Leave it off for a loanword or a misspelling that should only lead to our word."
        ),
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    objects = SynonymQuerySet.as_manager()

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["words"]

    def __str__(self):
        return self.words

    @transaction.atomic
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The lookup keys are written here and nowhere else. bulk_create sends no signal, but
        # the save above did, inside this transaction: its new page-cache generation on commit
        # (pagecache.changed) comes after the keys, and search reads them anew (memo).
        self.keys.all().delete()
        keys = {synonym_key(self.words): True}
        for line in self.alternative_list():
            keys.setdefault(synonym_key(line), self.two_way)
        SynonymKey.objects.bulk_create(
            SynonymKey(synonym=self, key=key[:200], searches_others=searches)
            for key, searches in keys.items()
            if key
        )

    def clean(self):
        errors = {}
        if not synonym_key(self.words):
            errors["words"] = _("Write at least one word that is not a common little word.")
        alternatives = self.alternative_list()
        if not alternatives:
            errors["alternatives"] = _("Write at least one other word or phrase.")
        for line in alternatives:
            if not synonym_key(line):
                errors["alternatives"] = _(
                    "“%(line)s” has only common little words, which search leaves out."
                ) % {"line": line}
                break
        if errors:
            raise ValidationError(errors)

    def alternative_list(self):
        lines = re.split(r"[\n;]", self.alternatives or "")
        return [line.strip() for line in lines if line.strip()]


def _synonyms_by_key():
    """{a key that searches for its synonym's other words: [those words' keys]}"""
    pairs = (
        SynonymKey.objects.filter(synonym__keys__searches_others=True)
        .values_list("synonym__keys__key", "key")
        .order_by("synonym__keys__key", "key")
        .distinct()
    )
    others = {}
    for typed, other in pairs:
        if other != typed:
            others.setdefault(typed, []).append(other)
    return others


class SynonymKey(models.Model):
    """One of a synonym's words as stems, for looking the synonym up from a query."""

    synonym = models.ForeignKey(Synonym, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200, db_index=True)
    # Typing this finds the synonym's other words (always for its search words; for the other
    # words only when the synonym goes both ways).
    searches_others = models.BooleanField(default=True)

    def __str__(self):
        return self.key
