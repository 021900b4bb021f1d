"""Issue 17, point 8: "Var sidan till hjälp?" on every handbook page: a plain form, protected
against cross-site requests by its origin (so the page carries no token and stays the same for
every reader), rate limited, storing no personal data; per-page results in the admin."""

from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings

from handbook.models import PageVote
from tests.factories import make_page

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


class PageVoteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_page()
        cls.url = cls.page.get_absolute_url()
        cls.vote_url = cls.url + "omdome/"

    def setUp(self):
        # What a browser sends with a form posted from one of the site's pages.
        self.client = Client(headers={"Origin": "http://testserver"})

    def test_every_page_asks_with_a_plain_form(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Var sidan till hjälp?")
        self.assertContains(response, f'action="{self.vote_url}"')
        self.assertContains(response, 'name="hjalpte" value="ja"')
        # No token: the page is the same for every reader, so caches and 304s work.
        self.assertNotContains(response, "csrfmiddlewaretoken")
        self.assertEqual(self.client.get(self.url).content, response.content)

    def test_an_answer_is_stored_without_anything_about_the_reader(self):
        answer = {"hjalpte": "nej", "kommentar": " Saknar exempel. "}
        reader = {"REMOTE_ADDR": "192.0.2.7", "HTTP_USER_AGENT": "Testläsare/1.0"}
        response = self.client.post(self.vote_url, answer, **reader)
        self.assertRedirects(response, self.url + "?svar=tack#hjalp")
        vote = PageVote.objects.get()
        self.assertEqual(
            (vote.page, vote.helpful, vote.comment), (self.page, False, "Saknar exempel.")
        )
        stored = " ".join(str(value) for value in PageVote.objects.values().get().values())
        for trace in ("192.0.2.7", "Testläsare"):
            self.assertNotIn(trace, stored)
        self.assertEqual([f.name for f in PageVote._meta.concrete_fields],
                         ["id", "page", "helpful", "comment", "created_on"])  # fmt: skip
        self.assertContains(self.client.get(self.url + "?svar=tack"), "Tack för ditt svar.")

    def test_no_answer_or_a_bad_one_stores_nothing_and_says_why(self):
        for data in ({}, {"hjalpte": "kanske"}):
            response = self.client.post(self.vote_url, data)
            self.assertRedirects(response, self.url + "?svar=saknas#hjalp",
                                 fetch_redirect_response=False)  # fmt: skip
        self.assertContains(self.client.get(self.url + "?svar=saknas"), "Välj Ja eller Nej")
        self.assertEqual(PageVote.objects.count(), 0)
        self.assertEqual(self.client.get(self.vote_url).status_code, 405)

    def test_posts_from_other_sites_are_refused(self):
        for headers in ({}, {"Origin": "https://elak.example"}, {"Origin": "null"},
                        {"Referer": "https://elak.example/handbok/"}):  # fmt: skip
            with self.subTest(headers=headers):
                client = Client(headers=headers)
                self.assertEqual(client.post(self.vote_url, {"hjalpte": "ja"}).status_code, 403)
        self.assertEqual(PageVote.objects.count(), 0)
        referred = Client(headers={"Referer": "http://testserver" + self.url})
        self.assertEqual(referred.post(self.vote_url, {"hjalpte": "ja"}).status_code, 302)
        self.assertEqual(PageVote.objects.count(), 1)

    def test_an_unpublished_page_takes_no_answers_from_readers(self):
        draft = make_page(is_published=False)
        response = self.client.post(draft.get_absolute_url() + "omdome/", {"hjalpte": "ja"})
        self.assertEqual(response.status_code, 404)

    @override_settings(CACHES={"default": {"BACKEND": LOCMEM, "LOCATION": "votes"}})
    def test_answers_are_rate_limited(self):
        from handbook.views import VOTE_LIMIT

        for _n in range(VOTE_LIMIT.per_hour):
            self.client.post(self.vote_url, {"hjalpte": "ja"})
        response = self.client.post(self.vote_url, {"hjalpte": "ja"})
        self.assertRedirects(
            response, self.url + "?svar=vanta#hjalp", fetch_redirect_response=False
        )
        self.assertEqual(PageVote.objects.count(), VOTE_LIMIT.per_hour)
        self.assertContains(self.client.get(self.url + "?svar=vanta"), "Vänta en timme")

    def test_the_admin_shows_the_results_per_page(self):
        PageVote.objects.create(page=self.page, helpful=True)
        PageVote.objects.create(page=self.page, helpful=False, comment="För lång.")
        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        listing = self.client.get("/admin/handbook/page/")
        self.assertContains(listing, f'?page__id__exact={self.page.pk}">1 / 1</a>')
        answers = self.client.get(f"/admin/handbook/pagevote/?page__id__exact={self.page.pk}")
        self.assertContains(answers, "För lång.")
