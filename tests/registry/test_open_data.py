import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.http import StreamingHttpResponse
from django.test import TestCase, override_settings
from lxml import etree
from openpyxl import load_workbook

from registry.export import FIELD_NAMES, LIST_SEPARATOR, SCHEMA
from registry.models import Account
from tests.factories import demo_channels, make_account, make_department, warm_filter_choices

from .test_views import RegistryData


def db_rows(queryset):
    """What the schema promises, read straight from the database rows."""
    rows = []
    for a in queryset.order_by("channel__order", "channel__name", "name", "pk"):
        rows.append({
            "id": a.pk, "channel": a.channel.slug, "channel_name": a.channel.name,
            "name": a.name, "handle": a.handle, "url": a.url, "platform_id": a.platform_id,
            "status": a.status,
            "status_since": a.status_since.isoformat() if a.status_since else None,
            "department": a.department.slug,
            "department_name": a.department.name,
            "parent_department": a.department.parent.slug if a.department.parent else "",
            "other_departments": sorted(d.slug for d in a.other_departments.all()),
            "purpose": a.purpose, "goals": a.goals,
            "audiences": [x for x in a.audiences.splitlines() if x.strip()],
            "content_type": a.content_type, "language": a.language,
            "tags": sorted(t.name for t in a.tags.all()),
            "started_on": a.started_on.isoformat() if a.started_on else None,
            "closed_on": a.closed_on.isoformat() if a.closed_on else None,
            "contact_email": a.contact_email,
            "verified_on": a.verified_on.isoformat() if a.verified_on else None,
        })  # fmt: skip
    return rows


def comparable(row):
    """A parsed row without the fields that depend on time and host."""
    return {k: v for k, v in row.items() if k not in ("updated_at", "registry_url")}


def from_flat(name, text):
    """Undo the flat CSV/XLSX form of a value (see the open-data page)."""
    kind = next(column.kind for column in SCHEMA if column.name == name)
    text = "" if text is None else str(text)
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    if kind == "list":
        return text.split(LIST_SEPARATOR) if text else []
    if kind == "integer":
        return int(text)
    if kind == "date":
        return text or None
    return text


class ExportTests(RegistryData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Awkward values: separators, quotes, new lines, a formula, non-Latin text.
        cls.library_fb.other_departments.set([cls.rescue, cls.culture])
        cls.tricky = make_account(
            channel=cls.channels["youtube"], department=cls.rescue,
            url="https://www.youtube.com/@exempelstaden", platform_id="UCx3mPl3St4d3nK0mmun1k4T",
            name='Film; "Räddning", åäö', purpose="=HYPERLINK(\"http://evil\")\nrad två",
            audiences="Föräldrar, vårdnadshavare\nالعربية", language="ar", tags=["kris"],
            goals="#N/A",
        )  # fmt: skip

    def expected(self, **filters):
        return db_rows(Account.objects.filter(**filters))

    def test_csv_parses_back_to_the_database_rows(self):
        response = self.client.get("/konton/export.csv?status=alla")
        self.assertIsInstance(response, StreamingHttpResponse)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        raw = b"".join(response.streaming_content)
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))  # BOM: Excel reads UTF-8
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";")
        header, *body = list(reader)
        self.assertEqual(header, FIELD_NAMES)
        parsed = [{n: from_flat(n, v) for n, v in zip(header, row, strict=True)} for row in body]
        self.assertEqual(
            [comparable(r) for r in parsed],
            self.expected(status__in=["active", "paused", "closed"]),
        )
        self.assertIn("'=HYPERLINK", raw.decode("utf-8-sig"))  # never run as a formula

    def test_xlsx_parses_back_to_the_database_rows(self):
        response = self.client.get("/konton/export.xlsx?status=alla")
        body = b"".join(response.streaming_content)
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(header, FIELD_NAMES)
        parsed = [{n: from_flat(n, v) for n, v in zip(header, row, strict=True)} for row in body]
        self.assertEqual(
            [comparable(r) for r in parsed],
            self.expected(status__in=["active", "paused", "closed"]),
        )
        sheet = load_workbook(
            io.BytesIO(
                b"".join(self.client.get("/konton/export.xlsx?kanal=youtube").streaming_content)
            )
        ).active
        # Text, never a formula or an error value.
        self.assertEqual((sheet["N2"].data_type, sheet["N2"].value[:10]), ("s", "=HYPERLINK"))
        self.assertEqual((sheet["O2"].data_type, sheet["O2"].value), ("s", "#N/A"))

    def test_json_parses_back_to_the_database_rows_and_names_the_licence(self):
        response = self.client.get("/konton/export.json?kanal=x&status=alla")
        data = json.loads(b"".join(response.streaming_content))
        self.assertEqual(data["licence"], "CC0-1.0")
        self.assertEqual(
            [comparable(r) for r in data["accounts"]], self.expected(channel__slug="x")
        )
        self.assertTrue(
            data["accounts"][0]["registry_url"].startswith(settings.PORTAL_SITE_URL + "/konton/")
        )

    def test_exports_follow_the_list_filters(self):
        data = json.loads(b"".join(self.client.get("/konton/export.json?forvaltning=kultur")
                                   .streaming_content))  # fmt: skip
        self.assertEqual(
            {r["name"] for r in data["accounts"]}, {"Stadsbiblioteket", "Kultur i Exempelstaden"}
        )
        self.assertEqual(self.client.get("/konton/export.csv?kanal=myspace").status_code, 400)

    def test_query_counts_are_constant(self):
        urls = ["/konton/export.csv", "/konton/export.json", "/konton/export.xlsx",
                "/api/v1/accounts/", f"/api/v1/accounts/{self.rescue_x.pk}/"]  # fmt: skip

        def consume(url):
            """The answer as text, read to the end inside the query count; it must be a 200."""
            response = self.client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            self.assertEqual(response.status_code, 200, url)
            if url.endswith(".xlsx"):
                rows = load_workbook(io.BytesIO(body), read_only=True).active.iter_rows()
                return " ".join(str(cell.value) for row in rows for cell in row)
            return body.decode("utf-8-sig")

        # Rows 1, then per chunk of rows: channels, shared departments, tags. (The filters'
        # choices, the counts by status and channel, and the registry's version, for the ETag,
        # are read once per generation: the API's page counts without a query.)
        expected = dict.fromkeys(urls, 4)
        for url in urls:
            warm_filter_choices()
            with self.subTest(url=url), self.assertNumQueries(expected[url]):
                self.assertIn("Räddningstjänsten", consume(url))
        for n in range(30):
            account = make_account(
                channel=self.channels["tiktok"],
                department=make_department(),
                url=f"https://www.tiktok.com/@exstad{n}",
                tags=[f"t{n}", "kris"],
            )
            account.other_departments.set([self.culture])
        for url in urls:
            warm_filter_choices()
            with self.subTest(url=url, more=True), self.assertNumQueries(expected[url]):
                body = consume(url)
            if url != urls[4]:  # every list shows the new accounts too
                self.assertIn("exstad29", body)


class ApiTests(RegistryData):
    def test_paginated_with_stable_fields_and_the_list_filters(self):
        for n in range(5):
            make_account(channel=self.channels["instagram"], department=self.culture,
                         url=f"https://www.instagram.com/exstad_{n}/")  # fmt: skip
        data = self.client.get("/api/v1/accounts/?kanal=instagram&per_sida=4").json()
        self.assertEqual(data["count"], 6)
        self.assertIsNone(data["previous"])
        self.assertEqual(
            data["next"],
            settings.PORTAL_SITE_URL + "/api/v1/accounts/?channel=instagram&page=2&page_size=4",
        )
        self.assertEqual(len(data["results"]), 4)
        for field in ("id", "channel", "handle", "url", "status", "department"):
            self.assertIn(field, data["results"][0])
        second = self.client.get(data["next"]).json()
        self.assertEqual(len(second["results"]), 2)
        self.assertIsNone(second["next"])
        ids = [r["id"] for r in data["results"] + second["results"]]
        self.assertEqual(len(set(ids)), 6)

    def test_errors_are_json(self):
        response = self.client.get("/api/v1/accounts/?status=hemligt")
        self.assertEqual(response.status_code, 400)
        self.assertIn("status", response.json()["errors"])
        self.assertEqual(self.client.get("/api/v1/accounts/?sida=99").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/accounts/?sida=x").status_code, 400)
        self.assertEqual(self.client.get(f"/api/v1/accounts/{self.proposed.pk}/").status_code, 404)

    def test_open_data_page_documents_every_field(self):
        response = self.client.get("/konton/oppna-data/")
        for name in FIELD_NAMES + ["/api/v1/accounts/", "/api/v1/verify", "CC0", "page_size"]:
            self.assertContains(response, name)


class FeedTests(TestCase):
    def test_atom_feed_has_new_changed_and_closed_accounts(self):
        channels = demo_channels()
        account = make_account(channel=channels["x"], url="https://x.com/exstad_rtj",
                               name="Räddningstjänsten")  # fmt: skip
        account.purpose = "Nytt syfte."
        account.save()
        account.status = "closed"
        account.final_archive_on = account.final_archive_on or datetime.date(2026, 10, 1)
        account.save()
        response = self.client.get("/konton/andringar.atom")
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = ET.fromstring(response.content).findall("a:entry", ns)
        titles = [e.find("a:title", ns).text for e in entries]
        self.assertEqual(titles, ["Avslutat: Räddningstjänsten (X)",
                                  "Ändrat: Räddningstjänsten (X)",
                                  "Nytt konto: Räddningstjänsten (X)"])  # fmt: skip
        self.assertEqual(len({e.find("a:id", ns).text for e in entries}), 3)
        self.assertIn("syfte", entries[1].find("a:summary", ns).text)

    @override_settings(PORTAL_SITE_URL="https://konton.exempelstaden.example")
    def test_feed_is_valid_atom_with_an_author_and_ids_that_ignore_the_host(self):
        channels = demo_channels()
        account = make_account(channel=channels["x"], url="https://x.com/exstad_rtj")
        account.status = "closed"
        account.final_archive_on = account.final_archive_on or datetime.date(2026, 10, 1)
        account.save()
        # Proposed, then dropped: it was never public, so it never reaches the feed.
        make_account(channel=channels["tiktok"], url="https://www.tiktok.com/@exstad_ide",
                     name="Hemlig idé", status="proposed").delete()  # fmt: skip
        secret = make_account(channel=channels["tiktok"], name="Annan idé", status="proposed",
                              url="https://www.tiktok.com/@exstad_ide2")  # fmt: skip
        secret.purpose = "Ändrat syfte."
        secret.save()
        schema = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
        feeds = [self.client.get("/konton/andringar.atom", HTTP_HOST=host).content
                 for host in ("127.0.0.1", "localhost")]  # fmt: skip
        self.assertEqual(feeds[0], feeds[1])  # nothing in the feed comes from the Host header
        root = etree.fromstring(feeds[0])
        schema.assertValid(root)  # RFC 4287's grammar
        ns = {"a": "http://www.w3.org/2005/Atom"}
        # RFC 4287 4.1.1: a feed has an author unless every entry has one.
        self.assertEqual(root.findtext("a:author/a:name", namespaces=ns), "Exempelstaden")
        self.assertTrue(root.findtext("a:id", namespaces=ns).startswith(
            "https://konton.exempelstaden.example/"))  # fmt: skip
        ids = root.xpath("a:entry/a:id/text()", namespaces=ns)
        self.assertEqual(len(ids), 2)
        self.assertTrue(all(i.startswith("tag:konton.exempelstaden.example,2026:") for i in ids))
        links = root.xpath("a:entry/a:link/@href", namespaces=ns)
        self.assertTrue(all(link.startswith("https://konton.exempelstaden.example/konton/")
                            for link in links))  # fmt: skip
        self.assertNotIn(b"id\xc3\xa9", feeds[0])  # neither proposal appears

    def test_the_schema_rejects_a_feed_without_what_rfc_4287_requires(self):
        schema = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
        broken = (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>'
            b"<entry><title>e</title><id>urn:y</id></entry></feed>"
        )
        self.assertFalse(schema.validate(etree.fromstring(broken)))  # no updated anywhere


ORG_NUMBER = "2120001234"


@override_settings(PORTAL_SITE_URL="https://konton.exempelstaden.example",
                   PORTAL_ORG_NUMBER=ORG_NUMBER)  # fmt: skip
class OpenDataRecordTests(RegistryData):
    def test_csv_export_is_valid_against_its_table_schema(self):
        make_account(channel=self.channels["youtube"], url="https://www.youtube.com/@kulturskolanälmhult",
                     name="Kulturskolan; Älmhult", status="paused", tags=["musik", "barn"],
                     purpose='Citat "så här" och =formel')  # fmt: skip
        response = self.client.get("/konton/oppna-data/tableschema.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        csv_bytes = b"".join(self.client.get("/konton/export.csv?status=all").streaming_content)
        package = self.client.get("/konton/oppna-data/datapackage.json").json()
        dialect = package["resources"][0]["dialect"]
        self.assertEqual(package["resources"][0]["schema"], schema)
        report = self.validate_csv(csv_bytes, schema, dialect)
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "message"]))
        self.assertEqual(report.tasks[0].stats["rows"], 5)
        # The validator is no rubber stamp: a status outside the schema fails.
        tampered = csv_bytes.replace(b";paused;", b";deleted;", 1)
        self.assertFalse(self.validate_csv(tampered, schema, dialect).valid)

    def validate_csv(self, data, schema, dialect):
        from frictionless import Dialect, Resource, Schema, formats

        control = formats.CsvControl(delimiter=dialect["delimiter"])
        resource = Resource(data=data, format="csv", encoding="utf-8-sig",
                            schema=Schema.from_descriptor(schema),
                            dialect=Dialect(controls=[control]))  # fmt: skip
        return resource.validate()

    def test_dcat_record_has_what_dcat_ap_se_requires(self):
        from pyshacl import validate
        from rdflib import Graph, URIRef
        from rdflib.namespace import DCAT, DCTERMS, RDF

        response = self.client.get("/konton/oppna-data/dcat.rdf")
        self.assertEqual(response["Content-Type"], "application/rdf+xml; charset=utf-8")
        graph = Graph().parse(data=response.content, format="xml")
        shapes = Graph().parse(str(Path(__file__).with_name("dcat_ap_se_shapes.ttl")))
        conforms, _report, text = validate(graph, shacl_graph=shapes)
        self.assertTrue(conforms, text)
        publisher = URIRef(f"http://dataportal.se/organisation/SE{ORG_NUMBER}")
        dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
        self.assertEqual(graph.value(dataset, DCTERMS.publisher), publisher)
        formats = {str(graph.value(d, DCTERMS["format"]))
                   for d in graph.objects(dataset, DCAT.distribution)}  # fmt: skip
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self.assertEqual(formats, {"text/csv", "application/json", "application/atom+xml", xlsx})
        licences = {
            graph.value(d, DCTERMS.license) for d in graph.objects(dataset, DCAT.distribution)
        }
        self.assertEqual(licences, {URIRef("http://creativecommons.org/publicdomain/zero/1.0/")})
        # The shapes can fail: the same record without its publisher does not conform.
        graph.remove((None, DCTERMS.publisher, None))
        self.assertFalse(validate(graph, shacl_graph=shapes)[0])

    def test_open_data_page_links_every_description(self):
        response = self.client.get("/konton/oppna-data/")
        for url in ("/konton/oppna-data/dcat.rdf", "/konton/oppna-data/tableschema.json",
                    "/api/v1/openapi.json"):  # fmt: skip
            self.assertContains(response, f'href="{url}"')
