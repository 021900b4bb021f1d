from django.test import TestCase, override_settings


class AccessibilityStatementTests(TestCase):
    """The statement follows Digg's model: the parts it asks for, in Swedish, with a way to
    report a problem."""

    @override_settings(PORTAL_CONTACT_EMAIL="tillganglighet@example.org")
    def test_has_the_models_parts_and_ways_to_report_a_problem(self):
        response = self.client.get("/tillganglighet/")
        self.assertContains(response, "<h1>Tillgänglighet för Sociala medier-portalen</h1>")
        for heading in [
            "Hur tillgänglig är webbplatsen?",
            "Vad kan du göra om du inte kan använda delar av webbplatsen?",
            "Rapportera brister i webbplatsens tillgänglighet",
            "Tillsyn",
            "Teknisk information om webbplatsens tillgänglighet",
            "Bristande förenlighet med lagkraven",
            "Oskäligt betungande anpassning",
            "Innehåll som inte omfattas av lagstiftningen",
            "Hur vi testat webbplatsen",
        ]:
            self.assertContains(response, f"{heading}</h")
        self.assertContains(response, "delvis förenlig")
        self.assertContains(response, 'href="/synpunkter/?amne=accessibility"')
        self.assertContains(response, 'href="mailto:tillganglighet@example.org"')
        self.assertContains(response, 'href="https://www.digg.se/"')
        self.assertContains(response, "Redogörelsen uppdaterades senast den 3 december 2026.")
        # The admin is in its scope and its test method, and what is not yet tested is said.
        self.assertContains(response, "administrationsgränssnittet")
        self.assertContains(response, "WCAG 2.2 A och AA")
        self.assertContains(response, "ramverkets egna sidor")  # the Nu checker on all of them
        self.assertNotContains(response, "helt förenlig")  # a manual review is still to come
