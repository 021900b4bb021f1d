"""Issue 21, point 4: what a screen reader hears is pinned. The accessibility tree of the key
public and admin pages (Playwright's ARIA snapshots: roles, names, headings, landmarks, links)
is checked in under tests/browser/aria/ and compared, so a change in any of them shows in review.

After an intended change, run this file with PORTAL_UPDATE_ARIA=1 to rewrite the snapshots, and
read their diff before committing it. Dates and times, which follow the day the demo was loaded,
are written as <datum> and <tid>, and numbers in addresses (row ids) as <n>.
"""

import difflib
import os
import re
from pathlib import Path

import pytest

from tests.browser.test_accessibility import localised
from tests.browser.test_admin_accessibility import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLDER = Path(__file__).parent / "aria"
UPDATE = os.environ.get("PORTAL_UPDATE_ARIA") == "1"


def public_pages():
    from handbook.models import Page
    from registry.models import Account

    page = Page.objects.published().order_by("section__order", "order", "pk").first()
    account = Account.objects.filter(status="active").order_by("pk").first()
    return [
        ("home", "/"),
        ("handbook-start", "/handbok/"),
        ("handbook-page", page.get_absolute_url()),
        ("channel-page", "/kanaler/facebook/"),
        ("comparison", "/kanaler/jamfor/"),
        ("registry-list", "/konton/"),
        ("account-page", account.get_absolute_url()),
        ("verify-answer", f"/konton/verifiera/?url={account.url}"),
        ("feedback-form", "/synpunkter/?sida=/handbok/"),
        ("not-found", "/finns-inte-alls/"),
    ]


def admin_pages():
    from handbook.models import Page

    page = Page.objects.published().order_by("section__order", "order", "pk").first()
    return [
        ("admin-index", "/admin/"),
        ("admin-page-list", "/admin/handbook/page/"),
        ("admin-page-form", f"/admin/handbook/page/{page.pk}/change/"),
        ("admin-review-queue", "/admin/att-granska/"),
    ]


MONTHS = r"(jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?"


def normalised(snapshot):
    """The snapshot without what follows the day and hour the test runs."""
    for pattern in (
        r"\b\d{4}-\d{2}-\d{2}\b",  # ISO dates
        rf"\b\d{{1,2}} {MONTHS} \d{{4}}\b",  # 3 december 2026
        rf"\b{MONTHS} \d{{1,2}}, \d{{4}}\b",  # Dec. 3, 2026
    ):
        snapshot = re.sub(pattern, "<datum>", snapshot, flags=re.IGNORECASE)
    # 17:40, 5:40 p.m., 5 p.m., noon, midnight (Django's English times)
    snapshot = re.sub(r"(<datum>,? )(\d{1,2}(:\d{2}){0,2}( [ap]\.m\.)?|noon|midnight)",
                      r"\1<tid>", snapshot)  # fmt: skip
    snapshot = re.sub(r"\b\d{1,2}:\d{2}(:\d{2})?( [ap]\.m\.)?", "<tid>", snapshot)
    # Row ids in addresses differ between databases (PostgreSQL's sequences run on).
    snapshot = re.sub(r"(?m)^(\s*- /url: .*)$", lambda m: re.sub(r"\d+", "<n>", m[1]),
                      snapshot)  # fmt: skip
    return re.sub(r"localhost:\d+", "localhost", snapshot)


def compare(name, snapshot):
    path = FOLDER / f"{name}.yml"
    if UPDATE:
        FOLDER.mkdir(exist_ok=True)
        path.write_text(snapshot, encoding="utf-8")
        return None
    if not path.exists():
        return f"{name}: no snapshot checked in (run with PORTAL_UPDATE_ARIA=1)"
    expected = path.read_text(encoding="utf-8")
    if expected == snapshot:
        return None
    diff = difflib.unified_diff(expected.splitlines(), snapshot.splitlines(), "checked in",
                                "now", lineterm="", n=1)  # fmt: skip
    return f"{name}:\n" + "\n".join(list(diff)[:40])


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_accessibility_tree_of_key_pages_is_as_checked_in(site, browser, language):
    from django.contrib.auth.models import User

    User.objects.create_superuser("granskare", "granskare@example.org", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/sprak/{language}/?next=/")  # the admin's language (a cookie)
    changed = []
    for name, path in public_pages():
        page.goto(site + localised(path, language))
        changed.append(
            compare(f"{language}-{name}", normalised(page.locator("body").aria_snapshot()))
        )
    page.goto(f"{site}/admin/login/")
    changed.append(
        compare(f"{language}-admin-sign-in", normalised(page.locator("body").aria_snapshot()))
    )
    page.locator("#id_username").fill("granskare")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site}/admin/")
    for name, path in admin_pages():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        changed.append(
            compare(f"{language}-{name}", normalised(page.locator("body").aria_snapshot()))
        )
    context.close()
    changed = [c for c in changed if c]
    assert changed == [], "\n\n".join(changed)
