"""The organisation's official social media accounts, their owners and their public history."""

import datetime
import unicodedata
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from base import identity
from base.addresses import reverse_id
from base.dates import add_months
from base.public_forms import PublicMessage
from base.slugs import refuse_reserved_slug
from channels.matching import handle_key, id_key
from channels.models import Channel

# Paths under /konton/ that are not department or account addresses.
RESERVED_SLUGS = {"verifiera", "oppna-data", "rapportera", "andringar", "export"}


def normalise_handle(text):
    """The comparison key of a handle ("@Exstad" → "exstad")."""
    return handle_key(text)


def validate_department_slug(value):
    refuse_reserved_slug(value, RESERVED_SLUGS)


class Department(models.Model):
    """An organisational unit: a förvaltning, or an enhet inside one."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_department_slug]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(
        _("functional mailbox"),
        blank=True,
        help_text=_("A shared mailbox such as kultur@…, never a person’s own address."),
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("department editors"),
        blank=True,
        related_name="departments",
        help_text=_(
            "Staff in the department editor role who answer for this department’s accounts, "
            "and those of the units below it."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Every change with who, when, the old and new values; viewable and restorable in the admin.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return department_label(self.name, self.parent.name if self.parent_id else None)

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A department cannot be part of itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def mailbox(self):
        """Where to write about this department's matters: its own functional mailbox, the
        nearest one above it, or the central one."""
        found = next((department.email for department in self.lineage() if department.email), "")
        return found or identity.current().contact_email

    def lineage(self):
        """This department, its parent, and so on to the top (a query for each parent not
        already read)."""
        department = self
        while department is not None:
            yield department
            department = department.parent

    @staticmethod
    def with_descendants(departments, root):
        """The ids of root and every unit below it, from an already fetched list."""
        children = {}
        for department in departments:
            children.setdefault(department.parent_id, []).append(department.pk)
        ids, todo = set(), [root.pk]
        while todo:
            current = todo.pop()
            if current not in ids:
                ids.add(current)
                todo.extend(children.get(current, []))
        return ids


class Communicator(models.Model):
    """Someone staff can turn to about social media: a communicator or a communications team,
    by their functional mailbox, for a department or for the whole organisation."""

    name = models.CharField(
        _("name"), max_length=150, help_text=_("A team or a role, e.g. “Kommunikationsenheten”.")
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="communicators",
        help_text=_("Empty for the central communications team, who help everyone."),
    )
    email = models.EmailField(
        _("functional mailbox"),
        help_text=_("A shared mailbox such as kultur@…, never a person’s own address."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    helps_with = models.TextField(
        _("helps with"),
        help_text=_("What staff can ask about, e.g. “starting an account, campaigns, crises”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("communicator")
        verbose_name_plural = _("communicators")

    def __str__(self):
        return self.name


def channel_sort_key(channel):
    """Sorts as the channels do (Meta.ordering: order, then name)."""
    return f"{channel.order:08d} {channel.name}"[:80]


def resort_channel(sender, instance, raw=False, **kwargs):
    """A channel renamed or moved: its accounts take their new place in the list (post_save of
    Channel, connected in RegistryConfig.ready)."""
    if not raw:
        Account.objects.filter(channel=instance).exclude(
            channel_sort=channel_sort_key(instance)
        ).update(channel_sort=channel_sort_key(instance))


def resort_department(sender, instance, raw=False, **kwargs):
    """A department renamed: its accounts take their new place in the list sorted by department
    (post_save of Department, connected in RegistryConfig.ready)."""
    if not raw:
        moved = Account.objects.filter(department=instance).exclude(department_sort=instance.name)
        moved.update(department_sort=instance.name)


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    CLOSED = "closed", _("closed")


# Statuses the public sees; the first two speak for the organisation today. The others are
# internal: an account on its way in.
OFFICIAL_STATUSES = (Status.ACTIVE, Status.PAUSED)
PUBLIC_STATUSES = (Status.ACTIVE, Status.PAUSED, Status.CLOSED)
INTERNAL_STATUSES = (Status.PROPOSED, Status.APPROVED)

# The lifecycle: föreslaget → godkänt → aktivt ⇄ pausat → avslutat. A proposal can be sent
# back; a closed account stays closed (a new one may take its handle). An account may be
# entered in any status (one that already exists elsewhere); moving it follows these steps.
TRANSITIONS = {
    Status.PROPOSED: {Status.APPROVED},
    Status.APPROVED: {Status.PROPOSED, Status.ACTIVE},
    Status.ACTIVE: {Status.PAUSED, Status.CLOSED},
    Status.PAUSED: {Status.ACTIVE, Status.CLOSED},
    Status.CLOSED: set(),
}

# The start checklist: the questions to answer before an account opens (purpose, resources,
# manager informed, routines for archiving, dialogue and illegal content, goals and
# evaluation) and the platform's terms reviewed. Activation needs every one.
CHECKLIST = (
    ("checklist_purpose", _("The purpose and the audiences are written down")),
    ("checklist_resources", _("There is time and people for the account, holidays included")),
    ("checklist_manager", _("The nearest manager is informed and supports it")),
    ("checklist_archiving", _("There is a routine for archiving posts and comments")),
    ("checklist_dialogue", _("There is a routine for questions and comments")),
    ("checklist_illegal", _("There is a routine for illegal and unwanted content")),
    ("checklist_goals", _("Goals and how they are evaluated are decided")),
    ("checklist_terms", _("The platform’s terms have been reviewed")),
)


class ModerationFrequency(models.TextChoices):
    SEVERAL_DAILY = "several_daily", _("several times a day")
    DAILY = "daily", _("every day")
    WEEKDAYS = "weekdays", _("every weekday")
    WEEKLY = "weekly", _("every week")
    RARELY = "rarely", _("less than weekly")


class ArchiveLevel(models.TextChoices):
    EVERYTHING = "everything", _("posts, comments and messages")
    POSTS_COMMENTS = "posts_comments", _("posts and comments")
    POSTS = "posts", _("posts only")


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    FINNISH = "fi", _("Finnish")
    SAMI = "se", _("Northern Sami")
    MEANKIELI = "fit", _("Meänkieli")
    ARABIC = "ar", _("Arabic")
    SEVERAL = "mul", _("Several languages")


def default_review_months():
    return settings.PORTAL_REVIEW_MONTHS


def department_label(name, parent_name=None):
    return f"{parent_name} › {name}" if parent_name else name


class AccountRow(NamedTuple):
    """An account as the registry's list shows it (AccountQuerySet.for_table)."""

    pk: int
    name: str
    handle: str
    status: str
    verified_on: datetime.date | None
    channel_name: str
    department_name: str
    parent_name: str | None

    COLUMNS = ("pk", "name", "handle", "status", "verified_on", "channel__name",
               "department__name", "department__parent__name")  # fmt: skip

    @property
    def department(self):
        return department_label(self.department_name, self.parent_name)

    def get_absolute_url(self):
        return reverse_id("registry:account", self.pk)


class AccountQuerySet(models.QuerySet):
    def review_overdue(self):
        """Accounts in use whose review is due: never verified, or past the next review."""
        today = timezone.localdate()
        due = models.Q(verified_on__isnull=True) | models.Q(next_review__lte=today)
        return self.official().filter(due)

    def public(self):
        """Everything the public may see: proposals are internal until the account exists."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def official(self):
        """Accounts that speak for the organisation today."""
        return self.filter(status__in=OFFICIAL_STATUSES)

    def visible_to(self, user):
        from base.signin import sees_internal

        return self if sees_internal(user) else self.public()

    def of_departments(self, ids, shared=None):
        """Accounts of these departments, as owner or sharing (other_departments). `shared`:
        the ids of the accounts they share, when the caller knows them already; a list, where
        the subquery made PostgreSQL read every account (28 ms at national size, 2.7 with the
        ids, the other_departments index and the department's in a bitmap)."""
        if shared is None:
            links = Account.other_departments.through.objects.filter(department__in=ids)
            shared = links.values("account_id")
        return self.filter(models.Q(department__in=ids) | models.Q(pk__in=shared))

    def for_listing(self):
        return self.select_related("channel", "department", "department__parent")

    def for_overview(self):
        """for_listing() with only what the side-by-side overview shows (overview.html): not
        the channel's guidance, which 200 rows read 200 times over."""
        return self.for_listing().only(
            "name", "status", "purpose", "goals", "audiences", "contact_email",
            "channel__name", "department__name", "department__parent__name",
        )  # fmt: skip

    def window(self, start, stop):
        """The accounts from position `start` to `stop` of this ordered selection, as a query
        of their own (shape it after: for_table(), for_overview()).

        Their ids come from a subquery that walks the order's index (covering: Meta.indexes)
        and skips the accounts before them there. Sliced with its joins, the whole selection
        was read row by row up to the page: page 900 of the list took 88 ms at national size,
        and an API page of under ten made SQLite sort every account (390 ms).

        The selection must give each account once (no join that repeats rows): the ids would
        hold it once, and the page come out short. Its order must be by the account's own
        columns, which the page's rows are sorted by again."""
        ids = self.values("pk")[start:stop]
        # Its conditions are in the ids; its order is put on the page's few rows again.
        found = self.model._default_manager.using(self.db).filter(pk__in=ids)
        return found.order_by(*self.query.order_by) if self.query.order_by else found

    def for_table(self):
        """The list's rows as the table shows them (templates/registry/account_list.html): the
        values of AccountRow's fields, for AccountRow._make(). Fifty accounts with their
        channel and departments took 2.35 ms as models (only() those columns) and take 0.34 ms
        as values."""
        return self.values_list(*AccountRow.COLUMNS)

    def delete(self):
        if self.filter(was_public=True).exists():
            raise ProtectedError(
                "An account that has been public is closed, never deleted.",
                set(self.filter(was_public=True)),
            )
        return super().delete()

    def matching_key(self, channel, key, *, is_id=False):
        """Accounts on the channel whose handle (or, for an id, stable platform id) is the key.

        Handles and ids are separate namespaces: a handle spelled like our channel's id is
        someone else's handle.
        """
        if is_id:
            return self.filter(channel=channel, platform_key=id_key(key))
        return self.filter(channel=channel, handle_key=handle_key(key))


# The fields whose changes are public history (the Atom feed); internal bookkeeping is not.
PUBLIC_FIELDS = (
    "channel_id", "name", "handle", "url", "platform_id", "department_id", "purpose", "goals",
    "audiences", "content_type", "language", "status", "started_on", "closed_on",
    "contact_email",
)  # fmt: skip


class Account(models.Model):
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="accounts"
    )
    name = models.CharField(_("display name"), max_length=150)
    handle = models.CharField(
        _("handle"),
        max_length=100,
        blank=True,
        help_text=_("Taken from the address when left empty, e.g. exstad_kultur."),
    )
    handle_key = models.CharField(max_length=100, editable=False, blank=True)
    url = models.URLField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("The account’s address on the platform. Only a proposed account may lack one."),
    )
    platform_id = models.CharField(
        _("platform id"),
        max_length=100,
        blank=True,
        help_text=_("A stable id that survives renaming, e.g. YouTube’s UC… channel id."),
    )
    platform_key = models.CharField(max_length=100, editable=False, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    other_departments = models.ManyToManyField(
        Department,
        verbose_name=_("shared with"),
        blank=True,
        related_name="shared_accounts",
    )
    purpose = models.TextField(_("purpose"))
    goals = models.TextField(_("goals"), blank=True)
    audiences = models.TextField(_("target audiences"), blank=True, help_text=_("One per line."))
    content_type = models.CharField(_("content"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=3, choices=Language.choices, default=Language.SWEDISH
    )
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    # The channel's place in the channels' order (channel_sort_key), copied here so the list's
    # default order can walk an index instead of sorting every account through a join.
    channel_sort = models.CharField(max_length=80, blank=True, editable=False)
    # The department's name, copied for the same reason: the list sorted by department, and the
    # free-text filter, which finds accounts by their department's name without a join.
    department_sort = models.CharField(max_length=150, blank=True, editable=False)
    # Set once the account has been active, paused or closed, and never unset: such an account
    # is part of the public record and can be neither deleted nor turned back into a proposal.
    was_public = models.BooleanField(_("has been public"), default=False, editable=False)
    started_on = models.DateField(_("started"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    contact_email = models.EmailField(
        _("public contact"),
        help_text=_("A functional mailbox that the public may write to, never a person’s own."),
    )
    verified_on = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When someone last checked that the account is ours and in use."),
    )
    # Internal: when the account is next due for review (its owners check that it is ours, in
    # use and run by its routines). Never shown on public pages, exports, feeds or the API.
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=default_review_months,
        blank=True,  # a form that leaves it out gets the default
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    next_review = models.DateField(_("next review"), editable=False, null=True, db_index=True)
    # Internal: the start checklist (CHECKLIST), who answered it and when, and the last
    # archiving before closing.
    checklist_purpose = models.BooleanField(CHECKLIST[0][1], default=False)
    checklist_resources = models.BooleanField(CHECKLIST[1][1], default=False)
    checklist_manager = models.BooleanField(CHECKLIST[2][1], default=False)
    checklist_archiving = models.BooleanField(CHECKLIST[3][1], default=False)
    checklist_dialogue = models.BooleanField(CHECKLIST[4][1], default=False)
    checklist_illegal = models.BooleanField(CHECKLIST[5][1], default=False)
    checklist_goals = models.BooleanField(CHECKLIST[6][1], default=False)
    checklist_terms = models.BooleanField(CHECKLIST[7][1], default=False)
    checklist_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checklist answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    checklist_at = models.DateTimeField(_("checklist answered"), null=True, editable=False)
    # Internal routines (issue 16): moderation, archiving, security and personal data. None
    # of these ever reaches a public page, export, feed or the API (tests/registry/
    # test_routines.py checks each field).
    moderation_frequency = models.CharField(
        _("watched"), max_length=20, choices=ModerationFrequency.choices, blank=True,
        help_text=_("How often someone reads new comments and messages."),
    )  # fmt: skip
    moderators = models.TextField(
        _("moderators"), blank=True, help_text=_("Who watches the account: roles or names.")
    )
    backup_moderators = models.TextField(
        _("backup moderators"), blank=True,
        help_text=_("Who watches it when the moderators are away."),
    )  # fmt: skip
    house_rules_url = models.URLField(_("house rules"), blank=True)
    archive_level = models.CharField(
        _("archived"), max_length=20, choices=ArchiveLevel.choices, blank=True
    )
    archive_interval_months = models.PositiveSmallIntegerField(
        _("archive every (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )  # fmt: skip
    last_archived_on = models.DateField(_("last archived"), null=True, blank=True)
    next_archive_on = models.DateField(_("next archiving"), null=True, editable=False)
    archive_location = models.CharField(
        _("archived where"), max_length=200, blank=True,
        help_text=_("The e-archive or system that holds the archived posts and comments."),
    )  # fmt: skip
    archive_reference = models.CharField(
        _("document management plan or disposal decision"), max_length=200, blank=True,
        help_text=_("The reference that says what is kept and what is disposed of (gallring)."),
    )  # fmt: skip
    two_factor_for_all = models.BooleanField(
        _("two-step verification on for every administrator of the account"), default=False
    )
    login_held_by = models.CharField(
        _("login held by"), max_length=200, blank=True,
        help_text=_("Where the login lives, e.g. a functional mailbox, never one person’s own."),
    )  # fmt: skip
    access_reviewed_on = models.DateField(
        _("access last reviewed"), null=True, blank=True,
        help_text=_("When someone last checked who has access to the account."),
    )  # fmt: skip
    data_controller = models.CharField(
        _("personal-data controller"), max_length=200, blank=True,
        help_text=_("The board or authority that is joint controller with the platform."),
    )  # fmt: skip
    privacy_notice_url = models.URLField(_("privacy notice"), blank=True)
    final_archive_on = models.DateField(
        _("final archive"),
        null=True,
        blank=True,
        help_text=_(
            "When the account’s posts and comments were archived a last time. Needed to close it."
        ),
    )
    # Lower-cased words of the account's own fields, so the free-text filter ignores case in
    # Swedish too (SQLite's LIKE folds ASCII only).
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Derived, not edits.
    history = HistoricalRecords(excluded_fields=["channel_sort", "department_sort"])

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["channel__order", "channel__name", "name"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            # A closed account's handle may be taken again, by a new account of ours.
            models.UniqueConstraint(
                fields=["channel", "handle_key"],
                condition=~models.Q(handle_key="") & ~models.Q(status=Status.CLOSED),
                name="registry_account_unique_open_handle",
                violation_error_message=_(
                    "This channel already has an account with this handle that is not closed."
                ),
            ),
            models.UniqueConstraint(
                fields=["channel", "platform_key"],
                condition=~models.Q(platform_key="") & ~models.Q(status=Status.CLOSED),
                name="registry_account_unique_open_platform_id",
                violation_error_message=_(
                    "This channel already has an account with this id that is not closed."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=INTERNAL_STATUSES)
                | ~models.Q(handle_key="")
                | ~models.Q(platform_key=""),
                name="registry_account_identified_unless_proposed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.CLOSED) | models.Q(closed_on__isnull=False),
                name="registry_account_closed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(was_public=True) | models.Q(status__in=INTERNAL_STATUSES),
                name="registry_account_public_is_recorded",
            ),
            models.CheckConstraint(
                condition=models.Q(was_public=False) | ~models.Q(status__in=INTERNAL_STATUSES),
                name="registry_account_public_never_proposed",
                violation_error_message=_(
                    "An account that has been public cannot become a proposal again. Close it "
                    "instead."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "channel"]),
            # The list's orderings and its channel filter, walked in order and stopped after
            # one page instead of sorting every account (bench/registry_list.py; the planner
            # needs statistics: make prod runs analyze_database). The status last, so a page's
            # ids are read from the index alone, the accounts before it skipped without reading
            # one row (AccountQuerySet.window; page 900 of 901 read 45 000 rows, 52 ms).
            models.Index(fields=["name", "id", "status"], name="account_by_name"),
            models.Index(
                fields=["channel_sort", "name", "id", "status"], name="account_by_channel_order"
            ),
            models.Index(fields=["channel", "name", "id", "status"], name="account_by_channel"),
            # On PostgreSQL with NULLS FIRST, as the list sorts (migrations 0014 and 0016).
            models.Index(
                fields=["verified_on", "name", "id", "status"], name="account_by_verified"
            ),
            models.Index(fields=["started_on", "name", "id", "status"], name="account_by_started"),
            models.Index(
                fields=["department_sort", "name", "id", "status"], name="account_by_department"
            ),
            # The "is this account ours?" check and the admin's search by address, which ask in
            # every status: the unique constraints' indexes leave closed accounts out.
            models.Index(fields=["channel", "handle_key"], name="account_by_handle"),
            models.Index(fields=["channel", "platform_key"], name="account_by_platform_id"),
            # The sitemap's date for its accounts (base.sitemaps.DatedSitemap): the newest
            # first, the status read from the index.
            models.Index(fields=["updated_at", "status"], name="account_by_updated"),
        ]

    def __str__(self):
        return f"{self.name} ({self.channel})" if self.channel_id else self.name

    def save(self, *args, **kwargs):
        # The one place an account is written, so every path (admin, demo, shell) normalises the
        # same way and leaves the same public history.
        self.normalise()
        if self.status not in INTERNAL_STATUSES:
            self.was_public = True
        self.search_text = " ".join(
            [self.name, self.handle, self.purpose, self.goals, self.audiences, self.content_type]
        ).casefold()
        self.next_review = self.review_due_after()
        self.channel_sort = channel_sort_key(self.channel) if self.channel_id else ""
        self.department_sort = self.department.name if self.department_id else ""
        self.next_archive_on = (
            add_months(self.last_archived_on, self.archive_interval_months)
            if self.last_archived_on and self.archive_interval_months
            else None
        )
        with transaction.atomic():
            previous = (
                Account.objects.select_for_update().filter(pk=self.pk).first() if self.pk else None
            )
            if previous is not None and previous.status != self.status:
                # Below the admin too: no path skips a step of the lifecycle.
                problems = self.lifecycle_problems(previous.status)
                if problems:
                    raise ValidationError(problems)
            if previous is None or previous.status != self.status or not self.status_since:
                self.status_since = self._status_began(is_new=previous is None)
            super().save(*args, **kwargs)
            AccountEvent.record(previous, self)

    def get_absolute_url(self):
        return reverse_id("registry:account", self.pk)

    def delete(self, *args, **kwargs):
        if self.was_public:
            raise ProtectedError(
                "An account that has been public is closed, never deleted.", {self}
            )
        return super().delete(*args, **kwargs)

    @property
    def is_official(self):
        return self.status in OFFICIAL_STATUSES

    @property
    def is_closed(self):
        return self.status == Status.CLOSED

    @property
    def audience_list(self):
        return [line.strip() for line in self.audiences.splitlines() if line.strip()]

    @property
    def verification_due(self):
        if not self.is_official:
            return False
        # As Account.objects.review_overdue(): an account without a next review (written
        # around save()) is not due, and its page must not fail on it.
        if self.verified_on is None:
            return True
        return self.next_review is not None and self.next_review <= timezone.localdate()

    def lifecycle_problems(self, previous):
        """{field: Swedish message} for moving from status `previous` to this one."""
        if self.status == previous:
            return {}
        if self.status not in TRANSITIONS[previous]:
            allowed = ", ".join(
                str(status.label) for status in Status if status in TRANSITIONS[previous]
            )
            return {"status": _("An account cannot go from %(old)s to %(new)s. From %(old)s it "
                                "can go to: %(allowed)s.") % {
                "old": Status(previous).label, "new": Status(self.status).label,
                "allowed": allowed or _("nothing (a closed account stays closed)")}}  # fmt: skip
        if self.status == Status.ACTIVE and previous == Status.APPROVED:
            missing = [str(label) for field, label in CHECKLIST if not getattr(self, field)]
            if missing:
                return {"status": _("Answer the start checklist before the account is "
                                    "activated. Missing: %(missing)s.") % {
                    "missing": "; ".join(missing)}}  # fmt: skip
        if self.status == Status.CLOSED and not self.final_archive_on:
            return {"final_archive_on": _("Record when the account was archived a last time "
                                          "before it is closed.")}  # fmt: skip
        return {}

    def routine_warnings(self):
        """What the routines lack: shown to editors in the admin, never public."""
        warnings = []
        if self.is_official:
            if self.moderation_frequency in ("", ModerationFrequency.RARELY):
                warnings.append(_("The account is watched less often than weekly. The law on "
                                  "electronic bulletin boards asks for supervision."))  # fmt: skip
            if not self.backup_moderators.strip():
                warnings.append(_("Nobody watches the account when its moderators are away."))
            if not self.two_factor_for_all:
                warnings.append(_("Two-step verification is not on for every administrator."))
            if self.next_archive_on and self.next_archive_on <= timezone.localdate():
                warnings.append(_("Archiving is overdue."))
        return warnings

    def checklist_complete(self):
        return all(getattr(self, field) for field, _label in CHECKLIST)

    def review_due_after(self):
        """The next review: an interval after the last verification (or the start, or today
        for an account never checked)."""
        last = self.verified_on or self.started_on or timezone.localdate()
        return add_months(last, self.review_interval_months or default_review_months())

    def _status_began(self, is_new):
        # The account's own dates say when it started or closed; anything else began today.
        if self.status == Status.CLOSED and self.closed_on:
            return self.closed_on
        if is_new and self.status == Status.ACTIVE and self.started_on:
            return self.started_on
        return timezone.localdate()

    def normalise(self):
        """Derive the comparison keys: clean() needs them for the constraint checks."""
        reading = self.channel.read_url(self.url) if self.url and self.channel_id else None
        if reading and reading.is_id:
            self.platform_id = self.platform_id or reading.handle
        elif reading and not self.handle.strip():
            self.handle = reading.handle
        self.handle = unicodedata.normalize("NFC", self.handle.strip().lstrip("@"))
        self.handle_key = handle_key(self.handle)
        self.platform_id = self.platform_id.strip()
        self.platform_key = id_key(self.platform_id)
        today = timezone.localdate()
        if self.status == Status.CLOSED and self.closed_on is None:
            self.closed_on = today
        if self.status in OFFICIAL_STATUSES and self.started_on is None:
            self.started_on = today

    def clean(self):
        typed_handle = bool(self.handle.strip())
        self.normalise()
        errors = {}
        if self.channel_id and self.url:
            reading = self.channel.read_url(self.url)
            if reading is None:
                errors["url"] = _(
                    "This is not an account address on %(channel)s. Check the address, or the "
                    "channel’s address patterns."
                ) % {"channel": self.channel.name}
            elif reading.is_id and id_key(self.platform_id) != id_key(reading.handle):
                errors["platform_id"] = _(
                    "The platform id does not match the address (%(found)s)."
                ) % {"found": reading.handle}
            elif not reading.is_id and handle_key(self.handle) != handle_key(reading.handle):
                errors["handle"] = _("The handle does not match the address (%(found)s).") % {
                    "found": reading.handle
                }
        if self.channel_id and self.handle and "handle" not in errors and "url" not in errors:
            problems = self._handle_problems()
            if problems:
                errors["handle" if typed_handle else "url"] = problems
        if not self.url and self.status not in INTERNAL_STATUSES:
            errors["url"] = _("Only a proposed account may lack an address.")
        stored = (
            Account.objects.filter(pk=self.pk).order_by().values_list("status", flat=True).first()
            if self.pk
            else None
        )
        if stored and stored != self.status:
            for field, message in self.lifecycle_problems(stored).items():
                errors.setdefault(field, message)
        if self.was_public and self.status in INTERNAL_STATUSES:
            errors["status"] = _(
                "The account has been public, so it cannot become a proposal again. Pause or "
                "close it instead."
            )
        if self.closed_on and self.started_on and self.closed_on < self.started_on:
            errors["closed_on"] = _("An account cannot close before it started.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # The keys are derived, never in a form: without this, a form would skip the uniqueness
        # checks and the database would answer a duplicate with an error page.
        # was_public is set by save() and its rule is checked by clean(), so it stays excluded.
        exclude = (set(exclude or ()) | {"was_public"}) - {"handle_key", "platform_key", "status"}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(self._errors_by_field(error)) from error

    def _errors_by_field(self, error):
        """Constraint messages shown at the field they are about, not above the whole form."""
        fields = {
            "registry_account_unique_open_handle": "handle",
            "registry_account_unique_open_platform_id": "platform_id",
        }
        by_message = {
            str(constraint.violation_error_message): fields.get(constraint.name, NON_FIELD_ERRORS)
            for constraint in self._meta.constraints
        }
        errors = {}
        for field, messages in error.update_error_dict({}).items():
            for message in messages:
                text = message.messages[0] if isinstance(message, ValidationError) else message
                target = by_message.get(str(text), field) if field == NON_FIELD_ERRORS else field
                errors.setdefault(target, []).append(message)
        return errors

    def _handle_problems(self):
        channel, messages = self.channel.name, []
        for code, detail in self.channel.handle_rules.problems(self.handle):
            if code == "characters":
                messages.append(
                    _(
                        "The handle “%(handle)s” has characters that %(channel)s does not allow: "
                        "%(characters)s"
                    )
                    % {
                        "handle": self.handle,
                        "channel": channel,
                        "characters": " ".join(detail),
                    }  # fmt: skip
                )
            elif code == "too_short":
                messages.append(_("A handle on %(channel)s has at least %(count)d characters.")
                                % {"channel": channel, "count": detail})  # fmt: skip
            else:
                messages.append(_("A handle on %(channel)s has at most %(count)d characters.")
                                % {"channel": channel, "count": detail})  # fmt: skip
        return messages


class Incident(models.Model):
    """Something that happened to an account and what was done: internal, dated, kept."""

    class Kind(models.TextChoices):
        HIJACK = "hijack", _("hijacked account")
        PASSWORD = "password", _("leaked password")
        HARASSMENT = "harassment", _("wave of harassment")
        ILLEGAL = "illegal", _("illegal content")
        OTHER = "other", _("other")

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="incidents")
    happened_on = models.DateField(_("happened"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    what_happened = models.TextField(_("what happened"))
    what_was_done = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
        null=True, blank=True, editable=False, related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self):
        return f"{self.happened_on} {self.get_kind_display()}"


class AccountEvent(models.Model):
    """One public change to the registry, for the Atom feed and the account's history."""

    class Kind(models.TextChoices):
        ADDED = "added", _("new account")
        CHANGED = "changed", _("changed")
        CLOSED = "closed", _("closed")

    # PROTECT: an account with public history cannot be deleted, in Django or in the database.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    fields = models.JSONField(default=list, blank=True)
    happened_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        verbose_name = _("registry change")
        verbose_name_plural = _("registry changes")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.account}"

    @property
    def field_labels(self):
        return [str(Account._meta.get_field(name).verbose_name) for name in self.fields]

    @classmethod
    def record(cls, previous, account):
        was_public = previous is not None and previous.was_public
        if account.status in INTERNAL_STATUSES:
            return None  # proposals are internal; nothing public happened
        if not was_public:
            # An account entered when it has already closed is news only as a closed account.
            kind = cls.Kind.CLOSED if account.status == Status.CLOSED else cls.Kind.ADDED
            return cls.objects.create(account=account, kind=kind)
        if account.status == Status.CLOSED and previous.status != Status.CLOSED:
            return cls.objects.create(account=account, kind=cls.Kind.CLOSED)
        changed = [
            name.removesuffix("_id")
            for name in PUBLIC_FIELDS
            if getattr(previous, name) != getattr(account, name)
        ]
        if changed:
            return cls.objects.create(account=account, kind=cls.Kind.CHANGED, fields=changed)
        return None


class Report(PublicMessage):
    """A member of the public's report of an account that pretends to be ours."""

    REFERENCE_PREFIX = "R"

    url = models.CharField(_("address or handle"), max_length=500)
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.SET_NULL, null=True, blank=True
    )
    message = models.TextField(_("what the sender noticed"), blank=True, max_length=2000)
    verdict = models.CharField(_("registry says"), max_length=20, editable=False, blank=True)
    matched_account = models.ForeignKey(
        Account,
        verbose_name=_("matching account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )

    def notify_recipients(self):
        """The owning department's mailbox when the report concerns one of our accounts (or
        one that looks like it), else the central one."""
        if self.matched_account_id:
            return [self.matched_account.department.mailbox()]
        return [identity.current().contact_email]

    def notify_details(self):
        return [(_("Address or handle"), self.url), (_("Channel"), self.channel or "–"),
                (_("Registry says"), self.verdict or "–"),
                (_("What the sender noticed"), self.message or "–")]  # fmt: skip

    class Meta(PublicMessage.Meta):
        verbose_name = _("report of a suspected fake account")
        verbose_name_plural = _("reports of suspected fake accounts")


class Proposal(models.Model):
    """A member of staff's answers to "Frågor att ställa innan du startar ett konto", kept with
    the proposed account they describe. The account holds what the registry holds anyway
    (channel, department, purpose, goals, audiences); the rest of the answers live here, so
    nobody is asked the same thing twice."""

    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="proposal"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    why_channel = models.TextField(_("why this channel"))
    existing_accounts = models.TextField(_("accounts we have there already"), blank=True)
    resources = models.TextField(_("who runs the account, and the time for it"))
    manager = models.CharField(_("manager who supports it"), max_length=150)
    routines = models.TextField(_("routines for archiving, monitoring and replies"))
    unwanted_content = models.TextField(_("handling illegal and unwanted content"))

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposal for a new account")
        verbose_name_plural = _("proposals for new accounts")

    def __str__(self):
        return str(self.account)

    @property
    def reference(self):  # for the e-mail (base.notify), as the public messages have
        return f"F{self.pk}"

    def notify_recipients(self):
        """The owning department's mailbox and the central one: both take part in deciding."""
        return list(dict.fromkeys([self.account.department.mailbox(),
                                   identity.current().contact_email]))  # fmt: skip

    def notify_details(self):
        account = self.account
        return [(_("Account"), account.name), (_("Channel"), account.channel),
                (_("Department"), account.department), (_("Purpose"), account.purpose),
                (_("Why this channel"), self.why_channel)]  # fmt: skip
