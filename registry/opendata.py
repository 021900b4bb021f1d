"""What every open-data response shares: addresses, the registry's version for conditional GET,
the API's parameter check, the Table Schema of the CSV and the DCAT-AP-SE catalogue record."""

import functools
import hashlib

from django.conf import settings
from django.db.models import Count, Max, Value
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from channels.models import Channel

from . import export
from .filters import KNOWN_PARAMS, canonical
from .models import Account, Department

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
API_PAGE_SIZE = 100
API_MAX_PAGE_SIZE = 500


def site_url(path=""):
    """An absolute address on the site's configured public address (PORTAL_SITE_URL)."""
    return settings.PORTAL_SITE_URL + path


def public_json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    open_to_all(response)
    return response


def open_to_all(response):
    # Public open data: any web page may read it, conditional requests included.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def meta():
    return {
        "publisher": settings.PORTAL_ORG_NAME,
        "licence": export.LICENCE,
        "licence_url": export.LICENCE_URL,
        "documentation": site_url(reverse("registry:open_data")),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def last_change():
    """When anything an open-data response shows last changed (accounts, channels, departments),
    and how many accounts there are (a deletion changes no timestamp): one query."""

    def newest(model, count):
        rows = model.objects.order_by().annotate(one=Value(1)).values("one")
        counted = Count("pk") if count else Value(0)
        return rows.annotate(latest=Max("updated_at"), total=counted).values_list("latest", "total")

    rows = list(
        newest(Account, True).union(newest(Channel, False), newest(Department, False), all=True)
    )
    stamps = [latest for latest, _total in rows if latest]
    return max(stamps, default=None), sum(total for _latest, total in rows)


def _version(request):
    if not hasattr(request, "_registry_version"):
        request._registry_version = last_change()
    return request._registry_version


def _etag(request, *args, **kwargs):
    latest, count = _version(request)
    key = "|".join([
        latest.isoformat() if latest else "-", str(count), request.get_full_path(),
        translation.get_language() or "", settings.PORTAL_SITE_URL,
    ])  # fmt: skip
    # Weak: a JSON export carries its generation time, so equal versions are not byte-equal.
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def _last_modified(request, *args, **kwargs):
    return _version(request)[0]


# ETag and Last-Modified from the registry's version; If-None-Match and If-Modified-Since get 304.
conditional = condition(etag_func=_etag, last_modified_func=_last_modified)


def api_endpoint(reads=KNOWN_PARAMS, strict=True):
    """GET, HEAD and OPTIONS only; unknown parameters are a 400 that names them; conditional GET.

    reads: the parameters the endpoint reads (by default the registry's filters and paging).
    strict=False ignores unknown parameters instead (downloads linked with tracking parameters).
    """

    def decorate(view):
        cached = conditional(view)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ALLOWED_METHODS
                response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
                response["Access-Control-Max-Age"] = "86400"
                return open_to_all(response)
            if request.method not in ("GET", "HEAD"):
                response = public_json(
                    {"errors": {"method": [_("Only GET, HEAD and OPTIONS are allowed.")]}},
                    status=405,
                )
                response["Allow"] = ALLOWED_METHODS
                return response
            unknown = sorted(name for name in request.GET if name not in reads)
            if unknown and strict:
                message = _("Unknown parameter. The open-data page lists the parameters.")
                return public_json({"errors": {name: [message] for name in unknown}}, status=400)
            return cached(request, *args, **kwargs)

        return wrapper

    return decorate


def page_numbers(query, default_size, max_size):
    """(page, size) from page and page_size (or their aliases), or a {parameter: [message]}."""
    given = canonical(query)
    errors, numbers = {}, {}
    for name, default, low, high in (
        ("page", 1, 1, None),
        ("page_size", default_size, 1, max_size),
    ):
        text = given.get(name) or str(default)
        try:
            number = int(text)
        except ValueError:
            errors[name] = [_("Enter a whole number.")]
            continue
        if number < low or (high and number > high):
            errors[name] = [
                _("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}
                if high
                else _("Enter a number from %(low)d.") % {"low": low}
            ]
            continue
        numbers[name] = number
    if errors:
        return None, errors
    return (numbers["page"], numbers["page_size"]), None


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
        "title": _("Official social media accounts of %(org)s") % {"org": settings.PORTAL_ORG_NAME},
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
    number = settings.PORTAL_ORG_NUMBER
    publisher = URIRef(
        f"http://dataportal.se/organisation/SE{number}" if number else site_url("/#organisation")
    )
    org = settings.PORTAL_ORG_NAME
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
    graph.add((contact, vcard.hasEmail, URIRef("mailto:" + settings.PORTAL_CONTACT_EMAIL)))

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
