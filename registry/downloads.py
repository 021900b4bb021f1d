"""The registry as files: the list's selection as CSV, XLSX and JSON, and its descriptions."""

import functools

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import catalogue, export
from .filters import AccountFilterForm, as_sent
from .opendata import api_endpoint, meta, open_to_all, public_json, site_url


def filtered(view):
    """Downloads of the list's selection: GET, HEAD and OPTIONS, conditional, open to any page.

    An invalid filter is a 400 with the form's messages; parameters they do not read (a
    tracking parameter on a shared link) are ignored, as on the list itself.
    """

    @api_endpoint(strict=False, limit="export")
    def inner(request, *args, **kwargs):
        form = AccountFilterForm(request.GET)
        accounts = form.filter()
        if form.errors:
            return public_json({"errors": as_sent(form.errors, request.GET)}, status=400)
        return view(request, form, accounts, *args, **kwargs)

    return functools.wraps(view)(inner)


def _download(response, extension):
    response["Content-Disposition"] = (
        f'attachment; filename="konton-{timezone.localdate().isoformat()}.{extension}"'
    )
    return open_to_all(response)


def _encoded(chunks):
    return (chunk.encode("utf-8") for chunk in chunks)


@filtered
def export_csv(request, form, accounts):
    chunks = export.csv_chunks(accounts, site_url())
    return _download(
        StreamingHttpResponse(_encoded(chunks), content_type="text/csv; charset=utf-8"), "csv"
    )


@filtered
def export_xlsx(request, form, accounts):
    handle = export.xlsx_file(accounts, site_url(), title=_("Accounts"))
    return _download(
        FileResponse(
            handle,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "xlsx",
    )


@filtered
def export_json(request, form, accounts):
    chunks = export.json_chunks(accounts, site_url(), meta())
    return _download(
        StreamingHttpResponse(_encoded(chunks), content_type="application/json; charset=utf-8"),
        "json",
    )


@api_endpoint(strict=False, limit="export")
def dcat_record(request):
    """The DCAT-AP-SE catalogue record, in RDF/XML as Sweden's data portal harvests it."""
    body = catalogue.dcat_record().serialize(format="pretty-xml", encoding="utf-8")
    return open_to_all(HttpResponse(body, content_type="application/rdf+xml; charset=utf-8"))


@api_endpoint(strict=False, limit="export")
def table_schema(request):
    return public_json(catalogue.table_schema())


@api_endpoint(strict=False, limit="export")
def data_package(request):
    return public_json(catalogue.data_package())
