"""Routines per account (issue 16): moderation, archiving, security, incidents and personal
data are kept for editors, and no field of them reaches the public, field by field."""

import csv
import datetime
import io
import json

from django.contrib.auth.models import User
from django.test import TestCase
from openpyxl import load_workbook

from registry.models import CHECKLIST, Account, Incident
from tests.clock import today_is
from tests.factories import demo_channels, make_account

# Every internal field with a value that cannot occur by chance in public output.
INTERNAL = {
    "moderation_frequency": "several_daily",
    "moderators": "Intern-moderator-qx71",
    "backup_moderators": "Intern-ersattare-qx72",
    "house_rules_url": "https://intern.example.org/husregler-qx73",
    "archive_level": "posts_comments",
    "archive_interval_months": 3,
    "last_archived_on": datetime.date(2031, 1, 17),
    "archive_location": "Intern-earkiv-qx74",
    "archive_reference": "Intern-dhp-qx75",
    "two_factor_for_all": True,
    "login_held_by": "intern-funktionsbrevlada-qx76@example.org",
    "access_reviewed_on": datetime.date(2031, 2, 19),
    "data_controller": "Intern-namnd-qx77",
    "privacy_notice_url": "https://intern.example.org/integritet-qx78",
    "final_archive_on": datetime.date(2031, 3, 23),
    "review_interval_months": 7,
    **{field: True for field, _label in CHECKLIST},
}
DERIVED = ["next_review", "next_archive_on", "checklist_by", "checklist_at"]


def keys(value):
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys(item)}
    return set()


class InternalFieldsStayInternalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()
        cls.account = make_account(channel=cls.channels["instagram"], name="Kulturkontot",
                                   url="https://www.instagram.com/exstad.kultur/",
                                   **INTERNAL)  # fmt: skip
        Incident.objects.create(
            account=cls.account, happened_on=datetime.date(2031, 4, 29), kind="hijack",
            what_happened="Intern-incident-qx79", what_was_done="Intern-atgard-qx80",
        )  # fmt: skip

    def markers(self):
        texts = [value for value in INTERNAL.values() if isinstance(value, str)]
        texts = [text for text in texts if "qx" in text]
        dates = [v for v in INTERNAL.values() if isinstance(v, datetime.date)]
        dates += [datetime.date(2031, 4, 29), self.account.next_archive_on]
        return texts + ["Intern-incident-qx79", "Intern-atgard-qx80"] + [
            d.isoformat() for d in dates] + ["2031"]  # fmt: skip

    def assert_clean(self, text, where):
        for marker in self.markers():
            self.assertNotIn(marker, text, f"{marker!r} leaked into {where}")
        for field in [*INTERNAL, *DERIVED, "incident"]:
            self.assertNotIn(f'"{field}"', text, f"{field} leaked into {where}")

    def test_no_internal_field_reaches_any_public_output(self):
        self.account.refresh_from_db()
        self.assertEqual(self.account.next_archive_on, datetime.date(2031, 4, 17))
        pages = [self.account.get_absolute_url(), "/konton/", "/konton/?q=kulturkontot",
                 "/konton/andringar.atom", "/sok/?q=kulturkontot", "/sitemap-accounts.xml",
                 f"/konton/verifiera/?url={self.account.url}", "/konton/export.csv",
                 "/konton/export.json", f"/api/v1/accounts/{self.account.pk}/",
                 "/api/v1/accounts/", f"/api/v1/verify?url={self.account.url}",
                 "/api/v1/openapi.json", "/konton/oppna-data/tableschema.json"]  # fmt: skip
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                text = b"".join(response).decode() if response.streaming else \
                    response.content.decode()  # fmt: skip
                self.assert_clean(text, url)
                if url.startswith("/api/") or url.endswith(".json"):
                    found = keys(json.loads(text))
                    self.assertFalse(found & {*INTERNAL, *DERIVED}, url)
        exported = b"".join(self.client.get("/konton/export.csv").streaming_content)
        header = next(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
        self.assertFalse(set(header) & {*INTERNAL, *DERIVED})
        response = self.client.get("/konton/export.xlsx")
        content = b"".join(response) if response.streaming else response.content
        workbook = load_workbook(io.BytesIO(content))
        cells = " ".join(str(cell.value) for row in workbook.active.iter_rows() for cell in row)
        self.assert_clean(cells, "export.xlsx")


class RoutineAdminTests(TestCase):
    def test_editors_keep_routines_and_an_incident_log_and_see_what_is_missing(self):
        clock = today_is(datetime.date(2026, 10, 15))  # archiving due 1 December: not yet
        clock.start()
        self.addCleanup(clock.stop)
        channels = demo_channels()
        account = make_account(channel=channels["instagram"],
                               url="https://www.instagram.com/exstad.rutiner/",
                               moderation_frequency="rarely")  # fmt: skip
        admin = User.objects.create_superuser("admin", "a@example.org", "pw")
        self.client.force_login(admin)
        url = f"/admin/registry/account/{account.pk}/change/"
        page = self.client.get(url)
        self.assertContains(page, "Kontot bevakas mer sällan än varje vecka.")
        self.assertContains(page, "Ingen bevakar kontot när moderatorerna är borta.")
        from tests.registry.test_roles import form_data

        data = form_data(page)
        data.update({
            "moderation_frequency": "daily", "backup_moderators": "Växeln",
            "two_factor_for_all": "on", "last_archived_on": "2026-09-01",
            "archive_interval_months": "3",
            "incidents-TOTAL_FORMS": "1", "incidents-0-happened_on": "2026-10-02",
            "incidents-0-kind": "harassment", "incidents-0-what_happened": "Många hatiska svar.",
            "incidents-0-what_was_done": "Dolde kommentarer, polisanmälde hot.",
        })  # fmt: skip
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        account.refresh_from_db()
        self.assertEqual(account.next_archive_on, datetime.date(2026, 12, 1))
        self.assertEqual(account.routine_warnings(), [])
        incident = account.incidents.get()
        self.assertEqual((incident.kind, incident.recorded_by), ("harassment", admin))
        self.assertTrue(Account.history.filter(id=account.pk, backup_moderators="Växeln").exists())


class DemoRoutinesTests(TestCase):
    def test_the_demo_accounts_come_with_routines_and_an_incident(self):
        from io import StringIO

        from django.core.management import call_command

        call_command("load_demo", stdout=StringIO())
        clock = today_is(datetime.date(2026, 11, 20))  # the demo's archiving is then up to date
        clock.start()
        self.addCleanup(clock.stop)
        main = Account.objects.get(name="Exempelstaden", channel__slug="facebook")
        self.assertEqual((main.moderation_frequency, main.data_controller),
                         ("several_daily", "Kommunstyrelsen"))  # fmt: skip
        self.assertEqual(main.incidents.get().kind, "harassment")
        self.assertEqual(main.routine_warnings(), [])
        rescue = Account.objects.get(name="Räddningstjänsten Exempelstaden",
                                     channel__slug="facebook")  # fmt: skip
        self.assertIn("Tvåstegsverifiering är inte påslagen för alla administratörer.",
                      [str(w) for w in rescue.routine_warnings()])  # fmt: skip
