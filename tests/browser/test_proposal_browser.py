"""Issue 20, point 6 in a real browser: a member of staff signs in on the public pages, answers
the questions before you start and sends a proposal, by keyboard, with JavaScript on and off,
in Swedish and English; every state passes axe and the Nu checker."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from registry.models import Proposal, Status
from tests.browser.test_accessibility import AXE, axe_violations, nu_errors, tab_order_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = {
    "id_why_channel": "Unga vuxna finns där.",
    "id_purpose": "Visa vardagen på fritidsgårdarna.",
    "id_audiences": "Unga 13–19 år\nFöräldrar",
    "id_resources": "Två fritidsledare, två timmar i veckan.",
    "id_manager": "Eva Exempel, enhetschef",
    "id_routines": "Arkivering varje månad, svar inom en arbetsdag.",
    "id_unwanted_content": "Skärmdump, diarieför, dölj.",
    "id_goals": "Fler besökare; utvärdering efter sex månader.",
    "id_name": "Fritidsgårdarna",
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_staff_propose_an_account_by_keyboard(site, browser, language, javascript):
    User.objects.create_user("medarbetare", "m@example.org", "medarbetare")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)
    page = context.new_page()
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    prefix = "" if language == "sv" else f"/{language}"
    page.goto(f"{site}{prefix}/handbok/kom-igang/fragor-innan-du-borjar/")
    found = {}
    # From the handbook's questions to the form, which asks to sign in first.
    with page.expect_navigation():
        page.locator(f"main a[href='{prefix}/konton/foresla/']").first.click()
    assert page.url == f"{site}{prefix}/logga-in/?next={prefix}/konton/foresla/"
    found["sign in"] = axe_violations(page)
    page.locator("#id_username").fill("medarbetare")
    page.locator("#id_password").fill("medarbetare")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site}{prefix}/konton/foresla/"
    found["form"] = axe_violations(page)
    found["form, tab order"] = tab_order_problems(page)

    # Sent empty: an error summary that leads to each field.
    with page.expect_navigation():
        page.locator("form.proposal-form button[type=submit]").click()
    found["form with errors"] = axe_violations(page)
    summary = page.locator(".error-summary")
    assert summary.locator("a").count() >= 10
    summary.locator("a[href='#id_why_channel']").click()
    assert page.evaluate("document.activeElement.id") == "id_why_channel" or not javascript

    page.locator("#id_channel").select_option("instagram")
    page.locator("#id_department").select_option(index=1)
    for field, text in TYPED.items():
        page.locator(f"#{field}").fill(text)
    page.locator("#id_goals").focus()
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"{prefix}/konton/foresla/tack/?ref=F" in page.url
    found["thanks"] = axe_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
    proposal = Proposal.objects.get()
    assert proposal.account.status == Status.PROPOSED
    assert proposal.account.audience_list == ["Unga 13–19 år", "Föräldrar"]


def test_nu_html_checker_finds_no_errors_in_the_proposal_pages(site):
    User.objects.create_user("medarbetare", "m@example.org", "medarbetare")
    pages = {}
    for language in ("sv", "en"):
        client = Client()
        prefix = "" if language == "sv" else f"/{language}"
        sign_in = client.get(f"{prefix}/logga-in/?next={prefix}/konton/foresla/")
        pages[f"{language}-sign-in"] = sign_in.content
        failed = client.post(f"{prefix}/logga-in/", {"username": "medarbetare", "password": "fel"})
        pages[f"{language}-sign-in-failed"] = failed.content
        client.force_login(User.objects.get(username="medarbetare"))
        pages[f"{language}-form"] = client.get(f"{prefix}/konton/foresla/").content
        errors = client.post(f"{prefix}/konton/foresla/", {})
        assert errors.status_code == 400
        pages[f"{language}-form-errors"] = errors.content
        pages[f"{language}-thanks"] = client.get(f"{prefix}/konton/foresla/tack/?ref=F1").content
    assert nu_errors(pages) == []
