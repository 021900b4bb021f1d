import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_goes_from_start_page_to_a_page_and_searches(site, page):
    """A reader opens the handbook, follows a section to a page, then uses the search box."""
    page.goto(f"{site}/handbok/")
    assert page.locator("h1").inner_text() == "Handbok i sociala medier"
    assert page.locator("html").get_attribute("lang") == "sv"

    page.get_by_role("link", name="Säkerhet", exact=True).click()
    page.wait_for_url("**/handbok/sakerhet/")
    assert page.locator("h1").inner_text() == "Säkerhet"

    page.locator(".page-list").get_by_role("link", name="Skydda ditt konto").click()
    page.wait_for_url("**/handbok/sakerhet/skydda-ditt-konto/")
    assert page.locator("h1").inner_text() == "Skydda ditt konto"
    breadcrumbs = page.get_by_role("navigation", name="Brödsmulor")
    assert "Säkerhet" in breadcrumbs.inner_text()
    contents = page.get_by_role("navigation", name="På den här sidan")
    first_entry = contents.get_by_role("link").first
    target = first_entry.get_attribute("href")
    first_entry.click()
    assert page.evaluate("decodeURIComponent(location.hash)") == target
    heading = page.evaluate(
        "document.getElementById(decodeURIComponent(location.hash).slice(1))?.tagName"
    )
    assert heading == "H2"

    search = page.get_by_label("Sök i portalen").first
    search.fill("tvåstegsverifiering")
    search.press("Enter")
    page.wait_for_url("**/sok/?q=*")
    assert "träff" in page.get_by_role("status").inner_text()
    first_hit = page.locator(".search-results li").first
    assert first_hit.locator("mark").count() >= 1
    assert page.problems == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_cards_open_and_close_with_the_keyboard(site, page, javascript):
    """“Att tänka på” cards are native <details>: Enter opens and closes them, script or not."""
    if not javascript:
        page.route("**/*.js", lambda route: route.abort())
    page.goto(f"{site}/handbok/")
    summary = page.locator("details.tip summary").first
    card = page.locator("details.tip").first
    assert card.get_attribute("open") is None
    summary.focus()
    page.keyboard.press("Enter")
    assert card.get_attribute("open") is not None
    page.keyboard.press("Enter")
    assert card.get_attribute("open") is None


def test_english_switch_works_in_the_browser(site, page):
    page.goto(f"{site}/handbok/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/handbok/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Handbook on social media"
    assert page.problems == []


@pytest.mark.parametrize("javascript", [True, False])
def test_a_reader_answers_was_this_page_helpful(site, browser, javascript):
    """Issue 17, point 8, in a real browser: the form is posted from the page itself (which is
    what its origin check needs), with or without JavaScript, and the answer is stored."""
    from handbook.models import PageVote

    context = browser.new_context(locale="sv-SE", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{site}/handbok/sakerhet/skydda-ditt-konto/")
    box = page.get_by_role("region", name="Var sidan till hjälp?")
    box.get_by_label("Kommentar (frivillig)").fill("Bra med exemplen.")
    box.get_by_role("button", name="Ja").click()
    page.wait_for_url("**/skydda-ditt-konto/?svar=tack#hjalp")
    assert "Tack för ditt svar" in page.get_by_role("status").inner_text()
    vote = PageVote.objects.get()
    assert (vote.page.slug, vote.helpful, vote.comment) == ("skydda-ditt-konto", True,
                                                            "Bra med exemplen.")  # fmt: skip
    context.close()
