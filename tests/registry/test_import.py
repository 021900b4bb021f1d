"""Bulk import in the admin (issue 16, point 6): the export's own CSV, a preview with each row's
errors in Swedish, nothing saved before the confirmation, one transaction, idempotent."""

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, TransactionTestCase
from haystack.query import SearchQuerySet

from registry.access import CENTRAL_COMMUNICATOR, DEPARTMENT_EDITOR
from registry.importing import MAX_ROWS
from registry.models import Account
from tests.factories import make_account, make_channel, make_department

IMPORT = "/admin/registry/account/import/"
CONFIRM = "/admin/registry/account/process_import/"
HEADER = (
    "id;channel;channel_name;name;handle;url;platform_id;status;status_since;department;"
    "department_name;parent_department;other_departments;purpose;goals;audiences;content_type;"
    "language;tags;started_on;closed_on;contact_email;verified_on;updated_at;registry_url"
)


def row(name, handle, department="kultur", status="active", others="", tags="", id=""):
    return (
        f"{id};facebook;Facebook;{name};;https://www.facebook.com/{handle};;{status};;"
        f"{department};;;{others};Syftet med {name}.;;Invånare | Föreningar;Nyheter;sv;{tags};"
        f"2021-03-01;;info@exempelstaden.example;2026-01-15;;"
    )


def csv_file(*rows, bom=True):
    text = "\r\n".join([HEADER, *rows]) + "\r\n"
    return SimpleUploadedFile("konton.csv", ("\ufeff" if bom else "").encode() + text.encode())


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channel = make_channel()
        cls.culture = make_department(name="Kulturförvaltningen", slug="kultur")
        cls.school = make_department(name="Skolförvaltningen", slug="skola")
        cls.central = User.objects.create_user("central", "c@example.org", "pw", is_staff=True)
        cls.central.groups.add(Group.objects.get(name=CENTRAL_COMMUNICATOR))

    def setUp(self):
        self.client.force_login(self.central)

    def preview(self, upload):
        return self.client.post(IMPORT, {"import_file": upload, "format": "0", "resource": "0"})

    def confirm(self, preview):
        form = preview.context["confirm_form"]
        return self.client.post(CONFIRM, {name: form[name].value() for name in form.fields})

    def test_preview_saves_nothing_and_confirm_saves_the_valid_rows(self):
        response = self.preview(csv_file(
            row("Kulturhuset", "kulturhuset", tags="kultur | evenemang", others="skola"),
            row("Skolan", "skolan.exstad", department="skola"),
        ))  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Account.objects.count(), 0)
        self.assertContains(response, "Bekräfta importen")
        self.assertEqual(len(response.context["saving"]), 2)
        response = self.confirm(response)
        self.assertRedirects(response, "/admin/registry/account/", fetch_redirect_response=False)
        account = Account.objects.get(handle="kulturhuset")
        self.assertEqual(account.department, self.culture)
        self.assertEqual(list(account.other_departments.all()), [self.school])
        self.assertEqual(sorted(account.tags.names()), ["evenemang", "kultur"])
        self.assertEqual(account.audiences, "Invånare\nFöreningar")
        self.assertEqual(str(account.started_on), "2021-03-01")
        # Who imported it is in the history, as for any other change.
        self.assertEqual(account.history.latest().history_user, self.central)
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("2 nya", " ".join(messages))

    def test_rows_with_errors_are_shown_in_swedish_and_left_out(self):
        response = self.preview(csv_file(
            row("Bra konto", "bra.konto"),
            row("Okänd kanal", "okand").replace(";facebook;", ";myspace;", 1),
            row("Okänd förvaltning", "okandforv", department="finns-inte"),
            row("Felaktigt datum", "feldatum").replace("2021-03-01", "1 mars"),
            row("Ej tillåten status", "ejstatus", status="kanske"),
        ))  # fmt: skip
        self.assertEqual(response.status_code, 200)
        invalid = {item["line"]: " ".join(m for _f, m in item["errors"])
                   for item in response.context["invalid"]}  # fmt: skip
        self.assertEqual(sorted(invalid), [3, 4, 5, 6])
        self.assertIn("Ingen kanal har kortnamnet ”myspace”", invalid[3])
        self.assertIn("Ingen förvaltning har kortnamnet ”finns-inte”", invalid[4])
        self.assertIn("är inget datum", invalid[5])
        self.assertIn("är inget giltigt alternativ", invalid[6])
        self.assertEqual(Account.objects.count(), 0)
        self.confirm(response)
        self.assertEqual(list(Account.objects.values_list("handle", flat=True)), ["bra.konto"])

    def test_reimporting_the_export_changes_nothing(self):
        make_account(channel=self.channel, url="https://www.facebook.com/kulturen",
                     department=self.culture, tags=["kultur"])  # fmt: skip
        shared = make_account(channel=self.channel, url="https://www.facebook.com/skolorna",
                              department=self.school)  # fmt: skip
        shared.other_departments.add(self.culture)
        exported = b"".join(self.client.get("/konton/export.csv?status=alla").streaming_content)
        before = list(Account.objects.order_by("pk").values())
        histories = Account.history.count()
        upload = SimpleUploadedFile("export.csv", exported)
        response = self.preview(upload)
        self.assertEqual(response.context["saving"], [])
        self.assertEqual(response.context["unchanged"], 2)
        self.assertNotIn("confirm_form", response.context)
        self.assertContains(response, "Inget att spara")
        self.assertEqual(list(Account.objects.order_by("pk").values()), before)
        self.assertEqual(Account.history.count(), histories)

    def test_a_row_finds_its_account_by_address_when_the_id_is_anothers(self):
        account = make_account(channel=self.channel, url="https://www.facebook.com/kulturen",
                               department=self.culture, name="Kulturen")  # fmt: skip
        response = self.preview(csv_file(row("Kulturen i stan", "kulturen", id="98765")))
        [saving] = response.context["saving"]
        self.assertTrue(saving.is_update())
        changed = ["name", "purpose", "goals", "audiences", "started_on", "contact_email",
                   "verified_on"]  # fmt: skip
        self.assertEqual(saving.changed_columns, changed)
        self.confirm(response)
        account.refresh_from_db()
        self.assertEqual(account.name, "Kulturen i stan")
        self.assertEqual(Account.objects.count(), 1)
        self.assertFalse(Account.objects.filter(pk=98765).exists())

    def test_lifecycle_rules_hold_in_an_import(self):
        make_account(channel=self.channel, url="https://www.facebook.com/kulturen",
                     department=self.culture, status="active")  # fmt: skip
        response = self.preview(csv_file(row("Kulturen", "kulturen", status="proposed")))
        [item] = response.context["invalid"]
        errors = " ".join(message for _field, message in item["errors"])
        self.assertIn("kan därför inte bli ett förslag igen", errors)

    def test_the_same_account_twice_in_a_file_and_a_taken_handle_are_errors(self):
        make_account(channel=self.channel, url="https://www.facebook.com/kulturen",
                     department=self.culture, status="active")  # fmt: skip
        response = self.preview(csv_file(
            row("Nytt", "nytt.konto"), row("Nytt igen", "nytt.konto"),
            row("Stängt", "kulturen", status="closed"),
        ))  # fmt: skip
        invalid = {item["line"]: item["errors"] for item in response.context["invalid"]}
        self.assertEqual(invalid[3], [("handle", "Samma konto finns redan på rad 2 i filen.")])
        # Closing an account through an import follows the lifecycle too.
        self.assertEqual([field for field, _message in invalid[4]], ["final_archive_on"])
        self.confirm(response)
        self.assertEqual(Account.objects.filter(handle="nytt.konto").count(), 1)

    def test_a_comma_separated_file_without_bom_and_a_defused_formula(self):
        text = (
            HEADER.replace(";", ",")
            + "\r\n"
            + row("'=Kulturen", "kulturen")
            .replace(";", ",")
            .replace("Invånare | Föreningar", "Alla")
        )
        response = self.preview(SimpleUploadedFile("k.csv", text.encode("utf-8")))
        self.confirm(response)
        self.assertEqual(Account.objects.get().name, "=Kulturen")

    def test_too_many_rows_are_refused_before_anything_runs(self):
        rows = [row(f"Konto {n}", f"konto.nummer{n}") for n in range(MAX_ROWS + 1)]
        response = self.preview(csv_file(*rows))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "fler än 5000 rader")
        self.assertEqual(Account.objects.count(), 0)

    def test_a_file_that_is_not_csv_gets_a_swedish_error(self):
        response = self.preview(SimpleUploadedFile("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00"))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("confirm_form", response.context)
        self.assertEqual(Account.objects.count(), 0)
        self.assertContains(response, "Filen är inte en CSV-fil")
        response = self.preview(SimpleUploadedFile("bild.csv", b"<html><p>Hej</p></html>"))
        self.assertContains(response, "Första raden ska ange exportens kolumner; saknas: channel")
        response = self.preview(SimpleUploadedFile("noll.csv", b"id;channel;name;department\n\0"))
        self.assertContains(response, "är inget kontonummer")

    def test_a_department_editor_may_not_import(self):
        editor = User.objects.create_user("redaktor", "r@example.org", "pw", is_staff=True)
        editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
        self.culture.editors.add(editor)
        self.client.force_login(editor)
        self.assertEqual(self.client.get(IMPORT).status_code, 403)
        self.assertEqual(self.preview(csv_file(row("K", "kulturen"))).status_code, 403)
        self.assertNotContains(self.client.get("/admin/registry/account/"), IMPORT)


class ImportTransactionTests(TransactionTestCase):
    """A confirmed import is one transaction, and reaches the search index once it commits."""

    def setUp(self):
        make_channel()
        make_department(name="Kulturförvaltningen", slug="kultur")
        make_department(name="Skolförvaltningen", slug="skola")
        from registry.access import ensure_roles

        ensure_roles()
        self.user = User.objects.create_superuser("admin", "a@example.org", "pw")
        self.client.force_login(self.user)

    def test_a_failure_in_one_row_rolls_back_every_row(self):
        from django.db import IntegrityError

        from registry.importing import AccountResource

        calls = []

        def failing_save(resource, instance, is_create):
            calls.append(instance.handle)
            if len(calls) == 2:
                raise IntegrityError("simulerat fel")
            instance.save(force_insert=is_create)

        preview = self.client.post(IMPORT, {"import_file": csv_file(
            row("Ett", "konto.ett"), row("Två", "konto.tva"), row("Tre", "konto.tre")),
            "format": "0", "resource": "0"})  # fmt: skip
        form = preview.context["confirm_form"]
        original = AccountResource.do_instance_save
        AccountResource.do_instance_save = failing_save
        try:
            response = self.client.post(
                CONFIRM, {name: form[name].value() for name in form.fields}, follow=True
            )
        finally:
            AccountResource.do_instance_save = original
        self.assertEqual(calls, ["konto.ett", "konto.tva", "konto.tre"])
        self.assertEqual(Account.objects.count(), 0)
        self.assertContains(response, "Inget importerades")

    def test_confirmed_accounts_are_searchable(self):
        preview = self.client.post(IMPORT, {"import_file": csv_file(
            row("Stadsarkivet", "stadsarkivet")), "format": "0", "resource": "0"})  # fmt: skip
        form = preview.context["confirm_form"]
        self.client.post(CONFIRM, {name: form[name].value() for name in form.fields})
        self.assertEqual(Account.objects.count(), 1)
        results = SearchQuerySet().filter(content="stadsarkivet")
        self.assertTrue(any("Stadsarkivet" in (r.title or "") for r in results))
