import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filtering_and_checking_work_with_javascript_off(site, browser):
    """The public uses the registry from any device: no step may need JavaScript."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    problems = []
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.goto(f"{site}/konton/")
    table = page.get_by_role("table", name="Officiella konton")
    everything = table.get_by_role("row").count()

    page.get_by_label("Kanal", exact=True).select_option("instagram")
    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Visa konton").click()
    page.wait_for_url("**/konton/?*channel=instagram*")
    assert "status=all" in page.url  # the state lives in the URL
    channels = table.get_by_role("row").locator("td:nth-child(2)").all_inner_texts()
    assert channels and set(channels) == {"Instagram"}
    assert table.get_by_role("row").count() < everything
    assert page.get_by_role("status").first.inner_text().endswith("konton")

    # Sorting by a column header keeps the filter.
    header = table.get_by_role("columnheader", name="Konto", exact=True)
    header.get_by_role("link").click()
    page.wait_for_url("**/konton/?*sort=name*")
    assert "channel=instagram" in page.url
    assert header.get_attribute("aria-sort") == "ascending"
    names = table.get_by_role("rowheader").locator("a").all_inner_texts()
    assert names == sorted(names, key=str.casefold)

    # From the list to an account, then ask whether an address is ours.
    # Wait for the whole page: count() does not wait, and a click only
    # waits for the navigation to commit, not for the document to arrive.
    with page.expect_navigation():
        table.get_by_role("rowheader").first.get_by_role("link").click()
    assert page.get_by_role("link", name="Instagram: våra råd").count() == 1
    address = page.locator(".facts a[rel=noopener]").first.get_attribute("href")
    page.goto(f"{site}/konton/verifiera/")
    page.get_by_label("Kontots adress eller @användarnamn").fill(address.upper() + "?utm_source=x")
    page.get_by_role("button", name="Kontrollera kontot").click()
    assert "officiellt konto" in page.get_by_role("heading", level=2).first.inner_text()

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert problems == []
    context.close()
