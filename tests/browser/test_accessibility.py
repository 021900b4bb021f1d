"""Every public page type, in Swedish and English, with JavaScript on and off:
axe-core finds no WCAG 2.1 A/AA violation and the Nu HTML Checker finds no error.

The tools come from package.json (make checkers): axe-core is injected into the page, and the
checker (vnu.jar) runs once on the server's own HTML for all pages.
"""

import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from handbook.models import Page, Section
from registry.models import Account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NODE_MODULES = settings.BASE_DIR / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def page_types():
    """(name, path) for one page of every public type, picked from the demo content."""
    section = Section.objects.order_by("order").first()
    page = Page.objects.published().filter(tags__isnull=False).first()
    tag = page.tags.first()
    active = Account.objects.filter(status="active").first()
    closed = Account.objects.filter(status="closed").first()
    return [
        ("home", "/"),
        ("handbook start", "/handbok/"),
        ("section", section.get_absolute_url()),
        ("page", page.get_absolute_url()),
        ("print view", f"{section.get_absolute_url()}utskrift/"),
        ("tag page", f"/handbok/amne/{tag.slug}/"),
        ("channel list", "/kanaler/"),
        ("channel page", "/kanaler/facebook/"),
        ("comparison", "/kanaler/jamfor/"),
        ("registry list", "/konton/"),
        ("registry filtered", "/konton/?kanal=instagram&status=alla&sortera=-namn"),
        ("registry empty", "/konton/?q=finnsinte"),
        ("registry bad filter", "/konton/?kanal=myspace"),
        ("account page", active.get_absolute_url()),
        ("closed account page", closed.get_absolute_url()),
        ("verify form", "/konton/verifiera/"),
        ("verify answer", f"/konton/verifiera/?url={active.url}"),
        ("verify unknown", "/konton/verifiera/?url=https://example.org/x"),
        ("verify error", "/konton/verifiera/?url=%3Cscript%3E"),
        ("open data", "/konton/oppna-data/"),
        ("report form", "/konton/rapportera/"),
        ("search results", "/sok/?q=konto"),
        ("search narrowed by type and tag", "/sok/?q=konto&typ=handbok&tagg=s%C3%A4kerhet"),
        ("search with a suggestion", "/sok/?q=tv%C3%A5stegsverifering"),
        ("search without results", "/sok/?q=zzqxv"),
        ("search start", "/sok/"),
        ("accessibility statement", "/tillganglighet/"),
        ("not found", "/finns-inte-alls/"),
    ]


def axe_violations(page):
    page.evaluate(AXE.read_text())
    result = page.evaluate("values => axe.run(document, {runOnly: {type: 'tag', values}})", WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_axe_finds_no_wcag_violations(site, browser, language, javascript):
    cache.clear()  # the report form's rate limit
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if not javascript:
        # The site's scripts never run (axe itself is injected by the test driver, not the page).
        page.route("**/*.js", lambda route: route.abort())
    page.goto(f"{site}/sprak/{language}/?next=/")
    found = {}
    for name, path in page_types():
        page.goto(site + path)
        found[name] = axe_violations(page)
    # The report form's error and confirmation states.
    page.goto(f"{site}/konton/rapportera/")
    page.locator("form.stacked-form button[type=submit]").click()
    found["report errors"] = axe_violations(page)
    page.locator("#id_url").fill("https://www.instagram.com/exempelstaden.fejk/")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/rapportera/tack/**")
    found["report thanks"] = axe_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_nu_html_checker_finds_no_errors(site):
    client = Client()
    pages = {}
    for language in ("sv", "en"):
        client.get(f"/sprak/{language}/?next=/")
        for name, path in page_types():
            pages[f"{language}-{name}"] = client.get(path).content
        cache.clear()
        pages[f"{language}-report errors"] = client.post("/konton/rapportera/", {}).content
        thanks = client.post("/konton/rapportera/", {"url": "@exstad", "channel": ""}, follow=True)
        pages[f"{language}-report thanks"] = thanks.content
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, html in pages.items():
            path = Path(folder) / (name.replace(" ", "-") + ".html")
            path.write_bytes(html)
            files.append(str(path))
        run = subprocess.run(
            ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert len(pages) == 2 * (len(page_types()) + 2)
    assert errors == []


@pytest.mark.parametrize("width", [320, 375])
def test_no_page_scrolls_sideways_on_a_small_screen(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    wide = {}
    for name, path in page_types():
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[name] = overflow
    context.close()
    assert wide == {}


FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, text: (el.innerText || el.name || el.id || '').slice(0, 40),
    visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
             || style.boxShadow !== 'none',
    positive: [...document.querySelectorAll('[tabindex]')].some(e => e.tabIndex > 0),
  };
}"""


def test_keyboard_reaches_everything_with_a_visible_focus(site, browser):
    """Tab through each page: focus never disappears, never jumps by a positive tabindex."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = {}
    for name, path in page_types():
        page.goto(site + path)
        interactive = page.locator(
            "a[href], button, input:not([type=hidden]):not([tabindex='-1']), select, textarea, "
            "[tabindex='0']"
        ).count()
        seen = 0
        for _ in range(min(interactive, 40)):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state["positive"]:
                problems.setdefault(name, []).append("positive tabindex")
                break
            if state["tag"] == "BODY":
                break
            seen += 1
            if not state["visible"]:
                problems.setdefault(name, []).append(f"no visible focus: {state}")
        if seen < min(interactive, 40):
            problems.setdefault(name, []).append(f"focus reached {seen} of {interactive}")
    context.close()
    assert problems == {}


def test_text_zoomed_to_200_percent_stays_readable(site, browser):
    """WCAG 1.4.4 and 1.4.10: double text size on a 640 px window, nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": 640, "height": 800})
    page = context.new_page()
    wide = {}
    for name, path in page_types():
        page.goto(site + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[name] = overflow
    context.close()
    assert wide == {}
