"""The registry described for machines: the CSV's Table Schema and Data Package (Frictionless
Data) and the DCAT-AP-SE catalogue record that Sweden's data portal harvests."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from base import identity

from . import export
from .opendata import last_change, site_url

# Frictionless Table Schema types for the export schema's kinds; lists are joined text in CSV.
_TABLE_TYPES = {"integer": "integer", "text": "string", "list": "string", "date": "date",
                "datetime": "datetime"}  # fmt: skip
_REQUIRED = {"id", "channel", "channel_name", "name", "status", "department", "department_name",
             "purpose", "contact_email", "updated_at", "registry_url"}  # fmt: skip


def table_schema():
    """The CSV export's Table Schema (Frictionless Data), from the same SCHEMA as the export."""
    fields = []
    for column in export.SCHEMA:
        field = {"name": column.name, "type": _TABLE_TYPES[column.kind],
                 "description": str(column.description)}  # fmt: skip
        constraints = {}
        if column.name in _REQUIRED:
            constraints["required"] = True
        if column.name == "id":
            constraints["unique"] = True
        if column.name == "status":
            constraints["enum"] = ["active", "paused", "closed"]
        if column.name == "contact_email":
            field["format"] = "email"
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def data_package():
    """A Data Package naming the CSV file with its dialect, so a reader needs no guessing."""
    return {
        "name": "officiella-konton",
        "title": _("Official social media accounts of %(org)s") % {"org": identity.current().name},
        "licenses": [{"name": export.LICENCE, "path": export.LICENCE_URL}],
        "resources": [
            {
                "name": "konton",
                "path": site_url(reverse("registry:export_csv")),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": export.CSV_DELIMITER, "lineTerminator": "\r\n"},
                "schema": table_schema(),
            }
        ],
    }


CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"  # as DCAT-AP-SE spells it
EU = "http://publications.europa.eu/resource/authority/"


def dcat_record():
    """The registry as a DCAT-AP-SE catalogue record (an rdflib Graph), for Sweden's data portal.

    Every node has an absolute IRI (the portal harvests no blank nodes); the publisher's IRI is
    the one the profile gives for a Swedish organisation number, when PORTAL_ORG_NUMBER is set.
    """
    # rdflib is imported here: only this record needs it, and it is slow to import.
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", vcard)

    page = site_url(reverse("registry:open_data"))
    catalog, dataset = URIRef(page + "#catalog"), URIRef(page + "#dataset")
    contact, service = URIRef(page + "#contact"), URIRef(page + "#api")
    number = identity.current().org_number
    publisher = URIRef(
        f"http://dataportal.se/organisation/SE{number}" if number else site_url("/#organisation")
    )
    org = identity.current().name
    licence = URIRef(CC0)

    def texts(node, predicate, swedish, english):
        graph.add((node, predicate, Literal(swedish, lang="sv")))
        graph.add((node, predicate, Literal(english, lang="en")))

    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(org, lang="sv")))
    kind = URIRef(f"http://purl.org/adms/publishertype/{settings.PORTAL_ORG_TYPE}")
    graph.add((publisher, DCTERMS.type, kind))
    if number:
        graph.add((publisher, DCTERMS.identifier, Literal(number)))

    graph.add((contact, RDF.type, vcard.Organization))
    graph.add((contact, vcard.fn, Literal(org, lang="sv")))
    graph.add((contact, vcard.hasEmail, URIRef("mailto:" + identity.current().contact_email)))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    texts(catalog, DCTERMS.title, f"Öppna data från {org}", f"Open data from {org}")
    texts(catalog, DCTERMS.description,
          f"Datamängder som {org} publicerar som öppna data.",
          f"Datasets that {org} publishes as open data.")  # fmt: skip
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, FOAF.homepage, URIRef(site_url("/"))))
    graph.add((catalog, DCAT.dataset, dataset))

    latest, _count = last_change()
    graph.add((dataset, RDF.type, DCAT.Dataset))
    texts(dataset, DCTERMS.title, f"Officiella konton i sociala medier för {org}",
          f"Official social media accounts of {org}")  # fmt: skip
    texts(dataset, DCTERMS.description,
          f"Förteckningen över {org}s officiella konton i sociala medier: kanal, namn, adress, "
          "ansvarig förvaltning, syfte, status och funktionsbrevlåda. Ett konto som inte finns "
          "här är inte vårt.",
          f"The list of {org}'s official social media accounts: channel, name, address, owning "
          "department, purpose, status and functional mailbox. An account that is not listed "
          "is not ours.")  # fmt: skip
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((dataset, DCAT.landingPage, URIRef(site_url(reverse("registry:index")))))
    graph.add((dataset, DCAT.theme, URIRef(EU + "data-theme/GOVE")))
    graph.add((dataset, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
    graph.add((dataset, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/CONT")))
    graph.add((dataset, DCTERMS.language, URIRef(EU + "language/SWE")))
    for word in ("sociala medier", "konton", "verifiering", "kommunikation"):
        graph.add((dataset, DCAT.keyword, Literal(word, lang="sv")))
    if latest:
        graph.add((dataset, DCTERMS.modified, Literal(latest.date(), datatype=XSD.date)))

    files = [
        ("csv", "registry:export_csv", "text/csv", "CSV", "CSV"),
        ("xlsx", "registry:export_xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", "Excel"),
        ("json", "registry:export_json", "application/json", "JSON", "JSON"),
        ("atom", "registry:feed", "application/atom+xml", "Ändringar (Atom)", "Changes (Atom)"),
    ]  # fmt: skip
    for key, name, media_type, swedish, english in files:
        node = URIRef(page + "#distribution-" + key)
        address = URIRef(site_url(reverse(name)))
        graph.add((dataset, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        texts(node, DCTERMS.title, swedish, english)
        graph.add((node, DCAT.accessURL, address))
        graph.add((node, DCAT.downloadURL, address))
        graph.add((node, DCTERMS.format, Literal(media_type)))
        graph.add((node, DCTERMS.license, licence))
        if key == "csv":
            graph.add(
                (node, DCTERMS.conformsTo, URIRef(site_url(reverse("registry:table_schema"))))
            )

    api = URIRef(page + "#distribution-api")
    endpoint = URIRef(site_url("/api/v1/"))
    graph.add((dataset, DCAT.distribution, api))
    graph.add((api, RDF.type, DCAT.Distribution))
    texts(api, DCTERMS.title, "API (JSON)", "API (JSON)")
    graph.add((api, DCAT.accessURL, endpoint))
    graph.add((api, DCTERMS.format, Literal("application/json")))
    graph.add((api, DCTERMS.license, licence))
    graph.add((api, DCAT.accessService, service))
    graph.add((service, RDF.type, DCAT.DataService))
    texts(service, DCTERMS.title, f"API för {org}s officiella konton",
          f"API of {org}'s official accounts")  # fmt: skip
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.endpointDescription, URIRef(site_url(reverse("api:openapi")))))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.format, Literal("application/json")))
    graph.add((service, DCTERMS.license, licence))
    graph.add((service, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
    return graph
