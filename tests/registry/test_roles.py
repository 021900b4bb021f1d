"""The back office's roles (issue 16): a department editor answers for their own department's
accounts and nothing else, through every admin URL; every change is kept and restorable."""

from django.contrib.auth.models import Group, User
from django.test import TestCase

from registry.access import ADMINISTRATOR, CENTRAL_COMMUNICATOR, DEPARTMENT_EDITOR
from registry.models import Account, Status
from tests.factories import make_account, make_channel, make_department


def form_data(response):
    """The POST data a browser would send back for an admin change form as it was shown."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name in form.fields:
            value, key = form[name].value(), form.add_prefix(name)
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = str(getattr(value, "pk", value))
    return data


class RolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channel = make_channel()
        cls.culture = make_department(name="Kulturförvaltningen", slug="kultur")
        cls.library = make_department(name="Biblioteket", slug="bibliotek", parent=cls.culture)
        cls.environment = make_department(name="Miljöförvaltningen", slug="miljo")
        cls.own = make_account(channel=cls.channel, url="https://www.facebook.com/kulturen",
                               department=cls.culture, name="Kulturen")  # fmt: skip
        cls.unit = make_account(channel=cls.channel, url="https://www.facebook.com/biblioteket",
                                department=cls.library, name="Biblioteket")  # fmt: skip
        cls.other = make_account(channel=cls.channel, url="https://www.facebook.com/miljon",
                                 department=cls.environment, name="Miljön")  # fmt: skip
        cls.editor = User.objects.create_user("redaktor", "r@example.org", "pw", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
        cls.culture.editors.add(cls.editor)
        cls.central = User.objects.create_user("central", "c@example.org", "pw", is_staff=True)
        cls.central.groups.add(Group.objects.get(name=CENTRAL_COMMUNICATOR))

    def test_the_roles_exist_with_swedish_names(self):
        self.assertEqual(
            set(Group.objects.values_list("name", flat=True)),
            {ADMINISTRATOR, CENTRAL_COMMUNICATOR, DEPARTMENT_EDITOR},
        )
        editor = Group.objects.get(name=DEPARTMENT_EDITOR)
        self.assertFalse(editor.permissions.filter(codename="delete_account").exists())
        self.assertTrue(Group.objects.get(name=CENTRAL_COMMUNICATOR).permissions.filter(
            codename="change_page").exists())  # fmt: skip

    def test_a_department_editor_sees_their_own_and_the_units_below(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/registry/account/")
        self.assertContains(response, "Kulturen")
        self.assertContains(response, "Biblioteket")
        self.assertNotContains(response, "Miljön")
        self.client.force_login(self.central)
        self.assertContains(self.client.get("/admin/registry/account/"), "Miljön")

    def test_no_admin_url_reaches_another_departments_account(self):
        self.client.force_login(self.editor)
        base = f"/admin/registry/account/{self.other.pk}"
        version = self.other.history.first().history_id
        for url in (f"{base}/change/", f"{base}/delete/", f"{base}/history/",
                    f"{base}/history/{version}/"):  # fmt: skip
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403, 404))
                self.assertNotContains(response, "Miljön", status_code=response.status_code)
        before = Account.objects.get(pk=self.other.pk)
        self.client.post(f"{base}/change/", {"name": "Kapat", "department": self.culture.pk})
        self.client.post(f"{base}/history/{version}/", {"name": "Kapat"})
        self.client.post(f"{base}/delete/", {"post": "yes"})
        self.client.post("/admin/registry/account/", {
            "action": "mark_verified_today", "_selected_action": [self.other.pk]})  # fmt: skip
        after = Account.objects.get(pk=self.other.pk)
        self.assertEqual(
            (after.name, after.department_id, after.verified_on),
            (before.name, before.department_id, before.verified_on),
        )

    def test_tampering_cannot_move_an_account_or_change_its_status(self):
        self.client.force_login(self.editor)
        url = f"/admin/registry/account/{self.own.pk}/change/"
        shown = self.client.get(url)
        choices = shown.context["adminform"].form.fields["department"].queryset
        self.assertEqual(set(choices), {self.culture, self.library})
        data = form_data(shown)
        data["department"] = str(self.environment.pk)  # not one of theirs
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)  # the form again, with the error
        self.assertContains(response, "Välj ett giltigt alternativ")
        data = form_data(shown)
        data.update(status="closed", closed_on="2026-11-30", purpose="Nytt syfte.")
        self.client.post(url, data)
        self.own.refresh_from_db()
        self.assertEqual((self.own.status, self.own.purpose), (Status.ACTIVE, "Nytt syfte."))

    def test_restoring_an_old_version_cannot_change_the_status_either(self):
        self.own.status = Status.PAUSED
        self.own.save()  # by a central communicator; the version before is active
        active = self.own.history.filter(status=Status.ACTIVE).first()
        self.client.force_login(self.editor)
        url = f"/admin/registry/account/{self.own.pk}/history/{active.history_id}/"
        response = self.client.post(url, form_data(self.client.get(url)))
        self.assertEqual(response.status_code, 403)
        self.own.refresh_from_db()
        self.assertEqual(self.own.status, Status.PAUSED)

    def test_a_department_editor_proposes_but_never_activates_or_closes(self):
        self.client.force_login(self.editor)
        add = self.client.get("/admin/registry/account/add/")
        self.assertNotIn("status", add.context["adminform"].form.fields)
        data = {
            "channel": self.channel.pk, "url": "https://www.facebook.com/kulturnatten",
            "name": "Kulturnatten", "department": self.culture.pk, "purpose": "Programmet.",
            "audiences": "Invånare", "language": "sv", "status": "active",
            "contact_email": "kultur@example.org",
        }  # fmt: skip
        response = self.client.post("/admin/registry/account/add/", data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.assertEqual(Account.objects.get(name="Kulturnatten").status, Status.PROPOSED)
        changelist = self.client.get("/admin/registry/account/")
        self.assertNotIn("close_accounts", changelist.context["action_form"].fields["action"]
                         .choices.__repr__())  # fmt: skip


class HistoryTests(TestCase):
    def setUp(self):
        self.channel = make_channel()
        self.account = make_account(channel=self.channel, url="https://www.facebook.com/kulturen",
                                    name="Kulturen", purpose="Det gamla syftet.")  # fmt: skip
        self.admin = User.objects.create_superuser("admin", "a@example.org", "pw")
        self.client.force_login(self.admin)

    def test_every_change_is_kept_with_who_and_can_be_restored(self):
        url = f"/admin/registry/account/{self.account.pk}/change/"
        data = form_data(self.client.get(url))
        data["purpose"] = "Ett nytt syfte."
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.account.refresh_from_db()
        self.assertEqual(self.account.purpose, "Ett nytt syfte.")
        newest, older = self.account.history.all()[:2]
        self.assertEqual(newest.history_user, self.admin)
        self.assertEqual(older.purpose, "Det gamla syftet.")
        delta = newest.diff_against(older)
        self.assertEqual([change.field for change in delta.changes], ["purpose"])
        history = self.client.get(f"/admin/registry/account/{self.account.pk}/history/")
        self.assertContains(history, "admin")
        # In Swedish, though django-simple-history ships no Swedish (locale_thirdparty/).
        self.assertContains(history, "Välj en tidpunkt i listan nedan")
        self.assertContains(history, "Ändrad av")
        # Restore the older version through the admin's own form for it.
        restore = f"/admin/registry/account/{self.account.pk}/history/{older.history_id}/"
        self.assertEqual(self.client.post(restore, form_data(self.client.get(restore)))
                         .status_code, 302)  # fmt: skip
        self.account.refresh_from_db()
        self.assertEqual(self.account.purpose, "Det gamla syftet.")

    def test_departments_channels_sections_and_pages_keep_history_too(self):
        from tests.factories import make_page

        page = make_page(title="Första titeln")
        page.title = "Andra titeln"
        page.save()
        self.assertEqual([h.title for h in page.history.all()], ["Andra titeln", "Första titeln"])
        for obj in (self.account.department, self.channel, page.section):
            with self.subTest(model=type(obj).__name__):
                self.assertTrue(obj.history.exists())


class DemoUsersTests(TestCase):
    def test_one_demo_user_per_role_in_development_only(self):
        from io import StringIO

        from django.core.management import CommandError, call_command
        from django.test import override_settings

        with self.assertRaises(CommandError):
            call_command("ensure_demo_users", stdout=StringIO())
        culture = make_department(name="Kultur- och fritidsförvaltningen", slug="kultur")
        with override_settings(DEBUG=True, PORTAL_DEMO_ADMIN=True):
            call_command("ensure_demo_users", stdout=StringIO())
            call_command("ensure_demo_users", stdout=StringIO())  # a rerun changes nothing
        central = User.objects.get(username="kommunikator")
        editor = User.objects.get(username="kultur")
        self.assertTrue(central.check_password("kommunikator"))
        self.assertEqual([g.name for g in central.groups.all()], [CENTRAL_COMMUNICATOR])
        self.assertEqual([g.name for g in editor.groups.all()], [DEPARTMENT_EDITOR])
        self.assertEqual(list(editor.departments.all()), [culture])
