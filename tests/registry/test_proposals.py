"""Issue 20, point 6: from "questions before you start" to a proposal in the registry."""

from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import TestCase

from registry.access import DEPARTMENT_EDITOR
from registry.models import Account, Proposal, Status
from tests.factories import demo_channels, make_department

ANSWERS = {
    "channel": "instagram",
    "why_channel": "Unga vuxna finns där och vi har mycket bild från verksamheten.",
    "existing_accounts": "",
    "purpose": "Visa vardagen på stadens fritidsgårdar.",
    "audiences": "Unga 13–19 år\r\nFöräldrar",
    "resources": "Två fritidsledare, två timmar i veckan var; vikarie under semestern.",
    "manager": "Eva Exempel, enhetschef",
    "routines": "Arkivering varje månad, bevakning varje vardag, svar inom en arbetsdag.",
    "unwanted_content": "Skärmdump, diarieför, dölj; anmäl till polisen vid hot.",
    "goals": "Fler besökare på fritidsgårdarna; utvärdering efter sex månader.",
    "name": "Fritidsgårdarna i Exempelstaden",
    "department": None,  # set in setUp
    "contact_email": "",
}


class ProposalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()
        cls.culture = make_department(name="Kulturförvaltningen", slug="kultur",
                                      email="kultur@exempelstaden.example")  # fmt: skip
        cls.other = make_department(name="Miljöförvaltningen", slug="miljo")
        cls.staff = User.objects.create_user("medarbetare", "m@example.org", "medarbetare")

    def answers(self, **changes):
        return {**ANSWERS, "department": str(self.culture.pk), **changes}

    def test_signing_in_first_then_the_form_then_the_queue(self):
        response = self.client.get("/konton/foresla/")
        self.assertRedirects(response, "/logga-in/?next=/konton/foresla/")
        sign_in = self.client.get("/logga-in/?next=/konton/foresla/")
        self.assertContains(sign_in, 'autocomplete="current-password"')
        response = self.client.post("/logga-in/", {"username": "medarbetare",
                                                   "password": "medarbetare",
                                                   "next": "/konton/foresla/"})  # fmt: skip
        self.assertRedirects(response, "/konton/foresla/")
        form = self.client.get("/konton/foresla/")
        self.assertContains(form, "1. Varför just den här kanalen?")
        self.assertContains(form, "8. Hur vet ni att det fungerar?")

        with self.captureOnCommitCallbacks(execute=True):  # the e-mail goes after the commit
            response = self.client.post("/konton/foresla/", self.answers())
        proposal = Proposal.objects.get()
        self.assertRedirects(response, f"/konton/foresla/tack/?ref=F{proposal.pk}")
        account = proposal.account
        self.assertEqual(account.status, Status.PROPOSED)
        self.assertEqual((account.channel.slug, account.department, account.url),
                         ("instagram", self.culture, ""))  # fmt: skip
        self.assertEqual(account.audience_list, ["Unga 13–19 år", "Föräldrar"])
        self.assertEqual(account.contact_email, "kultur@exempelstaden.example")
        self.assertEqual(account.goals, ANSWERS["goals"])
        self.assertEqual(proposal.proposed_by, self.staff)
        self.assertEqual(proposal.manager, "Eva Exempel, enhetschef")
        # The communicators hear of it, and the public does not see it.
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Fritidsgårdarna i Exempelstaden", mail.outbox[0].body)
        self.assertIn(f"/admin/registry/proposal/{proposal.pk}/change/", mail.outbox[0].body)
        self.assertIn("kultur@exempelstaden.example", mail.outbox[0].to)
        self.client.logout()
        self.assertNotContains(self.client.get("/konton/?status=all"), "Fritidsgårdarna")
        self.assertEqual(self.client.get(account.get_absolute_url()).status_code, 404)

    def test_the_queue_in_the_admin_is_confined_to_the_editors_departments(self):
        self.client.force_login(self.staff)
        self.client.post("/konton/foresla/", self.answers())
        self.client.post(
            "/konton/foresla/", self.answers(name="Miljökontot", department=str(self.other.pk))
        )
        editor = User.objects.create_user("kultur", "k@example.org", "pw", is_staff=True)
        editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
        self.culture.editors.add(editor)
        self.client.force_login(editor)
        queue = self.client.get("/admin/registry/proposal/")
        self.assertContains(queue, "Fritidsgårdarna i Exempelstaden")
        self.assertNotContains(queue, "Miljökontot")
        own = Proposal.objects.get(account__department=self.culture)
        answers = self.client.get(f"/admin/registry/proposal/{own.pk}/change/")
        self.assertContains(answers, "Eva Exempel, enhetschef")
        other = Proposal.objects.get(account__department=self.other)
        self.assertIn(self.client.get(f"/admin/registry/proposal/{other.pk}/change/").status_code,
                      (302, 403, 404))  # fmt: skip
        account = self.client.get(f"/admin/registry/account/{own.account_id}/change/")
        self.assertContains(account, "Två fritidsledare")  # the answers, beside the account

    def test_missing_answers_are_named_in_swedish_and_nothing_is_saved(self):
        self.client.force_login(self.staff)
        response = self.client.post("/konton/foresla/", self.answers(
            channel="myspace", why_channel="\x00 ", purpose="", manager="",
            contact_email="inte en adress"))  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Rätta följande", status_code=400)
        self.assertContains(response, "Välj en av kanalerna i listan.", status_code=400)
        self.assertContains(response, 'href="#id_why_channel"', status_code=400)
        self.assertContains(response, 'href="#id_purpose"', status_code=400)
        self.assertContains(response, 'href="#id_manager"', status_code=400)
        self.assertContains(response, 'href="#id_contact_email"', status_code=400)
        self.assertFalse(Account.objects.exists())
        self.assertFalse(Proposal.objects.exists())

    def test_the_account_rules_still_hold(self):
        """A name the registry refuses (the account model's own validation) is a form error."""
        self.client.force_login(self.staff)
        response = self.client.post("/konton/foresla/", self.answers(name="x" * 151))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Account.objects.exists())

    def test_the_handbook_leads_there(self):
        from django.conf import settings

        from handbook.demo import load_handbook

        load_handbook(settings.BASE_DIR / "fixtures" / "handbok")
        for path in ("/handbok/kom-igang/fragor-innan-du-borjar/",
                     "/handbok/kom-igang/starta-ett-konto/"):  # fmt: skip
            self.assertContains(self.client.get(path), 'href="/konton/foresla/"')


class SignInTests(TestCase):
    def test_signing_in_without_a_next_or_with_itself_lands_on_the_proposal_form(self):
        User.objects.create_user("medarbetare", "m@example.org", "medarbetare")
        response = self.client.post("/logga-in/", {"username": "medarbetare",
                                                   "password": "medarbetare"})  # fmt: skip
        self.assertRedirects(response, "/konton/foresla/")
        response = self.client.get("/logga-in/?next=/logga-in/")
        self.assertRedirects(response, "/konton/foresla/")
        self.assertRedirects(self.client.get("/en/logga-in/"), "/en/konton/foresla/")

    def test_a_password_alone_shows_no_drafts_or_proposals_where_two_factors_are_required(self):
        from django.test import override_settings

        from tests.factories import demo_channels, make_account, make_department, make_page

        draft = make_page(title="Hemligt utkast", is_published=False)
        proposal = make_account(
            channel=demo_channels()["tiktok"],
            department=make_department(),
            url="https://www.tiktok.com/@exstad_ide",
            status="proposed",
        )
        User.objects.create_user("redaktor", "r@example.org", "ett-langt-losenord",
                                 is_staff=True)  # fmt: skip
        self.client.post("/logga-in/", {"username": "redaktor", "password": "ett-langt-losenord"})
        with override_settings(PORTAL_REQUIRE_2FA=True):
            self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)
            self.assertEqual(self.client.get(proposal.get_absolute_url()).status_code, 404)
        with override_settings(PORTAL_REQUIRE_2FA=False):  # development: no app set up
            self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 200)
