from django.conf import settings
from django.test import SimpleTestCase

from base.rendering import render_markdown, sanitise


class SanitiseTests(SimpleTestCase):
    """Markdown from many departments comes out inert, whatever raw HTML it carries."""

    def render(self, text):
        return render_markdown(text).html

    def test_script_tags_are_removed_with_their_content(self):
        html = self.render(
            "Hej\n\n<script>alert('x')</script>\n\n<p>ok <script>steal()</script></p>"
        )
        self.assertNotIn("<script", html)
        self.assertNotIn("alert", html)
        self.assertNotIn("steal", html)

    def test_event_handler_attributes_are_removed(self):
        html = self.render(
            '<img src="/media/a.png" onerror="alert(1)">\n\n<a href="/x" onclick="x()">l</a>'
        )
        self.assertNotIn("onerror", html)
        self.assertNotIn("onclick", html)

    def test_javascript_and_data_links_lose_their_href(self):
        html = self.render(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) "
            "[c](data:text/html;base64,PHNjcmlwdD4=)\n\n"
            '<a href="  javascript:alert(1)">d</a> <a href="vbscript:x">e</a>'
        )
        self.assertNotIn("javascript", html.lower())
        self.assertNotIn("data:", html)
        self.assertNotIn("vbscript", html)
        self.assertIn(">a</a>", html)  # the link text survives

    def test_iframe_style_object_and_form_are_removed(self):
        html = self.render(
            '<iframe src="https://evil.example"></iframe>\n\n<style>body{display:none}</style>\n\n'
            '<object data="x"></object><form action="/"><input name="a"></form>'
            '\n\n<p style="position:fixed">s</p>'
        )
        for needle in ("<iframe", "<style", "display:none", "<object", "<form", "<input", "style="):
            self.assertNotIn(needle, html)

    def test_html_comments_are_removed(self):
        html = self.render(
            "Text <!-- hemlig kommentar --> mer\n\n<!--[if IE]><script>x</script><![endif]-->"
        )
        self.assertNotIn("<!--", html)
        self.assertNotIn("hemlig", html)

    def test_external_images_are_refused(self):
        """An external image would leak readers' addresses; only our own media may be shown."""
        html = self.render("![spårning](https://tracker.example/pixel.gif)")
        self.assertNotIn("tracker.example", html)

    def test_srcset_tricks_and_protocol_relative_links_are_refused(self):
        media = settings.MEDIA_URL
        for html in (
            f'<img src="{media}a.webp" srcset="{media}a.webp\thttps://evil.example/x.webp 2x">',
            f'<img src="{media}a.webp" srcset="{media}a.webp 1x,\nhttps://evil.example/x 2x">',
            f'<img src="{media}a.webp" srcset="{media}a.webp 1x, //evil.example/x.webp 2x">',
        ):
            with self.subTest(html=html):
                self.assertNotIn("evil.example", sanitise(html))
        for href in ("/\\evil.example/konto", "//evil.example/konto", " /\\evil.example"):
            with self.subTest(href=href):
                cleaned = render_markdown(f"[Vår sida]({href})").html
                self.assertNotIn("evil.example", cleaned)
                self.assertIn("Vår sida", cleaned)
        self.assertNotIn("evil", sanitise('<a href="\\\\evil.example/x">a</a>'))  # \\ is //
        kept = sanitise(
            f'<img src="{media}a.webp" srcset="{media}a.webp 480w, {media}b.webp 960w">'
        )
        self.assertIn("960w", kept)
        self.assertIn('href="/handbok/"', render_markdown("[Handboken](/handbok/)").html)

    def test_safe_markdown_survives(self):
        html = self.render(
            "## Rubrik\n\nEn **fet** och *kursiv* [länk](https://example.org/) och "
            "[mejl](mailto:a@example.org).\n\n- ett\n- två\n\n| a | b |\n|---|---|\n| 1 | 2 |"
        )
        expected = (
            "<strong>fet</strong>", "<em>kursiv</em>", 'href="https://example.org/"',
            'href="mailto:a@example.org"', "<li>ett</li>", "<table>", "<td>1</td>",
        )  # fmt: skip
        for needle in expected:
            self.assertIn(needle, html)

    def test_sanitise_strips_ids_that_are_not_heading_anchors(self):
        """Author-written ids could clobber DOM globals; only generated heading ids pass."""
        self.assertEqual(sanitise('<h2 id="csrfmiddlewaretoken">x</h2>'), "<h2>x</h2>")


class ContentsListTests(SimpleTestCase):
    def test_headings_get_stable_prefixed_ids_and_a_contents_list(self):
        rendered = render_markdown("## Skydda ditt konto\n\ntext\n\n### Två steg & SMS\n\nmer")
        self.assertIn('<h2 id="h-skydda-ditt-konto">', rendered.html)
        self.assertEqual(
            rendered.toc,
            [
                {"id": "h-skydda-ditt-konto", "name": "Skydda ditt konto", "level": 2},
                {"id": "h-två-steg-sms", "name": "Två steg & SMS", "level": 3},
            ],
        )

    def test_same_heading_text_twice_gets_distinct_ids(self):
        rendered = render_markdown("## Tips\n\na\n\n## Tips\n\nb")
        self.assertEqual([entry["id"] for entry in rendered.toc], ["h-tips", "h-tips_1"])
