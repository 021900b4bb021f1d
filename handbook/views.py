from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, TemplateView
from taggit.models import Tag

from base import public_forms, publishing
from base.ratelimit import HourlyLimit
from base.rendering import place_images, placed_image_ids, render_markdown
from base.text import printable

from .models import Image, Page, PageVote, Section, Tip


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        sections = Section.objects.visible_to(self.request.user)
        return super().get_context_data(sections=sections, **kwargs)


class HandbookIndexView(TemplateView):
    template_name = "handbook/index.html"
    # Pages listed under each section; the rest are a link away. A national handbook (5 000
    # pages) listed them all: 543 kB and 0.3 s a page.
    pages_per_section = 8

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            sections=Section.objects.visible_to(user).with_pages_for(
                user, first=self.pages_per_section
            ),
            tips=Tip.objects.published().select_related("page__section"),
            **kwargs,
        )


class SectionDetailView(DetailView):
    slug_url_kwarg = "section"

    def get_queryset(self):
        return Section.objects.visible_to(self.request.user).with_pages_for(self.request.user)


class SectionPrintView(SectionDetailView):
    template_name = "handbook/section_print.html"

    def get_context_data(self, **kwargs):
        pages = self.object.visible_pages
        images = Image.objects.in_bulk(set().union(*(page.image_ids for page in pages)))
        for page in pages:
            page.printed = place_images(page.print_html, images)
        return super().get_context_data(**kwargs)

    def get_queryset(self):
        pages = Page.objects.visible_to(self.request.user)
        return Section.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("pages", queryset=pages.order_by("order", "title"), to_attr="visible_pages")
        )


class PageDetailView(DetailView):
    def get_object(self, queryset=None):
        visible = Page.objects.visible_to(self.request.user)
        # Related pages show a title and a link: their bodies (the widest columns) stay unread.
        related = (
            visible.select_related("section")
            .order_by("section__order", "order", "title")
            .only("title", "slug", "language", "section__slug", "section__title")
        )
        page = get_object_or_404(
            visible.select_related("section").prefetch_related(
                "tags",
                "resources",
                Prefetch("related", queryset=related, to_attr="visible_related"),
            ),
            section__slug=self.kwargs["section"],
            slug=self.kwargs["slug"],
        )
        page.showing_draft = publishing.show_draft(self.request, page)
        return page

    def get_context_data(self, **kwargs):
        page = self.object
        # One query for the section's pages serves the section menu and previous/next.
        siblings = list(
            Page.objects.visible_to(self.request.user)
            .filter(section=page.section)
            .order_by("order", "title")
            .only("slug", "title", "section_id", "order", "language")
        )
        for sibling in siblings:
            sibling.section = page.section  # for get_absolute_url, without a query each
        position = next(i for i, sibling in enumerate(siblings) if sibling.pk == page.pk)
        # The page's images as they are now (one query, none without images).
        body = place_images(page.body_html, Image.objects.in_bulk(page.image_ids))
        return super().get_context_data(
            body=body,
            section=page.section,
            siblings=siblings,
            previous_page=siblings[position - 1] if position > 0 else None,
            next_page=siblings[position + 1] if position + 1 < len(siblings) else None,
            publications=publishing.change_log(page),
            **kwargs,
        )


class TagDetailView(TemplateView):
    template_name = "handbook/tag_detail.html"

    def get_context_data(self, **kwargs):
        tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        pages = (
            Page.objects.visible_to(self.request.user).filter(tags=tag).select_related("section")
        )
        if not pages:
            raise Http404
        kwargs.pop("slug")
        return super().get_context_data(tag=tag, pages=pages, **kwargs)


VOTE_LIMIT = HourlyLimit("page-vote", per_hour=30)
VOTE_ANSWERS = {"ja": True, "nej": False}


@csrf_exempt  # protected by its origin instead, so pages carry no token (from_this_site)
@require_POST
def page_vote(request, section, slug):
    """ "Var sidan till hjälp?": a plain form on every page (no JavaScript needed), answered by
    a redirect back to the page's answer box with a thank-you or what went wrong."""
    if not public_forms.from_this_site(request):
        raise PermissionDenied
    page = get_object_or_404(
        Page.objects.visible_to(request.user), section__slug=section, slug=slug
    )
    answer = VOTE_ANSWERS.get(request.POST.get("hjalpte", ""))
    if answer is None:
        outcome = "saknas"
    elif VOTE_LIMIT.reached(request):
        outcome = "vanta"
    else:
        comment = printable(request.POST.get("kommentar", ""))[:500].strip()
        PageVote.objects.create(page=page, helpful=answer, comment=comment)
        VOTE_LIMIT.count(request)
        outcome = "tack"
    return redirect(f"{page.get_absolute_url()}?svar={outcome}#hjalp")


@require_POST
def markdown_preview(request):
    """The admin's live preview: a Markdown text rendered and sanitised as a save would, images
    placed as they are now. Staff only (the URL is wrapped in admin_view)."""
    html = render_markdown(request.POST.get("text", "")[:200_000],
                           figures=request.POST.get("figures") == "1").html  # fmt: skip
    return HttpResponse(place_images(html, Image.objects.in_bulk(placed_image_ids(html))),
                        content_type="text/html; charset=utf-8")  # fmt: skip
