from django.core.management import call_command
from django.test import TestCase

from handbook.models import Page, Section, Tip


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)

    def test_demo_handbook_is_large_enough_and_complete(self):
        self.assertGreaterEqual(Section.objects.count(), 5)
        self.assertGreaterEqual(Page.objects.published().count(), 20)
        self.assertGreaterEqual(Tip.objects.count(), 3)
        for page in Page.objects.prefetch_related("tags"):
            self.assertTrue(page.owner and page.owner_email, page)
            self.assertTrue(page.tags.all(), page)
            self.assertIn("<h2", page.body_html, page)

    def test_demo_covers_every_topic_of_the_seeds(self):
        text = " ".join(Page.objects.values_list("body", flat=True)).lower()
        topics = (
            "dialog", "algoritm", "tvåstegsverifiering", "kapa", "upphovsrätt", "creative commons",
            "gdpr", "hashtagg", "arkiv", "allmän handling", "olagligt", "utvärder",
            "omvärldsbevakning", "inspiration", "målgrupp",
        )  # fmt: skip
        for word in topics:
            self.assertIn(word, text)

    def test_running_again_keeps_every_edit(self):
        page = Page.objects.first()
        page.title = "Redigerad rubrik"
        page.save()
        Page.objects.exclude(pk=page.pk).first().delete()
        count = Page.objects.count()
        call_command("load_demo", verbosity=0)
        self.assertEqual(Page.objects.count(), count)
        self.assertTrue(Page.objects.filter(title="Redigerad rubrik").exists())
