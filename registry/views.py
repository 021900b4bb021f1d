from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from base import public_forms
from base.ratelimit import HourlyLimit

from . import export, proposals
from .filters import DEFAULT_SORT, AccountFilterForm, SelectionPaginator, canonical
from .forms import ProposalForm, ReportForm, VerifyForm
from .models import Account, AccountRow, Communicator, Report
from .openapi import VERDICTS
from .opendata import (
    API_MAX_PAGE_SIZE,
    API_PAGE_SIZE,
)
from .verification import InvalidInput, verify

PAGE_SIZE = 50
# The side-by-side overview's accounts a page: a department's or a channel's whole set, mostly.
OVERVIEW_PAGE_SIZE = 200
REPORT_LIMIT = HourlyLimit("registry-report")


def _page(paginator, number):
    """A page for any ?page= value: junk means the first page, too far means the last."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    # 0 and below are junk too: the paginator answers them with the last page, the slowest
    # to read at national size (an offset of 45 000 accounts, 115 ms).
    return paginator.get_page(max(number, 1))


def account_list(request):
    form = AccountFilterForm(request.GET)
    paginator = SelectionPaginator(form, form.filter(), PAGE_SIZE)
    page_obj = _page(paginator, canonical(request.GET).get("page"))
    # The page's rows as values; the count is of the accounts alone, without the joins.
    page_obj.object_list = [AccountRow._make(row) for row in page_obj.object_list.for_table()]
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
            "is_filtered": any(name != "sort" for name in state),
        },
    )


# Columns that sort, in table order, with the URL value for ascending order.
SORTABLE = [("name", "name"), ("channel", "channel"), ("department", "department"),
            ("verified", "verified")]  # fmt: skip


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
        query = {**state, "sort": target}
        if target == DEFAULT_SORT:
            query.pop("sort")
        links[column] = {"url": "?" + urlencode(query), "direction": direction}
    return links


# The side-by-side overview groups by one of these (URL value, label).
OVERVIEW_GROUPS = {"kanal": _lazy("channel"), "enhet": _lazy("department")}


def overview(request):
    """Purpose, goals, audiences and contact of every account, side by side per channel or per
    department, as a table per group: the university page's matrix. Filtered by plain GET (no
    JavaScript) with the list's own filter form, and printable."""
    form = AccountFilterForm(request.GET)
    group_by = request.GET.get("per", "kanal")
    if group_by not in OVERVIEW_GROUPS:
        group_by = "kanal"
    # In the list's orders by channel or department, which its indexes walk.
    accounts = form.filter(sort="channel" if group_by == "kanal" else "department")
    state = form.state()
    # In pages, as the list is: a national registry's 45 000 accounts side by side were 28 MB
    # and 9 s.
    paginator = SelectionPaginator(form, accounts, OVERVIEW_PAGE_SIZE)
    page_obj = _page(paginator, canonical(request.GET).get("page"))
    # The page's accounts and the one before them, in the same query: a group that goes on
    # from the page before is headed as continued.
    start = page_obj.start_index() - 1
    shown = list(accounts.window(max(start - 1, 0), page_obj.end_index()).for_overview())
    before = shown.pop(0) if start > 0 else None

    def group_of(account):
        return account.channel if group_by == "kanal" else account.department

    # One list per group, in order.
    groups = {}
    for account in shown:
        groups.setdefault(group_of(account), []).append(account)
    continued = group_of(before) if before is not None else None
    state.pop("sort", None)
    if group_by != "kanal":
        state["per"] = group_by
    return render(
        request,
        "registry/overview.html",
        {
            "form": form,
            "groups": [(group, members, group == continued) for group, members in groups.items()],
            "page_obj": page_obj,
            "count": paginator.count,
            "pagination_prefix": urlencode(state) + "&" if state else "",
            "group_by": group_by,
            "group_choices": OVERVIEW_GROUPS,
            "state_query": urlencode({k: v for k, v in state.items() if k != "per"}),
            "is_filtered": any(name != "per" for name in state),
        },
    )


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
            answer = verify(form.cleaned_data["url"], form.cleaned_data["channel"])
        except InvalidInput as error:
            form.add_error(error.field, str(error))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "registry/verify.html", {"form": form, "answer": answer}, status=status)


class OpenDataView(TemplateView):
    template_name = "registry/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            schema=export.SCHEMA,
            licence_url=export.LICENCE_URL,
            csv_delimiter=export.CSV_DELIMITER,
            list_separator=export.LIST_SEPARATOR.strip(),
            verdicts=VERDICTS,
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


@login_required
def propose(request):
    """A signed-in member of staff proposes a new account: the questions before you start, as
    a form. Saved as a proposed account that the communicators see in their queue."""
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            proposal = proposals.propose(request.user, form.cleaned_data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect(f"{reverse('registry:propose_thanks')}?ref={proposal.reference}")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "registry/propose.html", {"form": form}, status=status)


@login_required
def propose_thanks(request):
    reference = request.GET.get("ref", "")
    return render(request, "registry/propose_thanks.html",
                  {"reference": reference if reference[1:].isdigit() else ""})  # fmt: skip


def report_thanks(request):
    saved = public_forms.receipt(request, Report, "registry:report_thanks")
    return render(request, "registry/report_thanks.html", {"report": saved})


def contact(request):
    """Whom staff can ask: the central communications team first, then each department's."""
    communicators = Communicator.objects.select_related("department", "department__parent")
    central = [c for c in communicators if c.department_id is None]
    by_department = [c for c in communicators if c.department_id is not None]
    by_department.sort(key=lambda c: (str(c.department).casefold(), c.order, c.name))
    return render(request, "registry/contact.html",
                  {"central": central, "by_department": by_department})  # fmt: skip
