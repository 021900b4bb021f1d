"""Admin lists of what belongs to handbook pages filter by the pages that have some, not by every
page of the handbook (5 000 at national size)."""

from django.contrib.auth.models import User
from django.test import TestCase

from handbook.models import PageVote, Resource
from tests.factories import make_page


class PageFilterTests(TestCase):
    def test_sources_and_answers_filter_by_the_pages_that_have_them(self):
        having = [make_page(title="Med källor"), make_page(title="Också med källor")]
        make_page(title="Utan något")
        for n, page in enumerate(having):
            Resource.objects.create(page=page, title="Källa", publisher="Myndigheten", why="Bra.",
                                    url=f"https://example.org/kalla{n}")  # fmt: skip
            PageVote.objects.create(page=page, helpful=True)
        self.client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw"))
        for path in ("/admin/handbook/resource/", "/admin/handbook/pagevote/"):
            with self.subTest(path=path):
                response = self.client.get(path)
                (page_filter,) = [f for f in response.context["cl"].filter_specs
                                  if getattr(f, "field_path", None) == "page"]  # fmt: skip
                self.assertEqual(sorted(label for _pk, label in page_filter.lookup_choices),
                                 sorted(str(page) for page in having))  # fmt: skip
