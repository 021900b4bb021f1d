"""Benchmark: rebuilding the search index, a whole results page, and a save reaching search.

    .venv/bin/python bench/search_speed.py [DOCUMENTS]          (default 10000)
    BENCH_HAYSTACK=0 .venv/bin/python bench/search_speed.py     (skip haystack's default setup,
                                                           which takes about 5 minutes)

Builds a throwaway SQLite database of handbook pages in a temporary folder: a synthetic
Swedish corpus of about 300 words per page, drawn with a Zipf-like skew from the words of the
demo content, with titles and tags. Then, in one run:

1. our rebuild (`rebuild_index`: build aside, swap, catch up): wall time;
2. the whole results page through Django's test client (facets, snippets, exact title,
   pinned results, "Menade du …?" and the query log included): p50/p95 over a query mix;
3. a save becoming visible in search: p50/max over 20 saves;
4. the same corpus through haystack's default Whoosh backend (`update_index`, batch 1 000):
   rebuild time and p50/p95 of its query alone (count plus the first ten results).
"""

import atexit
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="portal-bench-"))
# Its database is a few hundred MB at national size: removed when the run ends or fails
# (not when the process is killed).
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
# PORTAL_SEARCH_ENGINE=postgres with DATABASE_URL naming an empty PostgreSQL database measures
# the PostgreSQL engine (bench/search_engines does both); otherwise a throwaway SQLite + Whoosh.
ENGINE = "postgres" if os.environ.get("PORTAL_SEARCH_ENGINE") == "postgres" else "whoosh"
if ENGINE == "whoosh":
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["TEST_WHOOSH_INDEX_PATH"] = str(TMP / "whoosh")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402

from handbook.models import Page, Section  # noqa: E402
from search.engine import search  # noqa: E402

QUERIES = [
    "konto", "kontot", "inlägg", "inlagg", "hashtaggar", "algoritmerna", "säkerhet",
    "tvåstegsverifiering", "tvåstegsverifering", "publicera inlägg", "kapat konto",
    "målgrupp", "arkivering", "sociala medier", '"sociala medier"', "facebook instagram",
    "kommentarer", "modera", "film", "bild", "lösenord", "ansvar", "personuppgifter",
    "kris", "statistik", "utvärdering", "algoritm", "strategi", "dialog", "tonläge",
]  # fmt: skip


def vocabulary():
    words = []
    for path in (ROOT / "fixtures").rglob("*"):
        if path.suffix in (".md", ".toml"):
            words += re.findall(r"[^\W\d_]{2,}", path.read_text(), flags=re.UNICODE)
    return sorted({word.lower() for word in words})


def build_corpus(size):
    rng = random.Random(2026)
    words = vocabulary()
    rng.shuffle(words)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like: a few common words
    tags = [f"ämne-{n}" for n in range(40)]
    section = Section.objects.create(title="Syntetiskt avsnitt", slug="syntetiskt", order=1)
    batch = []
    for n in range(size):
        body = rng.choices(words, weights, k=300)
        paragraphs = [" ".join(body[i : i + 60]).capitalize() + "." for i in range(0, 300, 60)]
        title = " ".join(rng.choices(words, k=rng.randint(2, 5))).capitalize()
        text = "\n\n".join(paragraphs)
        batch.append(Page(
            section=section, title=f"{title} {n}", slug=f"sida-{n}", summary=paragraphs[0][:150],
            body=text, body_html="".join(f"<p>{p}</p>" for p in paragraphs), is_published=True,
            order=n, owner="Kommunikationsavdelningen", owner_email="k@example.org",
            review_due="2027-06-01",
        ))  # fmt: skip
        if len(batch) == 1000:
            Page.objects.bulk_create(batch)
            batch = []
    Page.objects.bulk_create(batch)
    page_type = ContentType.objects.get_for_model(Page)
    tag_objects = [Tag.objects.create(name=name, slug=name) for name in tags]
    links = [
        TaggedItem(object_id=page_id, content_type=page_type, tag=tag)
        for page_id in Page.objects.values_list("pk", flat=True)
        for tag in rng.sample(tag_objects, 2)
    ]
    TaggedItem.objects.bulk_create(links, batch_size=2000)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def time_pages(client, rounds=5):
    """(first time each query is asked, the rounds after): a repeated query costs less until
    the index changes, as on a live site: the Whoosh searcher caches each word's documents, the
    PostgreSQL engine each summary (counts, facets, ranking) under the index's version."""
    client.get("/sok/", {"q": "uppvärmning"})  # opens the searcher, reads the facet values
    first = []
    for query in QUERIES:
        started = time.perf_counter()
        client.get("/sok/", {"q": query})
        first.append((time.perf_counter() - started) * 1000)
    timings, per_query = [], {}
    for _ in range(rounds - 1):
        for query in QUERIES:
            started = time.perf_counter()
            response = client.get("/sok/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            per_query.setdefault(query, []).append(timings[-1])
            assert response.status_code == 200
    slowest = sorted(((statistics.median(t), q) for q, t in per_query.items()), reverse=True)
    print("  slowest queries (median ms): "
          + ", ".join(f"{query} {ms:.0f}" for ms, query in slowest[:6]))  # fmt: skip
    return first, timings


def time_saves(count=20):
    timings = []
    pages = list(Page.objects.order_by("?")[:count])
    for n, page in enumerate(pages):
        token = f"färskhetsprov{n}x"
        started = time.perf_counter()
        with transaction.atomic():
            page.title = f"{page.title} {token}"
            page.save()
        while not search(token).total:
            time.sleep(0.005)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def haystack_default(size):
    settings.HAYSTACK_CONNECTIONS["haystack_default"] = {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": str(TMP / "haystack_whoosh"),
    }
    from haystack import connections
    from haystack.inputs import AutoQuery
    from haystack.query import SearchQuerySet

    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    started = time.perf_counter()
    call_command("update_index", using=["haystack_default"], batchsize=1000, verbosity=0)
    rebuild = time.perf_counter() - started
    timings = []
    for query in QUERIES * 2:
        started = time.perf_counter()
        results = SearchQuerySet().using("haystack_default").filter(content=AutoQuery(query))
        results.count()
        list(results[:10])
        timings.append((time.perf_counter() - started) * 1000)
    return rebuild, timings


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    print(f"Corpus: {size} pages of 300 words, in {TMP}")
    started = time.perf_counter()
    build_corpus(size)
    print(f"  built in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    call_command("rebuild_index", verbosity=0)
    ours = time.perf_counter() - started
    first, pages = time_pages(Client())
    saves = time_saves()
    print(f"Ours ({ENGINE}): rebuild {ours:6.1f} s | save visible p50 "
          f"{statistics.median(saves):.0f} ms, max {max(saves):.0f} ms")  # fmt: skip
    both = first + pages
    print(f"  results page, all {len(both)}: p50 {statistics.median(both):5.1f} ms, "
          f"p95 {percentile(both, 0.95):5.1f} ms | each query's first time: "
          f"p50 {statistics.median(first):5.1f} ms, "
          f"p95 {percentile(first, 0.95):5.1f} ms")  # fmt: skip
    if ENGINE == "whoosh" and os.environ.get("BENCH_HAYSTACK", "1") != "0":
        rebuild, queries = haystack_default(size)
        p50, p95 = statistics.median(queries), percentile(queries, 0.95)
        print(
            f"Haystack: rebuild {rebuild:6.1f} s | query alone p50 {p50:5.1f} ms, p95 {p95:5.1f} ms"
        )


if __name__ == "__main__":
    main()
