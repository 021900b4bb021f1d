import functools

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from config import public_forms
from config.ratelimit import HourlyLimit

from . import export
from .filters import DEFAULT_SORT, AccountFilterForm
from .forms import ReportForm, VerifyForm
from .models import Account, AccountEvent, Report
from .verification import InvalidInput, verify

PAGE_SIZE = 50
API_PAGE_SIZE = 100
API_MAX_PAGE_SIZE = 500
REPORT_LIMIT = HourlyLimit("registry-report", per_hour=5)


def _page(paginator, number):
    """A page for any ?sida= value: junk means the first page, too far means the last."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    return paginator.get_page(number)


def account_list(request):
    form = AccountFilterForm(request.GET)
    accounts = form.filter().for_listing()
    paginator = Paginator(accounts, PAGE_SIZE)
    page_obj = _page(paginator, request.GET.get("sida"))
    state = form.state()
    return render(
        request,
        "registry/account_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "paginator": paginator,
            "state_query": urlencode(state),
            "pagination_prefix": urlencode(state) + "&" if state else "",
            "sort_links": _sort_links(state, form.sort_value),
            "is_filtered": any(name != "sortera" for name in state),
        },
    )


# Columns that sort, in table order, with the URL value for ascending order.
SORTABLE = [("name", "namn"), ("channel", "kanal"), ("department", "forvaltning"),
            ("verified", "verifierat")]  # fmt: skip


def _sort_links(state, current):
    """Per sortable column: the link that sorts by it (flipping when it is the current one)."""
    links = {}
    for column, value in SORTABLE:
        if current == value:
            direction, target = "ascending", "-" + value
        elif current == "-" + value:
            direction, target = "descending", value
        else:
            direction, target = None, value
        query = {**state, "sortera": target}
        if target == DEFAULT_SORT:
            query.pop("sortera")
        links[column] = {"url": "?" + urlencode(query), "direction": direction}
    return links


def account_detail(request, pk):
    account = get_object_or_404(
        Account.objects.visible_to(request.user)
        .for_listing()
        .prefetch_related("other_departments", "tags"),
        pk=pk,
    )
    siblings = (
        Account.objects.public()
        .filter(department=account.department)
        .exclude(pk=account.pk)
        .select_related("channel")
        .order_by("status", "channel__order", "name")
    )
    return render(
        request,
        "registry/account_detail.html",
        {"account": account, "siblings": siblings, "events": account.events.all()[:10]},
    )


def verify_page(request):
    form = VerifyForm(request.GET or None)
    answer = None
    if form.is_bound and form.is_valid():
        try:
            answer = verify(form.cleaned_data["url"], form.cleaned_data["kanal"])
        except InvalidInput as error:
            form.add_error("url", str(error))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "registry/verify.html", {"form": form, "answer": answer}, status=status)


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _public_json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public open data: any web page may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _meta(request):
    return {
        "publisher": settings.PORTAL_ORG_NAME,
        "licence": export.LICENCE,
        "licence_url": export.LICENCE_URL,
        "documentation": request.build_absolute_uri(reverse("registry:open_data")),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def filtered(view):
    """Views over the list's filters: an invalid filter is a 400 with the form's messages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        form = AccountFilterForm(request.GET)
        accounts = form.filter()
        if form.errors:
            return _public_json({"errors": form.errors}, status=400)
        return view(request, form, accounts, *args, **kwargs)

    return require_GET(wrapper)


def _download(response, extension):
    response["Content-Disposition"] = (
        f'attachment; filename="konton-{timezone.localdate().isoformat()}.{extension}"'
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data, readable from any page
    return response


def _encoded(chunks):
    return (chunk.encode("utf-8") for chunk in chunks)


@filtered
def export_csv(request, form, accounts):
    chunks = export.csv_chunks(accounts, _base_url(request))
    return _download(
        StreamingHttpResponse(_encoded(chunks), content_type="text/csv; charset=utf-8"), "csv"
    )


@filtered
def export_xlsx(request, form, accounts):
    handle = export.xlsx_file(accounts, _base_url(request), title=_("Accounts"))
    return _download(
        FileResponse(
            handle,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "xlsx",
    )


@filtered
def export_json(request, form, accounts):
    chunks = export.json_chunks(accounts, _base_url(request), _meta(request))
    return _download(
        StreamingHttpResponse(_encoded(chunks), content_type="application/json; charset=utf-8"),
        "json",
    )


@filtered
def api_accounts(request, form, accounts):
    try:
        size = min(max(int(request.GET.get("per_sida", API_PAGE_SIZE)), 1), API_MAX_PAGE_SIZE)
        number = int(request.GET.get("sida", 1))
    except ValueError:
        return _public_json({"errors": {"sida": [_("Enter a whole number.")]}}, status=400)
    paginator = Paginator(accounts, size)
    if number < 1 or (number > paginator.num_pages):
        return _public_json({"errors": {"sida": [_("There is no such page.")]}}, status=404)
    page = paginator.page(number)
    base = request.build_absolute_uri(request.path)

    def link(target):
        params = {**form.state(), "sida": target}
        if size != API_PAGE_SIZE:
            params["per_sida"] = size
        return f"{base}?{urlencode(params)}"

    results = list(export.rows(accounts[page.start_index() - 1 : page.end_index()],
                               _base_url(request)))  # fmt: skip
    return _public_json(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        }
    )


@require_GET
def api_account(request, pk):
    accounts = Account.objects.public().filter(pk=pk)
    found = list(export.rows(accounts, _base_url(request)))
    if not found:
        return _public_json({"errors": {"id": [_("There is no such account.")]}}, status=404)
    return _public_json(found[0])


@require_GET
def api_verify(request):
    form = VerifyForm({"url": request.GET.get("url", ""), "kanal": request.GET.get("channel", "")})
    error = None
    if form.is_valid():
        try:
            answer = verify(form.cleaned_data["url"], form.cleaned_data["kanal"])
        except InvalidInput as invalid:
            error = str(invalid)
    else:
        error = " ".join(message for messages in form.errors.values() for message in messages)
    if error:
        return _public_json(
            {"official": False, "status": None, "account": None, "error": error}, status=400
        )
    account = None
    if answer.account is not None:
        account = next(export.rows(Account.objects.filter(pk=answer.account.pk),
                                   _base_url(request)))  # fmt: skip
    return _public_json(
        {
            "official": answer.official,
            "status": answer.status,
            "verdict": answer.verdict,
            "channel": answer.channel.slug if answer.channel else None,
            "handle": answer.handle or None,
            "account": account,
        }
    )


class OpenDataView(TemplateView):
    template_name = "registry/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            schema=export.SCHEMA,
            licence_url=export.LICENCE_URL,
            csv_delimiter=export.CSV_DELIMITER,
            list_separator=export.LIST_SEPARATOR.strip(),
            api_page_size=API_PAGE_SIZE,
            api_max_page_size=API_MAX_PAGE_SIZE,
            **kwargs,
        )


def report(request):
    if request.method == "POST":
        form = ReportForm(request.POST)
    else:
        form = ReportForm(initial={"url": request.GET.get("url", "")[:500]})
    too_many = _("You have sent many reports in a short time. Please wait an hour, or write to "
                 "us by email.")  # fmt: skip
    return public_forms.handle(request, form, template="registry/report.html",
                               limit=REPORT_LIMIT, thanks="registry:report_thanks",
                               too_many=too_many)  # fmt: skip


def report_thanks(request):
    saved = public_forms.receipt(request, Report, "registry:report_thanks")
    return render(request, "registry/report_thanks.html", {"report": saved})


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Changes in the account registry")
    subtitle = gettext_lazy("New, changed and closed official accounts.")

    def __call__(self, request, *args, **kwargs):
        self.host = request.get_host().split(":")[0]
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("registry:index")

    def items(self):
        return AccountEvent.objects.select_related("account", "account__channel")[:50]

    def item_title(self, event):
        names = {
            AccountEvent.Kind.ADDED: _("New account: %(account)s"),
            AccountEvent.Kind.CHANGED: _("Changed: %(account)s"),
            AccountEvent.Kind.CLOSED: _("Closed: %(account)s"),
        }
        return names[event.kind] % {"account": event.account}

    def item_description(self, event):
        if event.kind == AccountEvent.Kind.CHANGED:
            return _("Changed fields: %(fields)s.") % {"fields": ", ".join(event.field_labels)}
        if event.kind == AccountEvent.Kind.CLOSED:
            return _("No longer an official account.")
        return event.account.purpose

    def item_link(self, event):
        return event.account.get_absolute_url()

    def item_guid(self, event):
        # A tag: URI stays the same entry even if the account's page ever moves.
        return f"tag:{self.host},2026:konton/andring/{event.pk}"

    def item_guid_is_permalink(self, event):
        return False

    def item_updateddate(self, event):
        return event.happened_at

    def item_pubdate(self, event):
        return event.happened_at
