"""The registry's JSON API under /api/v1/: accounts, one account, the check and its description."""

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import export, openapi
from .filters import AccountFilterForm, SelectionPaginator, as_sent
from .forms import VerifyForm
from .models import Account
from .opendata import (
    API_MAX_PAGE_SIZE,
    API_PAGE_SIZE,
    api_endpoint,
    page_numbers,
    public_json,
    site_url,
)
from .verification import InvalidInput, verify


@api_endpoint()
def accounts(request):
    form = AccountFilterForm(request.GET)
    selected = form.filter()
    if form.errors:
        return public_json({"errors": as_sent(form.errors, request.GET)}, status=400)
    numbers, errors = page_numbers(request.GET, API_PAGE_SIZE, API_MAX_PAGE_SIZE)
    if errors:
        return public_json({"errors": as_sent(errors, request.GET)}, status=400)
    number, size = numbers
    paginator = SelectionPaginator(form, selected, size)
    if number > paginator.num_pages:
        return public_json({"errors": {"page": [_("There is no such page.")]}}, status=404)
    page = paginator.page(number)
    base = site_url(request.path)

    def link(target):
        params = {**form.state(), "page": target}
        if size != API_PAGE_SIZE:
            params["page_size"] = size
        return f"{base}?{urlencode(params)}"

    results = list(export.rows(page.object_list, site_url()))
    return public_json(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        }
    )


@api_endpoint(reads=())
def account(request, pk):
    found = list(export.rows(Account.objects.public().filter(pk=pk), site_url()))
    if not found:
        return public_json({"errors": {"id": [_("There is no such account.")]}}, status=404)
    return public_json(found[0])


@api_endpoint(reads=("url", "channel", "kanal"))
def check(request):
    form = VerifyForm(request.GET)
    errors = {}
    if form.is_valid():
        try:
            answer = verify(form.cleaned_data["url"], form.cleaned_data["channel"])
        except InvalidInput as invalid:
            errors = as_sent({invalid.field: [str(invalid)]}, request.GET)
    else:
        errors = as_sent(form.errors, request.GET)
    if errors:
        message = " ".join(text for messages in errors.values() for text in messages)
        return public_json(
            {"official": False, "status": None, "verdict": None, "account": None,
             "error": message, "errors": errors},
            status=400,
        )  # fmt: skip
    found = None
    if answer.account is not None:
        found = next(export.rows(Account.objects.filter(pk=answer.account.pk), site_url()))
    return public_json(
        {
            "official": answer.official,
            "status": answer.status,
            "verdict": answer.verdict,
            "message": str(openapi.VERDICTS[answer.verdict]),
            "channel": answer.channel.slug if answer.channel else None,
            "handle": answer.handle or None,
            "account": found,
        }
    )


@api_endpoint(reads=())
def description(request):
    return public_json(openapi.document())
