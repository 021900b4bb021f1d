"""The pages that cut a long list short (issue 19, national size), with the lists long enough to
be cut: the handbook's start page with a section of more pages than it lists, a channel page
with more accounts than it lists, and a later page of the side-by-side overview with a group
that goes on from the page before. The demo's lists are all short, so test_accessibility.py
never shows these parts. Axe-core finds no WCAG 2.1 A/AA violation, in Swedish and English,
and the Nu HTML Checker no error."""

from unittest import mock

import pytest
from django.test import Client

from channels.models import Channel
from channels.views import ChannelDetailView
from handbook.models import Section
from handbook.views import HandbookIndexView
from tests.browser.test_accessibility import AXE, axe_violations, localised, nu_errors
from tests.factories import make_account, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each page shows only when its list is cut, in Swedish.
PAGES = [
    ("handbook start, a long section", "/handbok/", "sidor i avsnittet"),
    ("channel page, many accounts", "/kanaler/facebook/", "registret har alla"),
    ("side by side, a later page", "/konton/oversikt/?sida=2", "(fortsättning)"),
]


def grow():
    section = Section.objects.order_by("order").first()
    for n in range(HandbookIndexView.pages_per_section + 2):
        make_page(section=section, slug=f"extra-{n}", title=f"Ytterligare sida {n}")
    facebook = Channel.objects.get(slug="facebook")
    for n in range(ChannelDetailView.accounts_shown):
        make_account(channel=facebook, url=f"https://www.facebook.com/extrakonto{n}",
                     name=f"Extra konto {n}")  # fmt: skip


@mock.patch("registry.views.OVERVIEW_PAGE_SIZE", 10)
def test_cut_lists_pass_axe_and_the_nu_checker(site, browser):
    grow()
    client = Client()
    html = {}
    for language in ("sv", "en"):
        for name, path, shown in PAGES:
            response = client.get(localised(path, language))
            if language == "sv":
                assert shown in response.text, name  # the part that is cut is on the page
            html[f"{language}-{name}"] = response.content
    assert nu_errors(html) == []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)
    page = context.new_page()
    found = {}
    for language in ("sv", "en"):
        for name, path, _shown in PAGES:
            page.goto(site + localised(path, language))
            found[f"{language}-{name}"] = axe_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
