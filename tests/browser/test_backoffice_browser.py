import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_department_editor_works_in_their_own_departments_accounts(site, browser):
    """Issue 16: what a department editor sees and may do in the admin, in a real browser."""
    from django.contrib.auth.models import Group, User

    from registry.access import DEPARTMENT_EDITOR
    from registry.models import Account, Department

    culture = Department.objects.get(slug="kultur")
    editor = User.objects.create_user("kultur", "k@example.org", "ett-langt-losenord",
                                      is_staff=True)  # fmt: skip
    editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
    culture.editors.add(editor)
    theirs = Account.objects.filter(department__in=culture.children.all()).first()
    other = Account.objects.exclude(department=culture).exclude(
        department__parent=culture).first()  # fmt: skip

    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Användarnamn").fill("kultur")
    page.get_by_label("Lösenord").fill("ett-langt-losenord")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{site}/admin/")  # signed in before going on, never racing the sign-in
    page.goto(f"{site}/admin/registry/account/")
    names = page.locator("#result_list tbody th a").all_inner_texts()
    assert theirs.name in names
    assert other.name not in names

    # Their own account: the department offers their departments only, the status is shown
    # but cannot be changed.
    page.goto(f"{site}/admin/registry/account/{theirs.pk}/change/")
    options = page.locator("#id_department option").all_inner_texts()
    assert {option for option in options if option.strip("-")} <= {
        str(d) for d in Department.objects.filter(pk=culture.pk) | culture.children.all()
    }
    assert page.locator("#id_status").count() == 0
    assert page.locator(".field-status .readonly").inner_text().strip()
    page.get_by_role("textbox", name="Syfte:").fill("Ett nytt syfte från förvaltningen.")
    page.get_by_role("button", name="Spara", exact=True).click()
    assert "Ändrade konto" in page.locator(".messagelist").inner_text()
    theirs.refresh_from_db()
    assert theirs.purpose == "Ett nytt syfte från förvaltningen."
    assert theirs.history.first().history_user == editor

    # Another department's account does not exist for them.
    page.goto(f"{site}/admin/registry/account/{other.pk}/change/")
    assert "finns inte" in page.locator(".messagelist").inner_text()
    context.close()


def test_two_editors_never_overwrite_each_other(site, browser):
    """Issue 17, point 1: two editors, two real browser contexts, one handbook page."""
    from django.contrib.auth.models import User

    from handbook.models import Page

    target = Page.objects.filter(is_published=True).first()
    url = f"{site}/admin/handbook/page/{target.pk}/change/"
    pages = []
    for name in ("anna", "bo"):
        User.objects.create_superuser(name, f"{name}@example.org", "ett-langt-losenord")
        context = browser.new_context(locale="sv-SE")
        page = context.new_page()
        page.goto(f"{site}/admin/login/")
        page.get_by_label("Användarnamn").fill(name)
        page.get_by_label("Lösenord").fill("ett-langt-losenord")
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"{site}/admin/")  # signed in before going on
        page.goto(url)
        pages.append(page)
    anna, bo = pages

    bo.locator("#id_summary").fill("Bo skrev den här sammanfattningen.")
    bo.get_by_role("button", name="Spara", exact=True).click()
    expect(bo.locator(".messagelist")).to_contain_text("Ändrade sida")

    anna.locator("#id_summary").fill("Anna skrev en annan sammanfattning.")
    anna.get_by_role("button", name="Spara", exact=True).click()
    anna.locator("ul.errorlist.nonfield").first.wait_for()  # the form, back with the news
    errors = anna.locator(".errornote, ul.errorlist.nonfield").all_inner_texts()
    assert any("bo sparade ändringar" in text for text in errors), errors
    assert any("Bo skrev den här sammanfattningen." in text for text in errors), errors
    assert anna.locator("#id_summary").input_value() == "Anna skrev en annan sammanfattning."
    target.refresh_from_db()  # the page is live: the change waits in its draft
    assert target.apply_draft().summary == "Bo skrev den här sammanfattningen."

    anna.get_by_role("button", name="Spara", exact=True).click()  # knowingly, the second time
    assert "Ändrade sida" in anna.locator(".messagelist").inner_text()
    target.refresh_from_db()
    assert target.apply_draft().summary == "Anna skrev en annan sammanfattning."
    for page in pages:
        page.context.close()


def test_an_editor_places_an_image_from_the_picker(site, browser):
    """Issue 17, point 6: the page form lists images with their codes; the copy button copies
    one, and the pasted code shows the image on the page with its alternative text."""
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile

    from handbook.models import Image, Page
    from tests.handbook.test_images import png_bytes

    image = Image(title="Skärmbild", alt_text="Inställningar för tvåstegsverifiering")
    image.file = SimpleUploadedFile("skarm.png", png_bytes(600, 400))
    image.full_clean()
    image.save()
    target = Page.objects.filter(is_published=True).first()
    User.objects.create_superuser("anna", "anna@example.org", "ett-langt-losenord")
    context = browser.new_context(locale="sv-SE")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("ett-langt-losenord")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{site}/admin/")  # signed in before going on, never racing the sign-in
    page.goto(f"{site}/admin/handbook/page/{target.pk}/change/")

    picker = page.locator(".image-picker")
    assert f"[bild:{image.pk}]" in picker.inner_text()
    picker.get_by_role("button", name=f"Kopiera [bild:{image.pk}]").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"[bild:{image.pk}]"
    body = page.locator("#id_body")
    body.fill(body.input_value() + "\n\n" + page.evaluate("navigator.clipboard.readText()"))
    page.get_by_role("button", name="Spara", exact=True).click()
    assert "Ändrade sida" in page.locator(".messagelist").inner_text()

    page.goto(f"{site}{target.get_absolute_url()}")
    figure = page.locator("main figure img")
    assert figure.get_attribute("alt") == "Inställningar för tvåstegsverifiering"
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_an_editor_previews_a_draft_of_a_live_page(site, browser, javascript):
    """Issue 17, point 2: with JavaScript a preview beside the body follows the typing (rendered
    by the server); without it, "Förhandsgranska" opens the draft at the page's own address.
    Readers keep the published text either way."""
    from django.contrib.auth.models import User

    from handbook.models import Page

    target = Page.objects.filter(is_published=True).first()
    User.objects.create_superuser("anna", "anna@example.org", "ett-langt-losenord")
    context = browser.new_context(locale="sv-SE", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("ett-langt-losenord")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{site}/admin/")  # signed in before going on, never racing the sign-in
    page.goto(f"{site}/admin/handbook/page/{target.pk}/change/")
    body = page.locator("#id_body")
    body.fill("## Ny rubrik\n\nEn **utkastmening** <script>alert(1)</script>")
    if javascript:
        preview = page.locator(".live-preview")
        preview.locator("strong", has_text="utkastmening").wait_for()
        assert preview.locator("h2").inner_text() == "Ny rubrik"
        assert preview.locator("script").count() == 0
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_url(f"**{target.get_absolute_url()}")
    assert "Förhandsgranskning av ett utkast" in page.get_by_role("note").first.inner_text()
    assert page.locator("main strong", has_text="utkastmening").count() == 1

    reader = browser.new_context(locale="sv-SE").new_page()
    reader.goto(f"{site}{target.get_absolute_url()}")
    assert "utkastmening" not in reader.content()
    reader.context.close()
    context.close()


def test_an_administrator_switches_the_demo_to_another_organisation_and_back(site, browser):
    """Issue 20, point 1: name, logo and colours from the admin, on every page, no restart."""
    from django.contrib.auth.models import User

    from tests.base.test_identity import LOGO_SVG

    User.objects.create_superuser("admin", "admin@example.org", "ett-langt-losenord")
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("ett-langt-losenord")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{site}/admin/")

    def header():
        page.goto(f"{site}/kanaler/")
        return (page.locator(".brand-org").inner_text(),
                page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor"),
                page.locator("main a").first.evaluate("e => getComputedStyle(e).color"),
                page.locator(".brand img").get_attribute("src"))  # fmt: skip

    assert header()[:3] == ("Exempelstaden", "rgb(31, 78, 121)", "rgb(11, 83, 148)")
    page.goto(f"{site}/admin/")
    page.get_by_role("link", name="Webbplatsens inställningar").click()
    assert page.get_by_label("Organisationens namn").input_value() == "Exempelstaden"
    page.get_by_label("Organisationens namn").fill("Region Exempel")
    page.get_by_label("Huvudfärg").fill("#ffcc00")  # white text on yellow: refused
    with page.expect_navigation():
        page.get_by_role("button", name="Spara", exact=True).click()
    assert "WCAG AA kräver minst 4,5:1" in page.locator(".errorlist").first.inner_text()
    page.get_by_label("Huvudfärg").fill("#5a1f79")
    page.get_by_label("Accentfärg").fill("#6b2a8f")
    page.locator("#id_logo").set_input_files(
        files=[{"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": LOGO_SVG}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Spara", exact=True).click()
    assert page.locator(".messagelist .success").count() == 1

    name, background, link, logo = header()
    assert (name, background, link) == ("Region Exempel", "rgb(90, 31, 121)", "rgb(107, 42, 143)")
    assert logo.startswith("/media/identity/") and logo.endswith(".svg")

    page.goto(f"{site}/admin/base/sitesettings/")  # the one record's form
    page.get_by_label("Organisationens namn").fill("Exempelstaden")
    page.get_by_label("Huvudfärg").fill("#1f4e79")
    page.get_by_label("Accentfärg").fill("#0b5394")
    page.get_by_label("Rensa").check()  # the logo: back to the default
    with page.expect_navigation():
        page.get_by_role("button", name="Spara", exact=True).click()
    assert header() == ("Exempelstaden", "rgb(31, 78, 121)", "rgb(11, 83, 148)",
                        "/static/img/logo.svg")  # fmt: skip
    context.close()
