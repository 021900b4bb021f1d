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
