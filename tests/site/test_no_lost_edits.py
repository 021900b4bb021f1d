"""Issue 17, point 1: a change form older than the stored object is refused with what the other
editor changed, keeping the editor's own text; never a silent overwrite."""

from django.contrib.auth.models import User
from django.test import TestCase

from tests.factories import make_account, make_channel, make_department, make_page, make_section
from tests.registry.test_roles import form_data


def in_form(obj, field):
    """What the change form shows: a live page's or channel's draft, if it has one."""
    obj.refresh_from_db()
    return getattr(obj.apply_draft() if hasattr(obj, "apply_draft") else obj, field)


class NoLostEditsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = User.objects.create_superuser("anna", "anna@example.org", "pw")
        cls.bo = User.objects.create_superuser("bo", "bo@example.org", "pw")
        channel = make_channel()
        department = make_department(name="Kulturförvaltningen", slug="kultur")
        cls.objects = {
            "handbook/page": (make_page(), "summary"),
            "handbook/section": (make_section(), "intro"),
            "channels/channel": (channel, "description"),
            "registry/department": (department, "name"),
            "registry/account": (
                make_account(
                    channel=channel, url="https://www.facebook.com/kulturen", department=department
                ),  # fmt: skip
                "purpose",
            ),
        }

    def test_an_older_form_is_refused_with_the_other_change_and_the_own_text_kept(self):
        for path, (obj, field) in self.objects.items():
            with self.subTest(path):
                url = f"/admin/{path}/{obj.pk}/change/"
                self.client.force_login(self.anna)
                annas = form_data(self.client.get(url))
                self.client.force_login(self.bo)
                bos = form_data(self.client.get(url))
                bos[field] = "Bos ändring"
                response = self.client.post(url, bos)
                self.assertEqual(response.status_code, 302, path)

                self.client.force_login(self.anna)
                annas[field] = "Annas ändring"
                response = self.client.post(url, annas)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(in_form(obj, field), "Bos ändring")  # nothing overwritten
                errors = " ".join(response.context["adminform"].form.non_field_errors())
                self.assertIn("bo sparade ändringar i samma", errors)
                self.assertIn("”Bos ändring”", errors)  # what the other editor changed
                self.assertContains(response, "Annas ändring")  # her own text is kept

                # Saving again, with the other change in view, is her decision.
                again = form_data(response)
                again[field] = "Annas ändring"
                self.assertEqual(self.client.post(url, again).status_code, 302)
                self.assertEqual(in_form(obj, field), "Annas ändring")

    def test_a_current_form_saves_as_before(self):
        page, field = self.objects["handbook/page"]
        url = f"/admin/handbook/page/{page.pk}/change/"
        self.client.force_login(self.anna)
        data = form_data(self.client.get(url))
        data[field] = "Ny sammanfattning."
        self.assertEqual(self.client.post(url, data).status_code, 302)
        data = form_data(self.client.get(url))
        data[field] = "Ännu en."
        self.assertEqual(self.client.post(url, data).status_code, 302)
