"""The JSON API: never a 5xx, one set of names, conditional GET and an OpenAPI description."""

import datetime
import time
from unittest import mock

from django.test import override_settings
from django.utils import timezone
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from taggit.models import Tag

from base import pagecache
from registry.models import Account
from registry.opendata import VERSION_MEMO
from tests.factories import make_account

from .test_views import RegistryData

HOUR = datetime.timedelta(hours=1)
DOWNLOADS = ["/konton/export.csv", "/konton/export.xlsx", "/konton/export.json"]
API = ["/api/v1/accounts/", "/api/v1/verify?url=https://x.com/exstad_rtj"]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


class AccountApiTests(RegistryData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.paused_ig = make_account(channel=cls.channels["instagram"], department=cls.rescue,
                                     url="https://www.instagram.com/exstad_pausat/",
                                     name="Pausat konto", status="paused")  # fmt: skip

    def ids(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return sorted(row["id"] for row in response.json()["results"])

    def test_zero_matches_is_an_empty_page_not_an_error(self):
        for query in ("q=finnsinte", "channel=snapchat", "tag=kultur&channel=x",
                      "department=bibliotek&status=closed", "status=paused&channel=x"):  # fmt: skip
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/accounts/?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json(), {"count": 0, "next": None, "previous": None,
                                                   "results": []})  # fmt: skip

    def test_paused_accounts_are_in_the_default_selection_and_marked(self):
        data = self.client.get("/api/v1/accounts/").json()
        statuses = {row["name"]: row["status"] for row in data["results"]}
        self.assertEqual(statuses["Pausat konto"], "paused")
        self.assertNotIn("Gamla kulturkontot", statuses)  # closed: only on request
        self.assertNotIn("Hemlig idé", statuses)  # proposed: never public
        csv = body(self.client.get("/konton/export.csv")).decode("utf-8-sig")
        self.assertIn("Pausat konto", csv)
        self.assertContains(self.client.get("/konton/"), "Pausat konto")
        self.assertContains(self.client.get("/konton/"), "status--paused")

    def test_one_set_of_names_and_the_old_ones_as_aliases(self):
        pairs = [
            ("channel=x&status=all", "kanal=x&status=alla"),
            ("status=closed", "status=avslutat"),
            ("status=active", "status=aktivt"),
            ("status=paused", "status=pausat"),
            ("department=kultur", "forvaltning=kultur"),
            ("tag=kris", "amne=kris"),
            ("sort=-name&status=all", "sortera=-namn&status=alla"),
            ("page_size=1&page=2", "per_sida=1&sida=2"),
        ]
        for new, old in pairs:
            with self.subTest(new=new):
                self.assertEqual(self.ids(f"/api/v1/accounts/?{new}"),
                                 self.ids(f"/api/v1/accounts/?{old}"))  # fmt: skip
        rows = self.client.get("/api/v1/accounts/?status=closed").json()["results"]
        self.assertEqual(
            {row["status"] for row in rows}, {"closed"}
        )  # the value in is the value out
        ordered = self.client.get("/api/v1/accounts/?sort=-name&status=all").json()["results"]
        self.assertEqual([r["name"] for r in ordered], sorted([r["name"] for r in ordered],
                                                              reverse=True))  # fmt: skip
        # The check takes the same name for the channel, and the old one.
        for name in ("channel", "kanal"):
            data = self.client.get(f"/api/v1/verify?url=%40exstad_rtj&{name}=x").json()
            self.assertEqual(data["verdict"], "official")

    def test_unknown_and_malformed_parameters_are_a_400_naming_them(self):
        cases = {
            "colour=red": "colour",
            "channel=myspace": "channel",
            "status=deleted": "status",
            "sort=likes": "sort",
            "page=0": "page",
            "page=x": "page",
            "page_size=0": "page_size",
            "page_size=501": "page_size",
            "per_sida=abc": "per_sida",  # named as the client sent it
            "kanal=myspace": "kanal",
            "tag=finnsinte": "tag",
        }
        for query, name in cases.items():
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/accounts/?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertIn(name, response.json()["errors"])
        self.assertEqual(self.client.get("/api/v1/accounts/?page=99").status_code, 404)
        response = self.client.get("/api/v1/verify?url=https://x.com/exstad_rtj&extra=1")
        self.assertEqual(response.status_code, 400)
        self.assertIn("extra", response.json()["errors"])
        # Downloads ignore what they do not read, as a shared link may carry tracking parameters.
        self.assertEqual(self.client.get("/konton/export.csv?utm_source=x").status_code, 200)

    def test_head_and_options_are_answered_and_other_methods_refused(self):
        for url in API + DOWNLOADS + ["/api/v1/openapi.json"]:
            with self.subTest(url=url):
                head = self.client.head(url)
                self.assertEqual(head.status_code, 200)
                self.assertEqual(body(head), b"")
                options = self.client.options(url)
                self.assertEqual(options.status_code, 204)
                self.assertEqual(options["Allow"], "GET, HEAD, OPTIONS")
                self.assertEqual(options["Access-Control-Allow-Origin"], "*")
                post = self.client.post(url)
                self.assertEqual(post.status_code, 405)
                self.assertIn("GET", post["Allow"])

    def test_conditional_get_answers_304_until_the_registry_changes(self):
        for url in API + DOWNLOADS:
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                etag, modified = first["ETag"], first["Last-Modified"]
                self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code, 304)
                self.assertEqual(
                    self.client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code, 304
                )
        etags = {url: self.client.get(url)["ETag"] for url in API + DOWNLOADS}
        # Any public change gives every response a new version.
        Account.objects.filter(pk=self.rescue_x.pk).update(
            updated_at=self.rescue_x.updated_at + datetime.timedelta(seconds=5)
        )
        pagecache.changed()  # update() sends none of the signals a save does
        for url, etag in etags.items():
            with self.subTest(url=url, changed=True):
                response = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
                self.assertEqual(response.status_code, 200)
                self.assertNotEqual(response["ETag"], etag)
        # Another selection is another representation.
        self.assertNotEqual(self.client.get("/api/v1/accounts/?channel=x")["ETag"],
                            self.client.get("/api/v1/accounts/")["ETag"])  # fmt: skip

    def test_a_renamed_tag_or_tags_set_without_a_save_are_never_answered_304(self):
        """Neither changes any account's updated_at, and both change what the files say."""
        self.rescue_x.tags.set(["kris"])
        url = "/api/v1/accounts/?channel=x"

        def rename():
            tag = Tag.objects.get(name="kris")
            tag.name = "krisberedskap"
            tag.save()

        changes = [(rename, {"krisberedskap"}),
                   (lambda: self.rescue_x.tags.set(["beredskap"]), {"beredskap"})]  # fmt: skip
        clock = time.time_ns()
        for change, tags in changes:
            with self.subTest(tags=tags):
                first = self.client.get(url)
                validators = {"HTTP_IF_NONE_MATCH": first["ETag"],
                              "HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}  # fmt: skip
                self.assertEqual(self.client.get(url, **validators).status_code, 304)
                clock += 2 * 10**9  # the new generation starts in a later second
                with (
                    mock.patch.object(pagecache, "_clock_ns", return_value=clock),
                    self.captureOnCommitCallbacks(execute=True),
                ):
                    change()
                for header, value in validators.items():
                    again = self.client.get(url, **{header: value})
                    self.assertEqual(again.status_code, 200, header)
                found = {tag for row in again.json()["results"] for tag in row["tags"]}
                self.assertEqual(found, tags)

    @override_settings(PORTAL_PAGE_CACHE_SECONDS=0)  # the view itself answers each time
    def test_the_validators_hold_while_nothing_changes(self):
        """Read again after its memo expired, the version is the same: a quiet registry is
        not downloaded again."""
        first = self.client.get("/api/v1/accounts/")
        pagecache._memos.clear()
        pagecache._cache().delete(f"memo:{pagecache.generation()}:{VERSION_MEMO}")
        with mock.patch("django.utils.timezone.now", return_value=timezone.now() + HOUR):
            again = self.client.get("/api/v1/accounts/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again["Last-Modified"], first["Last-Modified"])


@override_settings(PORTAL_SITE_URL="https://konton.exempelstaden.example")
class OpenApiTests(RegistryData):
    def test_description_is_valid_openapi_3_1_and_linked(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertEqual(document["openapi"], "3.1.0")
        validate(document)  # raises on any violation of the OpenAPI 3.1 schema
        self.assertEqual(document["servers"][0]["url"],
                         "https://konton.exempelstaden.example/api/v1")  # fmt: skip
        verdicts = document["components"]["schemas"]["Verdict"]["properties"]["verdict"]["enum"]
        self.assertEqual(set(verdicts), {"official", "closed", "not_registered", "unidentified",
                                         "unknown_site"})  # fmt: skip
        parameters = {p["name"] for p in document["paths"]["/accounts/"]["get"]["parameters"]}
        self.assertEqual(parameters, {"q", "channel", "department", "status", "tag", "sort",
                                      "page", "page_size"})  # fmt: skip
        self.assertContains(self.client.get("/konton/oppna-data/"), 'href="/api/v1/openapi.json"')

    def test_real_answers_follow_the_description(self):
        document = self.client.get("/api/v1/openapi.json").json()
        schemas = document["components"]["schemas"]

        def check(name, data):
            schema = {**schemas[name], "components": {"schemas": schemas}}
            # The description's $refs point into #/components/schemas of the same document.
            errors = list(Draft202012Validator(schema).iter_errors(data))
            self.assertEqual(errors, [], name)

        check("AccountPage", self.client.get("/api/v1/accounts/?status=all").json())
        check("AccountPage", self.client.get("/api/v1/accounts/?q=finnsinte").json())
        check("Account", self.client.get(f"/api/v1/accounts/{self.closed_x.pk}/").json())
        for url in ("https://x.com/exstad_rtj", "https://x.com/exstad_gammal",
                    "https://x.com/someone_else", "https://www.instagram.com/p/Cabc123/",
                    "https://www.example.org/"):  # fmt: skip
            check("Verdict", self.client.get("/api/v1/verify", {"url": url}).json())
        error = self.client.get("/api/v1/accounts/?status=deleted").json()
        check("Error", error)


class VerdictsTests(RegistryData):
    """The page and the API give the same answer, the unidentified one included."""

    def test_the_same_verdict_on_the_page_and_in_the_api(self):
        cases = {
            "https://x.com/exstad_rtj/status/1790000000000000000": (
                "official", "Ja, det här är ett officiellt konto"),
            "https://x.com/exstad_gammal": ("closed", "Inte längre ett officiellt konto"),
            "https://x.com/exstad_rtjx": ("not_registered", "Nej, kontot finns inte i vårt"),
            "https://t.co/AbCdEf123": ("unidentified", "Adressen säger inte vilket konto"),
            "https://www.instagram.com/reel/Cabc123/": (
                "unidentified", "Adressen säger inte vilket konto"),
            "https://evil.example\\@x.com/exstad_rtj": (
                "unknown_site", "Nej, adressen är inte ett konto"),
        }  # fmt: skip
        for url, (verdict, heading) in cases.items():
            with self.subTest(url=url):
                api = self.client.get("/api/v1/verify", {"url": url}).json()
                self.assertEqual(api["verdict"], verdict)
                self.assertEqual(api["official"], verdict == "official")
                page = self.client.get("/konton/verifiera/", {"url": url})
                self.assertContains(page, heading)
                self.assertContains(page, f"verdict--{verdict}")
                # "Report it as fake" is offered only where the address names another account.
                reports = "Rapportera kontot som misstänkt falskt" in page.content.decode()
                self.assertEqual(reports, verdict == "not_registered")
