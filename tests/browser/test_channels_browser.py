import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comparison_table_reads_as_a_table_and_scrolls_on_its_own(site, browser):
    """The comparison is a real table with headers; on a phone the table scrolls, not the page."""
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.goto(f"{site}/kanaler/jamfor/")
    table = page.get_by_role("table", name="Publiceringstakt, tvåstegsverifiering och hjälplänkar")
    assert table.count() == 1
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers[:3] == ["Kanal", "Hur ofta ska du publicera?", "Tvåstegsverifiering"]
    row_headers = table.get_by_role("rowheader").all_inner_texts()
    assert {"Facebook", "Instagram", "LinkedIn", "X", "YouTube", "TikTok", "Snapchat"} <= set(
        row_headers
    )
    facebook = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Facebook"))
    assert "Minst 2 inlägg i veckan, högst 2 om dagen" in facebook.inner_text()

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    region = page.get_by_role(
        "region", name="Publiceringstakt, tvåstegsverifiering och hjälplänkar"
    )
    region.focus()
    assert region.evaluate("el => el.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling is animated: wait for it rather than sampling once.
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
    page.get_by_role("link", name="Facebook", exact=True).click()
    page.wait_for_url("**/kanaler/facebook/")
    assert page.locator("h1").inner_text() == "Facebook"
    assert problems == []
    context.close()
