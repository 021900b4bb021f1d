"""Drafts of live content, publishing with a public change note, and the versions readers saw
(issue 17): handbook pages and channel pages.

A live object keeps what readers see in its own fields; an editor's changes to the texts wait in
`draft` (the same field names, as JSON) until someone publishes them, at once or at a chosen time
(`publish_at`, honoured by `manage.py publish_scheduled`, safe to run every minute). Each
publication is recorded in `Publication` with its note: the page's "Ändringshistorik", its
"Senast ändrad" and the Atom feed of changes all read from there. The versions themselves are in
the object's django-simple-history records, which the admin compares and restores.
"""

import difflib

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .addresses import stored_url


class Publication(models.Model):
    """One publication of a handbook or channel page: when, by whom, with what public note."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=200)  # as published, for the feed
    path = models.CharField(_("address"), max_length=300)
    note = models.CharField(
        _("change note"),
        max_length=300,
        blank=True,
        help_text=_("Public: shown on the page and in the feed of changes."),
    )
    published_at = models.DateTimeField(_("published"), db_index=True)
    published_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "base"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-published_at"])]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return f"{self.title} {self.published_at:%Y-%m-%d}"

    @classmethod
    def of(cls, obj):
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class Publishable(models.Model):
    """Abstract: drafts and publishing for a model whose readers see it while it is live.

    A subclass names DRAFT_FIELDS (the texts an editor drafts) and LIVE_FIELD (the boolean that
    says readers see it)."""

    DRAFT_FIELDS = ()
    LIVE_FIELD = "is_published"

    draft = models.JSONField(_("draft"), null=True, blank=True, editable=False)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish with the button. A time publishes the draft then."),
    )

    class Meta:
        abstract = True

    @property
    def is_live(self):
        return getattr(self, self.LIVE_FIELD)

    @property
    def has_draft(self):
        return bool(self.draft)

    def draft_values(self):
        return {name: getattr(self, name) for name in self.DRAFT_FIELDS}

    def apply_draft(self):
        """The draft's texts onto this instance (for the form and the preview), not saved."""
        for name, value in (self.draft or {}).items():
            if name in self.DRAFT_FIELDS:
                setattr(self, name, value)
        return self

    def keep_as_draft(self, stored):
        """Save the texts now on this instance as the draft; readers keep `stored`'s texts."""
        self.draft = self.draft_values()
        for name in self.DRAFT_FIELDS:
            setattr(self, name, getattr(stored, name))
        self.save()

    def publish(self, note="", user=None, when=None):
        """Make the current texts (with the draft applied) what readers see, and record it."""
        with transaction.atomic():
            self.apply_draft()
            self.draft, self.publish_at = None, None
            setattr(self, self.LIVE_FIELD, True)
            self.save()
            self.record_publication(note, user, when)

    def record_publication(self, note="", user=None, when=None):
        """That readers see this version from now (or `when`): publish() and the demo loaders."""
        return Publication.objects.create(
            content_type=ContentType.objects.get_for_model(self),
            object_id=self.pk,
            title=str(self),
            path=stored_url(self),  # Swedish, whatever the editor's admin language
            note=note.strip(),
            published_at=when or timezone.now(),
            published_by=user if user is not None and user.is_authenticated else None,
        )

    def last_publication(self):
        return Publication.of(self).first()


def publish_scheduled(models_, now=None):
    """Publish every draft whose time has come; each object once, even if two runs overlap."""
    now = now or timezone.now()
    published = []
    for model in models_:
        for pk in model.objects.filter(publish_at__lte=now, draft__isnull=False).values_list(
            "pk", flat=True
        ):
            with transaction.atomic():
                obj = model.objects.select_for_update().filter(pk=pk, draft__isnull=False).first()
                if obj is None or obj.publish_at is None or obj.publish_at > now:
                    continue  # another run published it a moment ago
                obj.publish(when=obj.publish_at)
                published.append(obj)
    return published


def versions(obj):
    """The distinct versions readers saw: history records whose live texts differ from the
    record before, newest first."""
    records = list(obj.history.order_by("history_id").select_related("history_user"))
    kept, last = [], None
    for record in records:
        texts = tuple(getattr(record, name) for name in obj.DRAFT_FIELDS)
        if texts != last:
            kept.append(record)
            last = texts
    return kept[::-1]


def text_diff(old, new, fields):
    """[(field verbose name, [(kind, line)])] with kind "same", "removed" or "added", for the
    fields that differ between two history records."""
    changes = []
    for name in fields:
        before = str(getattr(old, name) or "").splitlines()
        after = str(getattr(new, name) or "").splitlines()
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            code, text = line[:2], line[2:]
            if code == "  ":
                lines.append(("same", text))
            elif code == "- ":
                lines.append(("removed", text))
            elif code == "+ ":
                lines.append(("added", text))
        changes.append((old.instance_type._meta.get_field(name).verbose_name, lines))
    return changes


CHANGE_LOG_SIZE = 10


def show_draft(request, obj):
    """At a live object's own address, a signed-in editor sees its draft (re-rendered as a save
    would) unless they ask for ?publicerad; readers always see the published texts. True when
    the draft is shown."""
    from .signin import sees_internal

    if not (obj.has_draft and sees_internal(request.user) and "publicerad" not in request.GET):
        return False
    obj.apply_draft().render()
    return True


def change_log(obj):
    """The latest publications of an object, newest first: its "Ändringshistorik"."""
    return list(Publication.of(obj)[:CHANGE_LOG_SIZE])
