import re

from django.conf import settings
from django.test import TestCase, override_settings

from tests.factories import make_page, make_section
from tests.sitemaps import whole_sitemap


class SiteChromeTests(TestCase):
    """Every page carries the same accessible chrome."""

    @classmethod
    def setUpTestData(cls):
        cls.page = make_page(section=make_section(slug="kom-igang"), slug="forsta")

    def test_every_main_page_has_language_skip_link_navigation_search_and_footer(self):
        for url in ["/", "/handbok/", "/handbok/kom-igang/", self.page.get_absolute_url(),
                    "/sok/?q=konto", "/kanaler/", "/konton/", "/tillganglighet/"]:  # fmt: skip
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, '<html lang="sv">')
                self.assertContains(response, '<a class="skip-link" href="#main">')
                self.assertContains(response, '<main id="main"')
                nav = re.search(r'<nav class="main-nav".*?</nav>', response.content.decode(), re.S)
                for link in ("/handbok/", "/kanaler/", "/konton/", "/sok/"):
                    self.assertIn(f'<a href="{link}"', nav.group())
                self.assertContains(response, 'action="/sok/" method="get" role="search"')
                self.assertContains(response, 'href="mailto:sociala-medier@example.org"')
                self.assertContains(response, 'href="/tillganglighet/"')
                self.assertEqual(len(re.findall(r"<h1[ >]", response.content.decode())), 1)

    @override_settings(
        PORTAL_ORG_NAME="Region Exempel",
        PORTAL_ORG_LOGO="img/logo.svg",
        PORTAL_CONTACT_EMAIL="webb@region.example",
    )
    def test_organisation_name_and_contact_come_from_settings(self):
        response = self.client.get("/handbok/")
        self.assertContains(response, '<span class="brand-org">Region Exempel</span>')
        self.assertContains(response, "mailto:webb@region.example")
        self.assertNotContains(response, "Exempelstaden")

    def test_current_section_is_marked_in_the_navigation(self):
        response = self.client.get("/handbok/")
        self.assertContains(response, '<a href="/handbok/" aria-current="page">Handbok</a>')


class LanguageTests(TestCase):
    def test_swedish_is_the_default_whatever_the_browser_prefers(self):
        for accept in ("", "en-US,en;q=0.9", "de"):
            response = self.client.get("/handbok/", HTTP_ACCEPT_LANGUAGE=accept)
            self.assertContains(response, "Vad vill du veta mer om?")
            self.assertEqual(response.headers["Content-Language"], "sv")

    def test_english_has_its_own_addresses_and_the_swedish_ones_stay(self):
        swedish = self.client.get("/handbok/")
        self.assertContains(swedish, '<a class="language-switch" href="/en/handbok/" lang="en"')
        site = settings.PORTAL_SITE_URL  # the public address, as in feeds and open data
        self.assertContains(swedish, f'<link rel="alternate" hreflang="en" '
                                     f'href="{site}/en/handbok/">')  # fmt: skip
        self.assertContains(swedish, f'hreflang="x-default" href="{site}/handbok/"')
        english = self.client.get("/en/handbok/")
        self.assertContains(english, '<html lang="en">')
        self.assertContains(english, "What do you want to know more about?")
        self.assertEqual(english.headers["Content-Language"], "en")
        self.assertContains(english, '<a class="language-switch" href="/handbok/" lang="sv"')
        # The language is in the address alone: never the browser's preference.
        for response in (swedish, english):
            self.assertNotIn("Accept-Language", response.headers.get("Vary", ""))
        self.assertEqual(self.client.get("/en/konton/?kanal=x").status_code, 200)
        self.assertEqual(self.client.get("/en/finns-inte/").status_code, 404)

    def test_the_old_switch_leads_to_the_page_in_that_language(self):
        response = self.client.get("/sprak/en/", {"next": "/handbok/?a=1"})
        self.assertRedirects(response, "/en/handbok/?a=1", fetch_redirect_response=False)
        # Its cookie is for the admin; a Swedish address stays Swedish.
        self.assertContains(self.client.get("/handbok/"), "Vad vill du veta mer om?")
        self.assertContains(self.client.get("/admin/login/"), 'lang="en"')
        response = self.client.get("/sprak/sv/", {"next": "/en/handbok/"})
        self.assertRedirects(response, "/handbok/", fetch_redirect_response=False)

    def test_switch_refuses_to_redirect_off_site(self):
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/",
                       "kommun", "", "\x00"):  # fmt: skip
            with self.subTest(target=target):
                response = self.client.get("/sprak/en/", {"next": target})
                self.assertRedirects(response, "/en/", fetch_redirect_response=False)

    def test_swedish_content_in_an_english_page_says_so_and_links_stay_english(self):
        from tests.factories import make_page

        page = make_page(title="Skydda kontot", summary="Så skyddar du kontot.",
                         body="Läs [kanalerna](/kanaler/) och [sök](/sok/?q=a).",
                         tags=["säkerhet"])  # fmt: skip
        english = self.client.get(f"/en{page.get_absolute_url()}")
        self.assertContains(english, '<h1 lang="sv">Skydda kontot</h1>')
        self.assertContains(english, '<div class="prose" lang="sv">')
        self.assertContains(english, 'href="/en/kanaler/"')
        self.assertContains(english, 'href="/en/sok/?q=a"')
        self.assertContains(english, '<ul class="tag-list" lang="sv">')
        page.language = "en"
        page.save()
        self.assertContains(self.client.get(f"/en{page.get_absolute_url()}"),
                            '<h1 lang="en">Skydda kontot</h1>')  # fmt: skip
        swedish = self.client.get(page.get_absolute_url())
        self.assertContains(swedish, 'href="/kanaler/"')


class ErrorPageTests(TestCase):
    def test_404_is_swedish_and_helpful(self):
        response = self.client.get("/finns-inte-alls/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Vi hittar inte sidan", status_code=404)
        self.assertContains(response, 'role="search"', status_code=404)

    def test_500_page_renders_in_swedish_without_a_request_context(self):
        from django.views.defaults import server_error

        response = server_error(self.client.request().wsgi_request)
        self.assertEqual(response.status_code, 500)
        self.assertIn("Något gick fel", response.content.decode())


class SitemapTests(TestCase):
    def test_sitemap_lists_every_public_page_and_no_draft(self):
        section = make_section(slug="sakerhet")
        page = make_page(section=section, slug="skydda", tags=["säkerhet"])
        draft = make_page(section=section, slug="utkast", is_published=False)
        body = whole_sitemap(self.client)
        for path in ["/", "/handbok/", "/kanaler/", "/konton/", "/sok/", "/tillganglighet/",
                     "/synpunkter/", "/handbok/sakerhet/", "/handbok/sakerhet/utskrift/",
                     page.get_absolute_url(), "/handbok/amne/sakerhet/"]:  # fmt: skip
            self.assertIn(f"<loc>http://testserver{path}</loc>", body)
        self.assertNotIn(draft.get_absolute_url(), body)


class AddressLanguageTests(TestCase):
    def test_stored_addresses_are_swedish_whatever_the_editors_language(self):
        from django.utils import translation

        from base.addresses import in_language, stored_url
        from base.publishing import Publication
        from tests.factories import make_page

        page = make_page(slug="sidan")
        with translation.override("en"):
            self.assertEqual(page.get_absolute_url(), f"/en{stored_url(page)}")
            page.record_publication()
            self.assertEqual(in_language(stored_url(page), "en"), page.get_absolute_url())
        self.assertFalse(Publication.objects.filter(path__startswith="/en/").exists())
        self.assertEqual(in_language("/en/handbok/?q=1", "sv"), "/handbok/?q=1")
        self.assertEqual(in_language("/admin/", "en"), "/admin/")

    def test_search_hits_lead_an_english_reader_to_english_pages(self):
        from django.template import Context, Template
        from django.utils import translation

        template = Template("{% load portal %}{{ path|in_language }}")
        with translation.override("en"):
            shown = template.render(Context({"path": "/handbok/kom-igang/forsta/"}))
        self.assertEqual(shown, "/en/handbok/kom-igang/forsta/")
        self.assertEqual(template.render(Context({"path": "/handbok/a/b/"})), "/handbok/a/b/")

    def test_feedback_about_an_english_page_reaches_its_owner(self):
        from handbook.apps import HandbookConfig
        from tests.factories import make_page

        page = make_page(owner_email="agare@example.org")
        owner = HandbookConfig.owner_email(None, f"/en{page.get_absolute_url()}")
        self.assertEqual(owner, "agare@example.org")
