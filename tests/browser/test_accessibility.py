"""Every public page type, in Swedish and English, with JavaScript on and off:
axe-core finds no WCAG 2.1 A/AA violation and the Nu HTML Checker finds no error.

The tools come from package.json (make checkers): axe-core is injected into the page, and the
checker (vnu.jar) runs once on the server's own HTML for all pages.
"""

import itertools
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
# WCAG 2.1 A/AA, and axe's best practices (issue 21): content in landmarks, unique landmarks.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


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
        ("page with sources to follow", "/handbok/utvardering/inspiration/"),
        ("page, answer thanked", f"{page.get_absolute_url()}?svar=tack"),
        ("page, answer missing", f"{page.get_absolute_url()}?svar=saknas"),
        ("print view", f"{section.get_absolute_url()}utskrift/"),
        ("tag page", f"/handbok/amne/{tag.slug}/"),
        ("channel list", "/kanaler/"),
        ("channel page", "/kanaler/facebook/"),
        ("comparison", "/kanaler/jamfor/"),
        ("registry list", "/konton/"),
        ("registry filtered", "/konton/?channel=instagram&status=all&sort=-name"),
        ("registry filtered, old names", "/konton/?kanal=instagram&status=alla&sortera=-namn"),
        ("registry empty", "/konton/?q=finnsinte"),
        ("registry bad filter", "/konton/?kanal=myspace"),
        ("accounts side by side", "/konton/oversikt/"),
        ("accounts side by side per department", "/konton/oversikt/?per=enhet&status=all"),
        ("account page", active.get_absolute_url()),
        ("closed account page", closed.get_absolute_url()),
        ("verify form", "/konton/verifiera/"),
        ("verify answer", f"/konton/verifiera/?url={active.url}"),
        ("verify unknown", "/konton/verifiera/?url=https://example.org/x"),
        ("verify no account in the address", "/konton/verifiera/?url=https://youtu.be/abc123"),
        ("verify not ours", "/konton/verifiera/?url=https://x.com/exstad_fejk"),
        ("verify error", "/konton/verifiera/?url=%3Cscript%3E"),
        ("open data", "/konton/oppna-data/"),
        ("report form", "/konton/rapportera/"),
        ("search results", "/sok/?q=konto"),
        ("search narrowed by type and tag", "/sok/?q=konto&typ=handbok&tagg=s%C3%A4kerhet"),
        ("search corrected", "/sok/?q=tv%C3%A5stegsverifering"),
        ("search with a suggestion", "/sok/?q=konto%20tv%C3%A5stegsverifering"),
        ("search scoped to the handbook", "/sok/?q=konto&typ=handbok"),
        ("search without results", "/sok/?q=zzqxv"),
        ("search start", "/sok/"),
        ("feedback form", "/synpunkter/?amne=accessibility&sida=/handbok/"),
        ("accessibility statement", "/tillganglighet/"),
        ("contact a communicator", "/kontakt/"),
        ("not found", "/finns-inte-alls/"),
    ]


def localised(path, language):
    """A reader's page's address in a language: English pages live under /en/."""
    return path if language == "sv" else f"/{language}{path}"


def nu_errors(pages):
    """The Nu HTML Checker's errors for {name: html}, each named by its page."""
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
    return [f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m["type"] == "error"]  # fmt: skip


def axe_violations(page):
    result = page.evaluate("values => axe.run(document, {runOnly: {type: 'tag', values}})", WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def submitted_states(page, site, language="sv"):
    """Sends the public forms empty, then filled in; yields a name for each state shown."""
    send = page.locator("form.stacked-form button[type=submit]")
    page.goto(site + localised("/konton/rapportera/", language))
    send.click()
    yield "report errors"
    page.locator("#id_url").fill("https://www.instagram.com/exempelstaden.fejk/")
    send.click()
    page.wait_for_url("**/rapportera/tack/**")
    yield "report thanks"
    page.goto(site + localised("/synpunkter/?sida=/handbok/", language))
    send.click()
    yield "feedback errors"
    page.locator("#id_topic_1").check()
    page.locator("#id_message").fill("Datumet på sidan stämmer inte.")
    send.click()
    page.wait_for_url("**/synpunkter/tack/**")
    yield "feedback thanks"


def posted_pages(client, language="sv"):
    """The same states as submitted_states(), through Django's test client."""
    cache.clear()  # the forms' rate limits
    report, feedback_form = (
        localised(path, language) for path in ("/konton/rapportera/", "/synpunkter/")
    )
    yield "report errors", client.post(report, {})
    yield "report thanks", client.post(report, {"url": "@exstad"}, follow=True)
    yield "feedback errors", client.post(feedback_form, {"page": "/handbok/"})
    feedback = {"topic": "content", "page": "/handbok/", "message": "Fel datum."}
    yield "feedback thanks", client.post(feedback_form, feedback, follow=True)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_axe_finds_no_wcag_violations(site, browser, language, javascript):
    cache.clear()  # the forms' rate limits
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)  # into every page by the test driver, not by the site
    page = context.new_page()
    if not javascript:
        # The site's scripts never run.
        page.route("**/*.js", lambda route: route.abort())
    found = {}
    for name, path in page_types():
        page.goto(site + localised(path, language))
        found[name] = axe_violations(page)
    for name in submitted_states(page, site, language):
        found[name] = axe_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_nu_html_checker_finds_no_errors(site):
    client = Client()
    pages = {}
    for language in ("sv", "en"):
        for name, path in page_types():
            pages[f"{language}-{name}"] = client.get(localised(path, language)).content
        for name, response in posted_pages(client, language):
            assert response.status_code in (200, 400), name
            pages[f"{language}-{name}"] = response.content
    errors = nu_errors(pages)
    assert len(pages) == 2 * (len(page_types()) + 4)
    assert errors == []


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("width", [320, 375])
def test_no_page_scrolls_sideways_on_a_small_screen(site, browser, width, language):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    wide = {}  # the languages wrap differently
    for name, path in page_types():
        page.goto(site + localised(path, language))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[name] = overflow
    context.close()
    assert wide == {}


# Numbers, in document order, every element a keyboard user must be able to reach: links,
# buttons, form fields (one stop per radio group), summaries, and anything given tabindex=0.
# Natively interactive elements stay on the list even with tabindex=-1, so hiding one from the
# keyboard is caught. Hidden elements and the spam trap (aria-hidden) are left out.
NUMBER_TARGETS = """() => {
  const groups = new Map();
  let count = 0;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, '
                 + 'details > summary, [tabindex]:not([tabindex="-1"])';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[aria-hidden="true"], [inert]') || el.disabled) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;  // also closed <details>
    if (el.type === 'radio') {
      if (!groups.has(el.name)) groups.set(el.name, count++);
      el.dataset.probe = groups.get(el.name);
    } else {
      el.dataset.probe = count++;
    }
  }
  return count;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const text = (el.innerText || el.name || el.id || '').trim().slice(0, 30);
  let scrolledTop = 0, scrolledLeft = 0;
  for (let parent = el.parentElement; parent; parent = parent.parentElement) {
    scrolledTop += parent.scrollTop;
    scrolledLeft += parent.scrollLeft;
  }
  return {
    probe: el.dataset.probe === undefined ? null : Number(el.dataset.probe),
    what: `${el.tagName.toLowerCase()} “${text}”`,
    body: el === document.body,
    skip: el.classList.contains('skip-link'),
    footer: el.closest('footer, [role=contentinfo]') !== null,
    // Where the element sits in its content, whatever scrolled to show it: the window, or a
    // box of its own such as the admin's sidebar.
    top: box.top + scrolledTop, bottom: box.bottom + scrolledTop,
    left: box.left + scrolledLeft, right: box.right + scrolledLeft,
    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
             || style.boxShadow !== 'none',
  };
}"""


def walk_with_tab(page, limit):
    """Presses Tab until focus leaves the page or comes round again; the states focused."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state["body"] or (stops and state["probe"] == stops[0]["probe"] == 0):
            break
        stops.append(state)
    return stops


def jumps_back(before, after):
    """True when focus moves against the reading order: up the page without moving to a column
    on the right, or leftwards along the same line. Down the page, along a line, or up into a
    right-hand column (a sidebar after the article) all read naturally. So does moving into the
    footer, which comes after everything: measured inside the admin's sidebar, which scrolls on
    its own, a sidebar link can seem lower than a short page's footer."""
    if after.get("footer") and not before.get("footer"):
        return False
    same_line = after["top"] < before["bottom"] and before["top"] < after["bottom"]
    upwards = after["bottom"] <= before["top"] and after["left"] < before["right"]
    return upwards or (same_line and after["right"] <= before["left"])


def tab_order_problems(page):
    expected = page.evaluate(NUMBER_TARGETS)
    stops = walk_with_tab(page, limit=expected + 5)
    problems = []
    if not stops or not stops[0]["skip"]:
        problems.append(f"the first stop is not the skip link: {stops[:1]}")
    reached = [stop["probe"] for stop in stops]
    if reached != list(range(expected)):
        missing = sorted(set(range(expected)) - set(reached))
        unlisted = [stop["what"] for stop in stops if stop["probe"] is None]
        problems.append(f"order {reached[:60]} of {expected}; missing {missing[:10]}; "
                        f"unlisted stops {unlisted[:5]}")  # fmt: skip
    for stop in stops:
        if not stop["visible"]:
            problems.append(f"no visible focus on {stop['what']}")
    for before, after in itertools.pairwise(stops[1:]):  # the skip link sits apart by design
        if jumps_back(before, after):
            problems.append(f"focus jumps back from {before['what']} to {after['what']}")
    return problems


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_tab_reaches_everything_in_reading_order_with_a_visible_focus(site, browser, javascript):
    """WCAG 2.1.1, 2.4.3 and 2.4.7 on every page type: Tab reaches every link, button and field
    exactly once, in the order they are read, and each shows where the focus is."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    problems = {}
    for name, path in page_types():
        page.goto(site + path)
        if found := tab_order_problems(page):
            problems[name] = found
    context.close()
    assert problems == {}


def test_skip_link_works_on_every_page(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    broken = []
    for name, path in page_types():
        page.goto(site + path)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "main":
            broken.append(name)
    context.close()
    assert broken == []


def test_print_button_works_by_keyboard_and_is_absent_without_javascript(site, browser):
    context = browser.new_context()
    page = context.new_page()
    section = Section.objects.order_by("order").first()
    page.goto(f"{site}{section.get_absolute_url()}utskrift/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button = page.get_by_role("button", name="Skriv ut")
    stops = walk_with_tab(page, limit=20)
    assert any(stop["what"] == "button “Skriv ut”" for stop in stops)
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") == 1
    page.keyboard.press("Space")
    assert page.evaluate("window.printed") == 2
    page.route("**/*.js", lambda route: route.abort())
    page.reload()
    assert button.is_hidden()  # a button that would do nothing is not offered
    context.close()


# What must not reach paper: the site's chrome, forms' buttons and navigation aids.
ON_SCREEN_ONLY = (
    ".site-header, .site-footer, .skip-link, .breadcrumbs, .search-form, .section-nav, "
    ".prev-next, .toc, .pagination, .filters, .facets, .kind-facets, button"
)
PRINTED = """selector => {
  const main = document.querySelector('main');
  const style = getComputedStyle(document.body);
  const shown = [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map(el => el.className || el.tagName);
  const unexplained = [...main.querySelectorAll('a[href^="http"]')]
    .filter(a => a.getClientRects().length)
    .filter(a => !a.innerText.includes(new URL(a.href).host.replace(/^www\\./, ''))
                 && !getComputedStyle(a, '::after').content.includes(a.getAttribute('href')))
    .map(a => a.innerText.slice(0, 30));
  return {
    shown, unexplained,
    overflow: document.documentElement.scrollWidth - innerWidth,
    colours: [style.color, style.backgroundColor],
    heading: !!main.querySelector('h1') && main.querySelector('h1').getClientRects().length > 0,
  };
}"""


def test_print_style_sheet_gives_clean_printouts(site, browser):
    """On paper (print media, A4 width): the content without menus, search, buttons or
    navigation; black on white; nothing cut off at the side; web links spelled out."""
    context = browser.new_context(viewport={"width": 700, "height": 1000})  # A4 less margins
    page = context.new_page()
    page.emulate_media(media="print")
    problems = {}
    for name, path in page_types():
        page.goto(site + path)
        printed = page.evaluate(PRINTED, ON_SCREEN_ONLY)
        found = []
        if printed["shown"]:
            found.append(f"printed: {printed['shown'][:5]}")
        if printed["unexplained"]:
            found.append(f"links without their address: {printed['unexplained'][:5]}")
        if printed["overflow"] > 0:
            found.append(f"{printed['overflow']} px too wide")
        if printed["colours"] != ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]:
            found.append(f"colours {printed['colours']}")
        if not printed["heading"]:
            found.append("no heading")
        if found:
            problems[name] = found
    pdf = page.pdf(format="A4")  # the handbook's print view, the last one visited
    context.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_text_zoomed_to_200_percent_stays_readable(site, browser, language):
    """WCAG 1.4.4 and 1.4.10: double text size on a 640 px window, nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": 640, "height": 800})
    page = context.new_page()
    wide = {}
    for name, path in page_types():
        page.goto(site + localised(path, language))
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[name] = overflow
    context.close()
    assert wide == {}
