import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, Exists, Func, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from base.addresses import fast_reverse
from base.models import Reviewed, ReviewedQuerySet
from base.publishing import Publishable
from base.rendering import FIGURE_ATTRIBUTE, placed_image_ids, render_markdown
from base.slugs import refuse_reserved_slug

from . import imaging

# Path segments the handbook's own URLs use; a section or page with such a slug would hide them.
RESERVED_SECTION_SLUGS = {"amne"}
RESERVED_PAGE_SLUGS = {"utskrift"}
_HEADING_ID = re.compile(r' id="h-[^"]*"')


def validate_section_slug(value):
    refuse_reserved_slug(value, RESERVED_SECTION_SLUGS)


def validate_page_slug(value):
    refuse_reserved_slug(value, RESERVED_PAGE_SLUGS)


class SectionQuerySet(models.QuerySet):
    def with_published_pages(self):
        """Sections a reader can open: at least one published page."""
        # EXISTS, not `pk IN (published pages' sections)`: SQLite built that list by reading every
        # page row, bodies and all, for a single section (7 ms at 5 000 pages); EXISTS looks a
        # section's pages up by their index.
        return self.filter(Exists(Page.objects.published().filter(section=OuterRef("pk"))))

    def visible_to(self, user):
        """Everything for staff; for others, a section whose pages are all drafts is a draft
        too, its title and introduction included."""
        from base.signin import sees_internal

        if sees_internal(user):
            return self.all()
        return self.with_published_pages()

    def with_pages_for(self, user, first=None):
        """Each section's pages the user may see, in order, as `visible_pages`: only what a list
        of pages shows, not their bodies. With `first`, only that many of them, and the number
        of all of them as `visible_page_count`."""
        visible = Page.objects.visible_to(user)
        pages = visible.order_by("order", "title", "pk").only(*Page.LISTED)
        if first is None:
            return self.prefetch_related(Prefetch("pages", queryset=pages, to_attr="visible_pages"))
        listed = ("order", "title", "pk")
        # Each section's first pages, read from the handbook_page_listed index once per
        # section. Ranking every page instead (ROW_NUMBER) read all 5 000 at national size:
        # 7-14 ms of SQL on SQLite and 9-12 on PostgreSQL, where this takes 0.5 and 1.
        firsts = visible.filter(section=OuterRef("pk")).order_by(*listed).values("pk")[:first]
        if connections[self.db].vendor == "postgresql":
            # As a list per section, unnested: a condition on the page (below) would be
            # checked again for every page of the section.
            first_ids = Section.objects.values(page=_Unnested(Subquery(firsts)))
        else:
            # SQLite runs the subquery once per section the join reaches.
            first_ids = Section.objects.filter(pages__pk__in=firsts).values("pages__pk")
        # COUNT(*), not of the id: PostgreSQL counts from the index then, without reading
        # each page's row (11 against 2.4 ms of SQL at national size).
        counted = (
            visible.filter(section=OuterRef("pk"))
            .order_by()
            .values("section")
            .annotate(n=Count("*"))
            .values("n")
        )
        return self.annotate(visible_page_count=Coalesce(Subquery(counted), 0)).prefetch_related(
            Prefetch("pages", queryset=pages.filter(pk__in=first_ids), to_attr="visible_pages")
        )


class _Unnested(Func):
    """PostgreSQL: the rows of a one-column subquery, run once per row of the outer query."""

    template = "unnest(ARRAY%(expressions)s)"
    output_field = models.IntegerField()


class Section(models.Model):
    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_section_slug]
    )
    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences."))
    order = models.PositiveIntegerField(_("order"), default=0)

    # Every change with who, when, the old and new values; viewable and restorable in the admin.
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return fast_reverse("handbook:section", self.slug)


class PageQuerySet(ReviewedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Everything for staff (so they can check a draft in place), published pages for others."""
        from base.signin import sees_internal

        if sees_internal(user):
            return self.all()
        return self.published()


class Page(Reviewed, Publishable):
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="pages", verbose_name=_("section")
    )
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=100, validators=[validate_page_slug])
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("Shown in lists and search results.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Markdown. Start headings at ## (the title is the page’s only main heading). "
            "Place an uploaded image with [bild:ID] on a line of its own."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField(editable=False, default=list, blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    # owner, owner_email, last_reviewed, review_interval_months, review_due: base.Reviewed
    REVIEW_RELATED = ("section",)  # what get_absolute_url() reads, for the review queue
    # draft, publish_at: base.publishing.Publishable; these wait in a draft while the page is live
    DRAFT_FIELDS = ("title", "summary", "body")
    LIVE_FIELD = "is_published"
    # One-way: linking to another department’s page must not change that page.
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related pages")
    )
    is_published = models.BooleanField(_("published"), default=False)
    # The language the page is written in, which may differ from the reader's interface: it is
    # marked up (lang) so that a screen reader reads it with the right voice.
    language = models.CharField(
        _("language of the text"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("The language the title, summary and text are written in."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    history = HistoricalRecords()

    objects = PageQuerySet.as_manager()

    # What a list of pages (a section, the handbook's start page) shows of each.
    LISTED = ("section", "title", "slug", "summary", "language", "order", "is_published")

    class Meta:
        ordering = ["section__order", "order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["section", "slug"], name="handbook_page_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(review_interval_months__gte=1),
                name="handbook_page_review_interval_positive",
            ),
        ]
        indexes = [
            # A section's pages in order, from the index alone: the start page ranks every
            # section's first pages without reading the pages' bodies (3 ms, not 15, at 5 000).
            models.Index(
                fields=["section", "order", "title", "is_published"], name="handbook_page_listed"
            ),
            # The newest pages first without reading their bodies: the sitemap's date for the
            # pages (base.sitemaps.DatedSitemap), 11 ms at 5 000 pages without it.
            models.Index(fields=["updated_at", "is_published"], name="handbook_page_by_updated"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.render()
        self.schedule_review()
        super().save(*args, **kwargs)

    def render(self):
        """The stored HTML and contents list of the body: on save, and for a draft's preview."""
        rendered = render_markdown(self.body, figures=True)
        self.body_html, self.toc = rendered.html, rendered.toc

    def get_absolute_url(self):
        return fast_reverse("handbook:page", self.section.slug, self.slug)

    @property
    def image_ids(self):
        """The images the page places: fetch them once with place_images() in mind."""
        return placed_image_ids(self.body_html)

    @property
    def print_html(self):
        """The body without heading ids, which would repeat when a section prints on one page."""
        return _HEADING_ID.sub("", self.body_html)


class Image(models.Model):
    title = models.CharField(_("title"), max_length=120)
    file = models.ImageField(
        _("image file"),
        upload_to="handbook/images/%Y/",
        width_field="width",
        height_field="height",
        validators=[imaging.IMAGE_RULES],
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for those who cannot see it. Required unless the image is "
            "decorative."
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Only ornament, nothing a reader would miss: screen readers skip it (empty "
            "alternative text)."
        ),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    credit = models.CharField(
        _("photographer and licence"),
        max_length=160,
        blank=True,
        help_text=_("E.g. Foto: Anna Berg, CC BY 4.0"),
    )
    renditions = models.JSONField(editable=False, default=dict, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        new_upload = not self.file._committed  # True until storage has the uploaded file
        if new_upload:
            # Store the re-encoding (no metadata, a random name), never the upload itself.
            self.file = imaging.IMAGE_RULES.prepare(self.file).file
        super().save(*args, **kwargs)
        if new_upload or not self.renditions:
            self.renditions = imaging.make_renditions(self.file)
            super().save(update_fields=["renditions"])

    def clean(self):
        if self.decorative and self.alt_text.strip():
            raise ValidationError({"alt_text": _(
                "A decorative image has no alternative text. Empty the field, or untick "
                "“decorative” if the image says something."
            )})  # fmt: skip
        if not self.decorative and not self.alt_text.strip():
            raise ValidationError({"alt_text": _("This field is required.")})

    def pages_using(self):
        """The handbook pages that place this image (their stored HTML holds its placeholder)."""
        marker = f'{FIGURE_ATTRIBUTE}="{self.pk}"'
        return Page.objects.filter(body_html__contains=marker).select_related("section")

    @property
    def reference(self):
        return f"[bild:{self.pk}]"

    def img_attributes(self):
        """<img> attributes: the renditions (camera metadata stripped), never the original."""
        sizes = sorted(self.renditions.items(), key=lambda item: int(item[0]))
        if not sizes:
            return {
                "src": self.file.url,
                "alt": "" if self.decorative else self.alt_text,
                "width": self.width,
                "height": self.height,
                "loading": "lazy",
            }
        # Addresses from the storage when the page is shown: a local folder or object storage.
        url = self.file.storage.url
        default_width, default = next(
            ((w, r) for w, r in reversed(sizes) if int(w) <= imaging.DEFAULT_WIDTH), sizes[0]
        )
        return {
            "src": url(default["path"]),
            "srcset": ", ".join(f"{url(r['path'])} {w}w" for w, r in sizes),
            "sizes": "(min-width: 48rem) 46rem, 100vw",
            "width": default_width,
            "height": default["height"],
            "alt": "" if self.decorative else self.alt_text,
            "loading": "lazy",
            "decoding": "async",
        }

    def caption_text(self):
        return " ".join(part for part in (self.caption, self.credit) if part)


class TipQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Tip(models.Model):
    """A short “Att tänka på” card on the handbook's start page."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Markdown, two to four sentences."))
    body_html = models.TextField(editable=False, blank=True)
    page = models.ForeignKey(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read more on"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("“Att tänka på” card")
        verbose_name_plural = _("“Att tänka på” cards")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body).html
        super().save(*args, **kwargs)


class PageVote(models.Model):
    """An answer to "Var sidan till hjälp?": yes or no, an optional comment and the day. Nothing
    about who answered (no user, address or time of day)."""

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="votes"
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=500, blank=True)
    created_on = models.DateField(_("day"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = _("answer to “Was this page helpful?”")
        verbose_name_plural = _("answers to “Was this page helpful?”")

    def __str__(self):
        return f"{self.page}: {_('yes') if self.helpful else _('no')}"


class Resource(models.Model):
    """An outside source worth following (a survey, a newsletter, an authority's guidance),
    listed on a handbook page. The link check asks each address and records when it last
    answered, so a reader sees how fresh the list is."""

    page = models.ForeignKey(
        Page, verbose_name=_("listed on"), on_delete=models.CASCADE, related_name="resources"
    )
    title = models.CharField(_("title"), max_length=150)
    publisher = models.CharField(_("publisher"), max_length=150)
    why = models.CharField(
        _("why it is worth reading"), max_length=300, help_text=_("One sentence for the reader.")
    )
    url = models.URLField(_("address"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    last_checked = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the link check last found the address working."),
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.title
