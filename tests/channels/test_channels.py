import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import TestCase

from channels.demo import load_channels
from channels.models import Channel
from channels.views import ChannelDetailView
from registry.models import Account
from tests.factories import make_account, make_channel, make_page
from tests.sitemaps import whole_sitemap


class ChannelModelTests(TestCase):
    def test_markdown_fields_are_rendered_and_sanitised_on_save(self):
        channel = make_channel()
        self.assertIn('<h2 id="h-passar-för">', channel.guidance_html)
        self.assertNotIn("script", channel.guidance_html)
        self.assertEqual(channel.legal_notes_html, "<p>Tänk på <strong>upphovsrätten</strong>.</p>")
        self.assertEqual(channel.keep_in_mind_points, ["Svara snabbt", "Publicera inte för ofta"])

    def test_patterns_must_compile_and_name_a_handle_group(self):
        channel = make_channel()
        for bad in ("^/(?P<handle>[a-z", "^/(?P<namn>[a-z]+)$"):
            channel.handle_patterns = bad
            with self.assertRaises(ValidationError) as caught:
                channel.full_clean()
            self.assertIn("handle_patterns", caught.exception.message_dict)

    def test_a_logo_needs_alt_text(self):
        channel = make_channel()
        channel.logo = "channels/logo.png"
        with self.assertRaises(ValidationError) as caught:
            channel.full_clean()
        self.assertIn("logo_alt", caught.exception.message_dict)

    def test_a_new_channel_needs_no_code_change(self):
        make_channel(name="Bluesky", slug="bluesky", hosts="bsky.app",
                     handle_patterns=r"^/profile/(?P<handle>[a-z0-9.\-]+)/?$")  # fmt: skip
        bluesky = Channel.objects.get(slug="bluesky")
        self.assertEqual(bluesky.extract_handle("https://bsky.app/profile/exempel.bsky.social"),
                         "exempel.bsky.social")  # fmt: skip
        self.assertContains(self.client.get("/kanaler/"), "Bluesky")
        self.assertContains(self.client.get("/kanaler/bluesky/"), "Bluesky")


class ChannelPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.facebook = make_channel()
        cls.hidden = make_channel(name="Gammal", slug="gammal", is_active=False)

    def test_list_shows_active_channels_with_frequency(self):
        response = self.client.get("/kanaler/")
        self.assertContains(response, 'href="/kanaler/facebook/"')
        self.assertContains(response, "Minst 2 inlägg i veckan, högst 2 om dagen")
        self.assertNotContains(response, "Gammal")

    def test_detail_puts_structured_advice_in_fixed_places(self):
        response = self.client.get("/kanaler/facebook/")
        for text in ("Hur ofta ska du publicera?", "Skydda kontot", "Hjälp och villkor",
                     "Att tänka på", "Lagar och rättigheter", 'href="https://www.facebook.com/hacked"',
                     "Svara snabbt", "Våra konton på Facebook",
                     "Vi har inga officiella konton på Facebook just nu."):  # fmt: skip
            self.assertContains(response, text)
        self.assertEqual(self.client.get("/kanaler/gammal/").status_code, 404)

    def test_compare_table_is_accessible(self):
        response = self.client.get("/kanaler/jamfor/")
        self.assertContains(response, "<caption")
        self.assertContains(response, '<th scope="col">Kanal</th>')
        self.assertContains(
            response, '<th scope="row"><a href="/kanaler/facebook/">Facebook</a></th>'
        )
        self.assertNotContains(response, "Gammal")

    def test_renamed_channel_keeps_old_links_working(self):
        channel = make_channel(name="Twitter", slug="twitter")
        page = make_page(body="Läs om [kanalen](/kanaler/twitter/).")
        channel.name, channel.slug = "X", "x"
        channel.save()
        self.assertIn('href="/kanaler/twitter/"', page.body_html)
        response = self.client.get("/kanaler/twitter/")
        self.assertRedirects(response, "/kanaler/x/", status_code=301)
        # Renaming back frees the old address again.
        channel.slug = "twitter"
        channel.save()
        self.assertEqual(self.client.get("/kanaler/twitter/").status_code, 200)
        self.assertRedirects(self.client.get("/kanaler/x/"), "/kanaler/twitter/", status_code=301)

    def test_query_counts_do_not_grow_with_channels(self):
        # The detail page's second query is its change history, the third its list of accounts
        # from the registry.
        counts = (("/kanaler/", 1), ("/kanaler/jamfor/", 1), ("/kanaler/facebook/", 3))
        for url, expected in counts:
            with self.assertNumQueries(expected):
                self.assertEqual(self.client.get(url).status_code, 200)
        for n in range(8):
            make_channel(name=f"Kanal {n}", slug=f"kanal-{n}")
            make_account(channel=self.facebook, url=f"https://www.facebook.com/exstad{n}",
                         name=f"Konto nummer {n}")  # fmt: skip
        shows = {"/kanaler/": "Kanal 7", "/kanaler/jamfor/": "Kanal 7",
                 "/kanaler/facebook/": "Konto nummer 7"}  # fmt: skip
        for url, expected in counts:
            with self.assertNumQueries(expected):
                response = self.client.get(url)
            self.assertContains(response, shows[url])

    def test_a_channel_with_many_accounts_lists_the_first_by_name_and_points_to_the_registry(self):
        shown = ChannelDetailView.accounts_shown
        # Made in reverse and with one closed, so that the name and the status decide.
        for n in reversed(range(shown + 2)):
            make_account(channel=self.facebook, url=f"https://www.facebook.com/manga{n}",
                         name=f"Konto {n:03}")  # fmt: skip
        make_account(channel=self.facebook, url="https://www.facebook.com/stangt",
                     name="Konto 000 stängt", status="closed")  # fmt: skip
        response = self.client.get("/kanaler/facebook/")
        listed = re.findall(r'<a href="/konton/\d+/" lang="sv">(Konto [^<]*)</a>', response.text)
        self.assertEqual(listed, [f"Konto {n:03}" for n in range(shown)])
        self.assertContains(
            response, f"De första {shown} kontona i bokstavsordning; registret har alla."
        )
        self.assertContains(response, 'href="/konton/?channel=facebook"')
        Account.objects.filter(name__in=[f"Konto {shown:03}", f"Konto {shown + 1:03}"]).update(
            status="closed", closed_on=datetime.date(2026, 1, 1)
        )
        response = self.client.get("/kanaler/facebook/?ny=1")
        self.assertEqual(
            len(re.findall(r'<a href="/konton/\d+/" lang="sv">', response.text)), shown
        )
        self.assertNotContains(response, "registret har alla")  # all of them are here

    def test_channels_are_in_the_sitemap(self):
        body = whole_sitemap(self.client)
        self.assertIn("<loc>http://testserver/kanaler/facebook/</loc>", body)
        self.assertIn("<loc>http://testserver/kanaler/jamfor/</loc>", body)
        self.assertNotIn("/kanaler/gammal/", body)


# (channel slug, pasted address, handle it must yield or None)
ACCOUNT_URLS = [
    ("facebook", "https://www.facebook.com/Exempelstaden", "exempelstaden"),
    ("facebook", "http://m.facebook.com/exempelstaden/", "exempelstaden"),
    ("facebook", "facebook.com/exempel.staden?ref=bookmarks", "exempel.staden"),
    ("facebook", "https://www.facebook.com/pages/Exempelstaden/123456789", "123456789"),
    ("facebook", "https://facebook.com.example.net/exempelstaden", None),
    ("facebook", "https://faceb00k.com/exempelstaden", None),
    ("facebook", "https://evil.com/facebook.com/exempelstaden", None),
    ("facebook", "https://www.instagram.com/exempelstaden/", None),
    ("facebook", "javascript:alert(1)", None),
    ("instagram", "https://www.instagram.com/exempelstaden/", "exempelstaden"),
    ("instagram", "instagram.com/Exempel_Staden?hl=sv", "exempel_staden"),
    ("instagram", "https://instagram.com.evil.example/exempelstaden", None),
    ("linkedin", "https://www.linkedin.com/company/exempelstaden/", "exempelstaden"),
    ("linkedin", "https://www.linkedin.com/school/exempeluniversitetet/", "exempeluniversitetet"),
    ("linkedin", "https://linkedin.com/showcase/exempel-kultur/posts/", "exempel-kultur"),
    ("linkedin", "https://www.linkedin.com/in/anna-berg/", None),
    ("x", "https://twitter.com/Exempelstaden", "exempelstaden"),
    ("x", "https://x.com/exempelstaden/", "exempelstaden"),
    ("x", "https://mobile.twitter.com/exempelstaden?s=20", "exempelstaden"),
    ("x", "https://x.com.example.org/exempelstaden", None),
    ("youtube", "https://www.youtube.com/@Exempelstaden", "exempelstaden"),
    ("youtube", "https://youtube.com/c/Exempelstaden/videos", "exempelstaden"),
    ("youtube", "https://www.youtube.com/user/exempelstaden", "exempelstaden"),
    (
        "youtube",
        "https://m.youtube.com/channel/UC1234567890abcdefghijKL",
        "UC1234567890abcdefghijKL",  # a platform id: case-sensitive
    ),
    ("youtube", "https://www.youtube.com/watch?v=abc", None),
    ("tiktok", "https://www.tiktok.com/@exempelstaden", "exempelstaden"),
    ("tiktok", "https://www.tiktok.com/@Exempelstaden?lang=sv", "exempelstaden"),
    ("tiktok", "https://tiktok.com/exempelstaden", None),
    ("snapchat", "https://www.snapchat.com/add/exempelstaden", "exempelstaden"),
    ("snapchat", "https://snapchat.com.example.net/add/exempelstaden", None),
]


class DemoChannelTests(TestCase):
    """The demo channels' URL patterns recognise real account addresses and nothing else."""

    @classmethod
    def setUpTestData(cls):
        load_channels(settings.BASE_DIR / "fixtures" / "kanaler")

    def test_demo_has_the_seven_channels_with_help_centres(self):
        slugs = set(Channel.objects.values_list("slug", flat=True))
        self.assertLessEqual(
            {"facebook", "instagram", "linkedin", "x", "youtube", "tiktok", "snapchat"}, slugs
        )
        for channel in Channel.objects.all():
            self.assertTrue(channel.help_url.startswith("https://"), channel)
            self.assertTrue(channel.guidance_html and channel.keep_in_mind_points, channel)
        facebook = Channel.objects.get(slug="facebook")
        self.assertEqual((facebook.posts_per_week_min, facebook.posts_per_day_max), (2, 2))

    def test_every_channel_page_links_help_hijack_and_two_step_or_says_there_is_none(self):
        """Issue 20: the three links an account owner needs in a hurry, on every channel."""
        wanted = {
            "help_url": ("Hjälpcenter", "erbjuder inget hjälpcenter"),
            "hijack_url": ("Anmäl ett kapat konto", "erbjuder inget formulär för kapade konton"),
            "two_factor_url": ("Slå på tvåstegsverifiering",
                               "erbjuder ingen hjälpsida om tvåstegsverifiering"),
        }  # fmt: skip
        missing = []
        for channel in Channel.objects.all():
            html = self.client.get(channel.get_absolute_url()).content.decode()
            for field, (link_text, none_text) in wanted.items():
                url = getattr(channel, field)
                if url:
                    self.assertIn(f'<a href="{url}">{link_text}</a>', html, (channel, field))
                else:
                    self.assertIn(f"{channel.name} {none_text}", html, (channel, field))
                    missing.append((channel.slug, field))
        self.assertEqual(missing, [("tiktok", "two_factor_url")])  # said plainly on its page
        channel = Channel.objects.get(slug="snapchat")
        channel.help_url = channel.hijack_url = ""
        channel.save()
        html = self.client.get(channel.get_absolute_url()).content.decode()
        self.assertIn("Snapchat erbjuder inget hjälpcenter.", html)
        self.assertIn("Snapchat erbjuder inget formulär för kapade konton: anmäl", html)
        compare = self.client.get("/kanaler/jamfor/").content.decode()
        self.assertIn("Inget hjälpcenter", compare)
        self.assertIn("Ingen hjälpsida: i säkerhetsinställningarna", compare)

    def test_account_url_table(self):
        channels = {channel.slug: channel for channel in Channel.objects.all()}
        for slug, url, expected in ACCOUNT_URLS:
            with self.subTest(url=url):
                self.assertEqual(channels[slug].extract_handle(url), expected)


class ChannelSearchTests(TestCase):
    def setUp(self):
        from haystack import connections

        connections["default"].get_backend().clear()

    def test_active_channels_are_searchable_and_inactive_ones_leave_the_index(self):
        with self.captureOnCommitCallbacks(execute=True):
            channel = make_channel(name="Mastodon", slug="mastodon",
                                   guidance="Federerade servrar och instanser.")  # fmt: skip
        response = self.client.get("/sok/", {"q": "instanser"})
        self.assertContains(response, "1 träff")
        self.assertContains(response, 'href="/kanaler/mastodon/"')
        self.assertContains(response, '<p class="muted">Kanaler</p>')
        channel.is_active = False
        with self.captureOnCommitCallbacks(execute=True):
            channel.save()
        self.assertContains(self.client.get("/sok/", {"q": "instanser"}), "0 träffar")
