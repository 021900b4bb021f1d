"""Issue 21, first step: the admin pages an editor uses, in Swedish and English, with
JavaScript on and off: axe-core finds no WCAG 2.0, 2.1 or 2.2 A/AA violation, and the Nu HTML
Checker finds no error in any of them, Django's own included."""

import base64
import csv
import io
import itertools
import time

import pytest
from django.test import Client

from channels.models import Channel
from handbook.models import Image, Page, Resource, Section
from registry.models import Account, Department, Proposal
from tests.browser.test_accessibility import AXE, nu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "ett-langt-losenord"


def admin_pages():
    """(name, path) for every kind of admin page an editor meets, from the demo content."""
    page = Page.objects.published().first()
    account = Account.objects.filter(status="active").first()
    pages = [
        ("index", "/admin/"),
        ("review queue", "/admin/att-granska/"),
        ("broken links", "/admin/trasiga-lankar/"),
        ("page list", "/admin/handbook/page/"),
        ("page list, due for review", "/admin/handbook/page/?review=due"),
        ("page list, searched", "/admin/handbook/page/?q=konto"),
        ("page form", f"/admin/handbook/page/{page.pk}/change/"),
        ("new page form", "/admin/handbook/page/add/"),
        ("page history", f"/admin/handbook/page/{page.pk}/history/"),
        ("page versions", f"/admin/handbook/page/{page.pk}/versioner/"),
        ("section form", f"/admin/handbook/section/{Section.objects.first().pk}/change/"),
        ("image list", "/admin/handbook/image/"),
        ("page answers", "/admin/handbook/pagevote/"),
        ("channel list", "/admin/channels/channel/"),
        ("channel form", f"/admin/channels/channel/{Channel.objects.first().pk}/change/"),
        ("account list", "/admin/registry/account/"),
        ("account list, filtered", "/admin/registry/account/?status__exact=active"),
        ("account form", f"/admin/registry/account/{account.pk}/change/"),
        ("new account form", "/admin/registry/account/add/"),
        ("overdue reviews", "/admin/registry/account/forfallna/"),
        ("import", "/admin/registry/account/import/"),
        ("department form",
         f"/admin/registry/department/{Department.objects.first().pk}/change/"),
        ("reports", "/admin/registry/report/"),
        ("feedback", "/admin/feedback/feedback/"),
        ("synonyms", "/admin/search/synonym/"),
        ("tags", "/admin/taggit/tag/"),
        ("section list", "/admin/handbook/section/"),
        ("cards", "/admin/handbook/tip/"),
        ("communicators", "/admin/registry/communicator/"),
        ("authenticator apps", "/admin/otp_totp/totpdevice/"),
        ("failed sign-ins", "/admin/axes/accessattempt/"),
    ]  # fmt: skip
    proposed = Account.objects.filter(status="proposed").first()
    proposal, _created = Proposal.objects.get_or_create(
        account=proposed,
        defaults={
            "why_channel": "Målgruppen finns där.",
            "resources": "Två personer.",
            "manager": "Eva Exempel",
            "routines": "Varje vecka.",
            "unwanted_content": "Döljs.",
        },
    )
    pages += [
        ("proposals", "/admin/registry/proposal/"),
        ("proposal", f"/admin/registry/proposal/{proposal.pk}/change/"),
        ("proposed account form", f"/admin/registry/account/{proposed.pk}/change/"),
        ("resources", "/admin/handbook/resource/"),
        ("site settings", "/admin/base/sitesettings/add/"),
        ("resource form", f"/admin/handbook/resource/{Resource.objects.first().pk}/change/"),
    ]
    image = Image.objects.first()
    if image is not None:
        pages.append(("image form", f"/admin/handbook/image/{image.pk}/change/"))
    return pages


def sign_in(page, site):
    from django.contrib.auth.models import User

    if not User.objects.filter(username="granskare").exists():
        User.objects.create_superuser("granskare", "granskare@example.org", PASSWORD)
    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill("granskare")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site}/admin/")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_axe_finds_no_wcag_violations_in_the_admin(site, browser, language, javascript):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)
    page = context.new_page()
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    page.goto(f"{site}/sprak/{language}/?next=/")
    found = {}
    page.goto(f"{site}/admin/login/")
    found["sign-in"] = violations(page)
    sign_in(page, site)
    for name, path in admin_pages():
        page.goto(site + path)
        found[name] = violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def violations(page):
    result = page.evaluate("values => axe.run(document, {runOnly: {type: 'tag', values}})", WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def test_nu_html_checker_finds_no_errors_in_the_portals_admin_pages(site, settings):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("granskare", "g@example.org", PASSWORD))
    pages = {}
    for language in ("sv", "en"):
        client.get(f"/sprak/{language}/?next=/")
        for name, path in admin_pages():  # Django's own pages as well as the portal's
            response = client.get(path)
            assert response.status_code == 200, path
            pages[f"{language}-{name}"] = response.content
    # The sign-in's own steps: setting up the app (a signed-in user who owes the second factor)
    # and the lockout page.
    settings.PORTAL_REQUIRE_2FA = True
    owing = Client()
    owing.force_login(User.objects.create_superuser("tvasteg", "t@example.org", PASSWORD))
    pages["second-factor"] = owing.get("/admin/tvastegsverifiering/").content
    for _ in range(6):
        locked = Client().post("/admin/login/", {"username": "tvasteg", "password": "fel"})
    assert locked.status_code == 429
    pages["locked-out"] = locked.content
    assert len(pages) == 2 * len(admin_pages()) + 2
    assert nu_errors(pages) == []


FROM_THE_TOP = """() => {
  document.activeElement.blur();
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute('tabindex');
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_tab_reaches_everything_in_the_admin_in_order_with_a_visible_focus(
    site, browser, javascript
):
    """WCAG 2.1.1, 2.4.3, 2.4.7 on every admin page: from the top of the page, Tab reaches the
    skip link first, then every link, button and field once, in reading order, each with a
    visible focus."""
    from tests.browser.test_accessibility import NUMBER_TARGETS, jumps_back, walk_with_tab

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, site)
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    problems = {}
    for name, path in admin_pages():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")  # the live previews' links are in the walk
        page.evaluate(FROM_THE_TOP)  # an add form puts the focus in its first field
        expected = page.evaluate(NUMBER_TARGETS)
        stops = walk_with_tab(page, limit=expected + 5)
        found = []
        if not stops or "Hoppa till" not in stops[0]["what"]:
            found.append(f"the first stop is not the skip link: {stops[:1]}")
        reached = [stop["probe"] for stop in stops]
        if reached != list(range(expected)):
            found.append(f"order {reached[:40]} of {expected}")
        found += [f"no visible focus on {stop['what']}" for stop in stops if not stop["visible"]]
        for before, after in itertools.pairwise(stops[1:]):
            if jumps_back(before, after):
                found.append(f"focus jumps back from {before['what']} to {after['what']}")
        if found:
            problems[name] = found
    context.close()
    assert problems == {}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_sign_in_steps_pass_axe_and_work_with_the_keyboard(site, browser, settings, language):
    """Issue 18 point 2 and issue 21 point 1: setting up the app, typing its code and the lockout
    page, as a person does them (the secret typed from the page), each with no axe violation."""
    from django.contrib.auth.models import User
    from django_otp.oath import TOTP

    settings.PORTAL_REQUIRE_2FA = True
    User.objects.create_superuser("tvasteg", "t@example.org", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"{site}/sprak/{language}/?next=/")
    page.goto(f"{site}/admin/login/")
    page.keyboard.press("Tab")  # the skip link
    page.locator("#id_username").focus()
    page.keyboard.type("tvasteg")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/tvastegsverifiering/**")
    found = {"set-up": violations(page)}
    secret = page.locator(".otp-secret").inner_text().replace(" ", "")
    assert page.locator("svg.otp-qr").count() == 1
    assert page.evaluate("document.activeElement.id") == "id_code"  # focus is where to type

    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    page.locator("#code-error").wait_for()
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    found["wrong code"] = violations(page)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.update(throttling_failure_count=0)
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time()
    page.locator("#id_code").fill(f"{totp.token():06d}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/admin/")

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    other.add_init_script(path=AXE)
    locked = other.new_page()
    locked.goto(f"{site}/sprak/{language}/?next=/")
    for _ in range(6):
        locked.goto(f"{site}/admin/login/")
        locked.locator("#id_username").fill("tvasteg")
        locked.locator("#id_password").fill("fel")
        with locked.expect_navigation() as answer:
            locked.locator("input[type=submit]").click()
    assert answer.value.status == 429
    assert locked.locator(".errornote").count() == 1
    found["locked out"] = violations(locked)
    context.close()
    other.close()
    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_admins_posted_states_pass_axe_and_the_nu_checker(site, browser, language):
    """Issue 21 point 1: the states a form leads to, not only the pages one opens: an import's
    preview (rows to save and rows with errors) and the tag merge page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"{site}/sprak/{language}/?next=/")
    sign_in(page, site)
    found, html = {}, {}

    exported = page.request.get(f"{site}/konton/export.csv").body().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported), delimiter=";"))
    header = rows[0]
    broken = list(rows[1])  # a new account on a channel the registry does not know: an error
    broken[header.index("id")], broken[header.index("channel")] = "", "myspace"
    rows[2][header.index("name")] = "Ett ändrat namn"  # a row to save
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, broken, *rows[2:6]])
    upload = out.getvalue().encode("utf-8")
    page.goto(f"{site}/admin/registry/account/import/")
    page.locator("#id_import_file").set_input_files(
        files=[{"name": "konton.csv", "mimeType": "text/csv", "buffer": upload}]
    )
    with page.expect_navigation() as answer:
        page.locator("form[enctype] input[type=submit]").click()
    found["import preview"] = violations(page)
    html[f"{language}-import-preview"] = answer.value.body()
    assert page.locator("input[name=confirm]").count() == 1  # rows to save
    assert page.locator("td .errorlist").count() == 1  # and the row left out
    # Confirming asks for nothing again (WCAG 3.3.7): the file and choices travel with the form.
    assert (
        page.locator("input[name=confirm]")
        .locator("xpath=ancestor::form//input[@type='file']")
        .count()
        == 0
    )
    with page.expect_navigation():
        page.locator("input[name=confirm]").click()
    assert page.locator(".messagelist .success").count() == 1

    page.goto(f"{site}/admin/taggit/tag/")
    page.locator("input[name=_selected_action]").nth(0).check()
    page.locator("input[name=_selected_action]").nth(1).check()
    page.locator("select[name=action]").select_option("merge")
    with page.expect_navigation() as answer:
        page.locator("button[name=index]").click()
    assert page.locator("#id_target").count() == 1
    found["tag merge"] = violations(page)
    html[f"{language}-tag-merge"] = answer.value.body()
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
    assert nu_errors(html) == []


def test_sign_in_works_with_paste_and_a_password_manager(site, browser, settings):
    """Issue 21 point 3 (WCAG 3.3.8): nothing to remember or transcribe. The fields say what
    they hold, so a password manager fills them; pasting works in each, the code included."""
    from django.contrib.auth.models import User
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.PORTAL_REQUIRE_2FA = True
    user = User.objects.create_superuser("klistra", "k@example.org", PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    assert page.locator("#id_username").get_attribute("autocomplete") == "username"
    assert page.locator("#id_password").get_attribute("autocomplete") == "current-password"

    def paste(selector, text):
        page.evaluate("text => navigator.clipboard.writeText(text)", text)
        page.locator(selector).focus()
        page.keyboard.press("Control+V")
        assert page.locator(selector).input_value() == text

    paste("#id_username", "klistra")
    paste("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/tvastegsverifiering/**")
    assert page.locator("#id_code").get_attribute("autocomplete") == "one-time-code"
    totp = TOTP(device.bin_key)
    totp.time = time.time()
    paste("#id_code", f"{totp.token():06d}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/admin/")
    context.close()
