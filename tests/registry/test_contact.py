"""Contact a communicator (issue 16): a directory edited in the admin, linked from where staff
need it."""

from io import StringIO

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import TestCase

from registry.access import CENTRAL_COMMUNICATOR
from registry.models import Account, Communicator
from tests.factories import make_department
from tests.sitemaps import whole_sitemap


class ContactPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_the_directory_lists_the_central_team_first_then_each_department(self):
        response = self.client.get("/kontakt/")
        self.assertContains(response, "<h1>Kontakta en kommunikatör</h1>", html=True)
        body = response.content.decode()
        central = body.index("Kommunikationsavdelningen")
        culture = body.index("Kommunikatörerna på kultur och fritid")
        self.assertLess(central, culture)
        self.assertContains(response, 'href="mailto:kultur@exempelstaden.example"')
        self.assertContains(response, "Kultur- och fritidsförvaltningen")  # the department
        self.assertContains(response, 'href="tel:010-1234500"')

    def test_it_is_linked_from_the_handbook_its_pages_and_every_account(self):
        account = Account.objects.filter(status="active").first()
        for url in ("/handbok/", "/handbok/kom-igang/fragor-innan-du-borjar/",
                    account.get_absolute_url()):  # fmt: skip
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), 'href="/kontakt/"')
        self.assertIn("/kontakt/</loc>", whole_sitemap(self.client))

    def test_central_communicators_edit_it_in_the_admin(self):
        user = User.objects.create_user("central", "c@example.org", "pw", is_staff=True)
        user.groups.add(Group.objects.get(name=CENTRAL_COMMUNICATOR))
        self.client.force_login(user)
        department = make_department(name="Miljö", slug="miljo-test")
        response = self.client.post("/admin/registry/communicator/add/", {
            "name": "Miljökommunikatören", "department": department.pk,
            "email": "miljo@example.org", "phone": "", "helps_with": "Kampanjer om återvinning.",
            "order": 5,
        })  # fmt: skip
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.assertContains(self.client.get("/kontakt/"), "Miljökommunikatören")
        self.assertTrue(Communicator.objects.get(name="Miljökommunikatören").history.exists())


class EmptyDirectoryTests(TestCase):
    def test_without_communicators_the_central_mailbox_is_offered(self):
        response = self.client.get("/kontakt/")
        self.assertContains(response, "mailto:sociala-medier@example.org")
