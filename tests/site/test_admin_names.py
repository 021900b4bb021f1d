from django.contrib.auth.models import User
from django.test import TestCase


class AdminNamesTests(TestCase):
    def test_the_admin_carries_the_organisations_name_and_swedish_app_names(self):
        self.client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw"))
        response = self.client.get("/admin/")
        self.assertContains(response, "Exempelstaden: Sociala medier-portalen")
        self.assertContains(response, "<title>Administration | Sociala medier-portalen</title>")
        self.assertContains(response, ">Ämnen</a>")
        self.assertNotContains(response, "Django-administration")
        self.assertNotContains(response, "Taggit")
