import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase

from base.dates import add_months
from handbook.models import Page
from tests.clock import today_is
from tests.factories import make_page, make_section


class ReviewDateTests(TestCase):
    def test_next_review_is_last_review_plus_interval(self):
        page = make_page(last_reviewed=datetime.date(2026, 3, 31), review_interval_months=6)
        self.assertEqual(page.review_due, datetime.date(2026, 9, 30))

    def test_add_months_clamps_to_month_end_and_crosses_years(self):
        self.assertEqual(add_months(datetime.date(2024, 1, 31), 1), datetime.date(2024, 2, 29))
        self.assertEqual(add_months(datetime.date(2026, 11, 15), 14), datetime.date(2028, 1, 15))

    def test_due_for_review_finds_pages_past_their_date(self):
        overdue = make_page(last_reviewed=datetime.date(2025, 1, 1), review_interval_months=6)
        make_page(last_reviewed=datetime.date(2026, 11, 1), review_interval_months=12)
        due = Page.objects.due_for_review(today=datetime.date(2026, 11, 21))
        self.assertEqual(list(due), [overdue])
        with today_is(datetime.date(2026, 11, 21)):  # without a date: today, by Django's clock
            self.assertEqual(list(Page.objects.due_for_review()), [overdue])
            self.assertTrue(overdue.is_due_for_review)


class PageRulesTests(TestCase):
    def test_body_is_rendered_and_sanitised_on_save(self):
        page = make_page(body="## Hej\n\n<script>x()</script>Text")
        self.assertIn('<h2 id="h-hej">Hej</h2>', page.body_html)
        self.assertNotIn("script", page.body_html)
        page.body = "Ny text"
        page.save()
        self.assertEqual(Page.objects.get(pk=page.pk).body_html, "<p>Ny text</p>")

    def test_slug_is_unique_within_a_section(self):
        section = make_section()
        make_page(section=section, slug="samma")
        make_page(section=make_section(), slug="samma")  # another section: fine
        with self.assertRaises(IntegrityError):
            make_page(section=section, slug="samma")

    def test_reserved_slugs_are_refused_in_swedish(self):
        page = make_page()
        page.slug = "utskrift"
        with self.assertRaises(ValidationError) as caught:
            page.full_clean()
        self.assertIn("slug", caught.exception.message_dict)

    def test_published_and_visible_to(self):
        published = make_page()
        make_page(is_published=False)
        self.assertEqual(set(Page.objects.published()), {published})
        self.assertEqual(set(Page.objects.visible_to(None)), {published})
