"""Issue 18, point 4: more than a thousand generated hostile requests (hypothesis, derandomised, so
every run sends the same ones) across every public page and GET parameter, the public forms (with
valid CSRF tokens, in odd charsets and encodings), the API and the feeds: never a 5xx, and no
payload comes back as markup a browser would run.

"Echoed unescaped" is judged on the parsed page, not by string search: a payload carries a marker,
and the page fails if the marker turns up inside an element or attribute that the payload made
(a script, an event handler, a javascript: address, an iframe or object)."""

import html
import re
from urllib.parse import quote, urlencode

import lxml.html
from django.core.management import call_command
from django.test import Client, SimpleTestCase, TestCase, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.models import Page, Section
from registry.filters import FILTER_PARAMS, PAGE_PARAMS, PARAM_ALIASES
from registry.models import Account
from search.results import facets

MARK = "xss4711"
PAYLOADS = [
    f"<script>alert('{MARK}')</script>",
    f'"><script>alert("{MARK}")</script>',
    f"'><img src=x onerror=alert('{MARK}')>",
    f'<svg onload=alert("{MARK}")>',
    f"javascript:alert('{MARK}')",
    f'" onmouseover="alert(\'{MARK}\')" x="',
    f"<iframe src=javascript:alert('{MARK}')>",
    f"</title><script>{MARK}()</script>",
    f"</textarea><script>{MARK}()</script>",
    f'<a href="javascript:{MARK}()">x</a>',
    f"<object data=javascript:{MARK}()>",
    f"{{{{7*7}}}}{MARK}",
    f"%3Cscript%3E{MARK}%3C/script%3E",
    f"<scr<script>ipt>{MARK}()</script>",
    f"\u2028<script>{MARK}()</script>",
]
ODD_BYTES = ["%00", "%ff", "%c3%28", "%ed%a0%80", "%f0%9f%99%82", "%e2%80%ae", "%25", "%0d%0a"]
CHARSETS = ["utf-8", "latin-1", "windows-1252", "utf-16", "utf-16-le", "shift_jis", "koi8-r",
            "utf-7", "cp037", "iso-2022-jp", "x-does-not-exist", "", "UTF8", "utf-32"]  # fmt: skip

values = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=60),
    st.lists(st.sampled_from(ODD_BYTES), min_size=1, max_size=4).map("".join),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
RUNS = {
    "derandomize": True,
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}


def encoded(value):
    """A value as it goes into a query string: text percent-encoded, raw escapes as they are."""
    return value if re.fullmatch(r"(%[0-9a-fA-F]{2})+", value) else quote(value, safe="")


def made_markup(body):
    """Places in an HTML page where a payload's marker became markup."""
    try:
        root = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "iframe", "object", "embed") and (
            MARK in (element.text or "") or any(MARK in v for v in element.attrib.values())
        ):
            found.append(lxml.html.tostring(element)[:200])
        for name, value in element.attrib.items():
            if MARK in value and (
                name.startswith("on")
                or value.strip().lower().startswith("javascript:")
                and name in ("href", "src", "action", "data", "formaction")
            ):
                found.append(f"<{element.tag} {name}={value[:80]!r}>")
    return found


@override_settings(PORTAL_FORM_LIMIT_PER_HOUR=10**6)
class HostileRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)
        call_command("rebuild_index", interactive=False, verbosity=0)

    def setUp(self):
        self.sent = 0
        page = Page.objects.published().select_related("section").first()
        section = Section.objects.first()
        account = Account.objects.filter(status="active").first()
        self.pages = [
            "/", "/handbok/", section.get_absolute_url(), f"{section.get_absolute_url()}utskrift/",
            page.get_absolute_url(), "/handbok/amne/sakerhet/", "/kanaler/", "/kanaler/facebook/",
            "/kanaler/jamfor/", "/konton/", account.get_absolute_url(), "/konton/verifiera/",
            "/konton/oppna-data/", "/sok/", "/tillganglighet/", "/synpunkter/", "/synpunkter/tack/",
            "/konton/rapportera/", "/konton/rapportera/tack/", "/kontakt/", "/sitemap.xml",
            "/sprak/en/", "/healthz", "/konton/oversikt/", "/logga-in/", "/konton/foresla/",
        ]  # fmt: skip
        self.page = page
        self.params = sorted({
            *FILTER_PARAMS, *PAGE_PARAMS, *PARAM_ALIASES.values(), "q", "typ", "sida", "url",
            "next", "ref", "amne", "publicerad", "dagar", "page", "p", "format", "utm_source",
            *(facet.param for facet in facets()),
        })  # fmt: skip

    def send(self, client, method, url, **kwargs):
        self.sent += 1
        if method == "generic":  # a body sent as it is, in whatever charset it names
            response = client.generic("POST", url, **kwargs)
        else:
            response = getattr(client, method)(url, **kwargs)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        self.assertLess(response.status_code, 500, f"{method} {url[:300]}")
        if response.get("Content-Type", "").startswith("text/html") and MARK.encode() in body:
            self.assertEqual(made_markup(body), [], url[:300])
        return response

    def test_every_public_page_and_parameter(self):
        client = Client()

        @settings(**RUNS, max_examples=450)
        @given(
            path=st.sampled_from(self.pages),
            name=st.one_of(st.sampled_from(self.params), st.text(min_size=1, max_size=8)),
            value=values,
            again=st.booleans(),
        )
        def run(path, name, value, again):
            query = f"{quote(name, safe='')}={encoded(value)}"
            if again:  # the same parameter twice, or an alias beside it
                query += f"&{quote(name, safe='')}={encoded(value[::-1])}&status=all"
            self.send(client, "get", f"{path}?{query}")

        run()
        self.assertGreaterEqual(self.sent, 450)

    def test_the_api_and_the_feeds(self):
        client = Client()

        @settings(**RUNS, max_examples=250)
        @given(
            endpoint=st.sampled_from([
                "/api/v1/accounts/", "/api/v1/verify", "/api/v1/openapi.json",
                "/konton/andringar.atom", "/handbok/andringar.atom", "/konton/export.json",
                "/konton/export.csv", "/konton/oppna-data/dcat.rdf",
            ]),
            name=st.sampled_from(self.params),
            value=values,
            detail=st.one_of(st.none(), values),
        )  # fmt: skip
        def run(endpoint, name, value, detail):
            if detail is not None and endpoint == "/api/v1/accounts/":
                self.send(client, "get", f"{endpoint}{encoded(detail)}/")
            self.send(client, "get", f"{endpoint}?{quote(name)}={encoded(value)}")

        run()
        self.assertGreaterEqual(self.sent, 250)

    def test_the_forms_with_valid_tokens_in_any_charset(self):
        client = Client(enforce_csrf_checks=True)
        forms = {}
        for url in ("/synpunkter/", "/konton/rapportera/", "/konton/verifiera/", "/logga-in/"):
            root = lxml.html.fromstring(client.get(url).content)
            form = next(f for f in root.forms if f.method.upper() in ("POST", "GET")
                        and "sok" not in (f.action or ""))  # fmt: skip
            forms[url] = (form.method.upper(), dict(form.form_values()),
                          [field.name for field in form.inputs if field.name])  # fmt: skip
        vote = f"{self.page.get_absolute_url()}omdome/"

        @settings(**RUNS, max_examples=350)
        @given(
            url=st.sampled_from([*forms, vote]),
            data=st.dictionaries(st.sampled_from(["topic", "page", "message", "reply_to", "url",
                                                  "channel", "answer", "comment", "webbplats",
                                                  "username", "password", "next"]),
                                 values, max_size=5),
            charset=st.sampled_from(CHARSETS),
            multipart=st.booleans(),
        )  # fmt: skip
        def run(url, data, charset, multipart):
            if url == vote:
                fields, method = {"answer": "yes", **data}, "POST"
                headers = {"HTTP_ORIGIN": "http://testserver"}
            else:
                method, initial, names = forms[url]
                fields = {**initial, **{k: v for k, v in data.items() if k in names}}
                headers = {}
            if method == "GET":
                self.send(client, "get", f"{url}?{urlencode(fields)}")
                return
            if multipart:
                self.send(client, "post", url, data=fields, **headers)
                return
            try:
                body = urlencode(fields, encoding=charset or "utf-8", errors="replace")
            except LookupError:
                body = urlencode(fields)
            content_type = "application/x-www-form-urlencoded"
            if charset:
                content_type += f"; charset={charset}"
            self.send(client, "generic", url, data=body.encode("ascii"),
                      content_type=content_type, **headers)  # fmt: skip

        run()
        self.assertGreaterEqual(self.sent, 350)


class MadeMarkupTests(SimpleTestCase):
    def test_the_check_sees_markup_a_payload_made_and_nothing_in_escaped_text(self):
        for unescaped in PAYLOADS[:11]:
            if unescaped.startswith(("javascript:", '" onmouseover')):
                page = (
                    f'<a href="{unescaped}">x</a>'
                    if unescaped[0] == "j"
                    else f'<a x="{unescaped}">'
                )
            else:
                page = f"<p>{unescaped}</p>"
            self.assertNotEqual(made_markup(f"<html><body>{page}</body></html>".encode()), [],
                                unescaped)  # fmt: skip
            escaped = f'<p title="{html.escape(unescaped)}">{html.escape(unescaped)}</p>'
            self.assertEqual(made_markup(f"<html><body>{escaped}</body></html>".encode()), [])
