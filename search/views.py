from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from .forms import SearchForm
from .query import search as run_search

RESULTS_PER_PAGE = 10


def search(request):
    form = SearchForm(request.GET)
    query = form.query()
    paginator = Paginator(run_search(query), RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("sida"))
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "paginator": paginator,
            "pagination_prefix": urlencode({"q": query}) + "&",
        },
    )
