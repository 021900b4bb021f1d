import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_facets_and_suggestion_work_with_javascript_off(site, browser):
    """Staff search from any device: typing, narrowing and respelling need no JavaScript."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    problems = []
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.goto(f"{site}/sok/")
    page.get_by_label("Sök i portalen").last.fill("kontot")
    page.get_by_role("button", name="Sök").last.click()
    page.wait_for_url("**/sok/?q=kontot")
    everything = int(page.get_by_role("status").inner_text().split()[0])
    assert everything > 5
    assert page.locator(".snippet mark").count() > 0

    types = page.get_by_role("navigation", name="Typ av träff")
    types.get_by_role("link", name="Handbok").click()
    page.wait_for_url("**typ=handbok*")
    assert types.get_by_role("link", name="Handbok").get_attribute("aria-current") == "true"
    narrowed = int(page.get_by_role("status").inner_text().split()[0])
    assert 0 < narrowed < everything

    facets = page.get_by_role("complementary", name="Avgränsa träffarna")
    facets.get_by_role("link", name="säkerhet").click()
    page.wait_for_url("**tagg=s%C3%A4kerhet*")
    assert "typ=handbok" in page.url  # every choice stays in the URL
    assert int(page.get_by_role("status").inner_text().split()[0]) <= narrowed

    # A misspelling that finds nothing shows the respelling's results, and says so.
    page.goto(f"{site}/sok/?q=tv%C3%A5stegsverifering")
    assert (
        "Här är träffarna för ”tvåstegsverifiering”" in page.locator(".notice").first.inner_text()
    )
    assert page.locator(".search-results h2 a").first.inner_text() == "Skydda ditt konto"
    # One that finds something with some of its words offers the respelling as a link.
    page.goto(f"{site}/sok/?q=konto%20tv%C3%A5stegsverifering")
    page.get_by_role("link", name="konto tvåstegsverifiering").click()
    page.wait_for_url("**/sok/?q=konto%20tv%C3%A5stegsverifiering")
    first = page.locator(".search-results h2 a").first.inner_text()
    assert first == "Skydda ditt konto"
    assert problems == []


def test_suggestions_are_a_combobox_used_by_keyboard_and_absent_without_javascript(site, browser):
    """Issue 20, point 3: the WAI-ARIA combobox pattern on the header's search field."""
    from tests.browser.test_accessibility import AXE, axe_violations

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.goto(f"{site}/kanaler/")
    field = page.get_by_role("combobox", name="Sök i portalen").first
    assert field.get_attribute("aria-expanded") == "false"
    listbox_id = field.get_attribute("aria-controls")
    listbox = page.locator(f"#{listbox_id}")
    field.focus()
    page.keyboard.type("lösen")
    listbox.wait_for(state="visible")
    assert field.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    titles = options.locator("span:first-child").all_inner_texts()
    assert titles[0] == "Behörigheter, lösenord och överlämning"
    assert page.locator("[aria-live=polite]").filter(has_text="förslag").count() == 1
    assert field.get_attribute("aria-activedescendant") is None  # nothing chosen by itself
    assert axe_violations(page) == []

    page.keyboard.press("ArrowDown")
    first = options.first
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == field.get_attribute("id")
    page.keyboard.press("ArrowUp")  # from the first to the last
    assert options.last.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")  # and round to the first again
    assert first.get_attribute("aria-selected") == "true"

    page.keyboard.press("Escape")  # closes the list and keeps what was typed
    assert listbox.is_hidden() and field.input_value() == "lösen"
    assert field.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # opens it again on the first suggestion
    assert first.get_attribute("aria-selected") == "true"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site}/handbok/sakerhet/behorigheter-och-losenord/"

    # Enter with nothing chosen is the plain search.
    field = page.get_by_role("combobox", name="Sök i portalen").first
    field.fill("")
    field.focus()
    page.keyboard.type("kontot")
    page.locator(f"#{field.get_attribute('aria-controls')}").wait_for(state="visible")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site}/sok/?q=kontot"
    context.close()

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/kanaler/")
    assert page.get_by_role("combobox").count() == 0
    assert page.get_by_role("listbox").count() == 0
    assert page.get_by_role("searchbox", name="Sök i portalen").count() == 1
    context.close()
