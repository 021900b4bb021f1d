"""The seam: the site talks to whatever engine HAYSTACK_CONNECTIONS names, and never fails on it."""

import tempfile

from django.contrib.auth.models import User
from django.db import connection as django_connection
from django.db import transaction
from django.test import TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from haystack import connections
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery
from haystack.query import SearchQuerySet

from handbook.models import Page
from search.engine import search
from search.results import facets, kinds
from tests.factories import make_page


class EngineCase(TestCase):
    """Swaps the default connection for another engine for the length of a test."""

    ENGINE = {}

    def setUp(self):
        saved = connections.connections_info
        connections.connections_info = {"default": self.engine()}
        connections.reload("default")

        def restore():
            connections.connections_info = saved
            connections.reload("default")

        self.addCleanup(restore)

    def engine(self):
        return dict(self.ENGINE)

    def save(self, obj):
        with self.captureOnCommitCallbacks(execute=True):
            obj.save()
        return obj


class StockEngineTests(EngineCase):
    """haystack's own Whoosh engine, standing in for any stock backend (Elasticsearch, Solr)."""

    def engine(self):
        folder = self.enterContext(tempfile.TemporaryDirectory())
        return {"ENGINE": "haystack.backends.whoosh_backend.WhooshEngine", "PATH": folder}

    def test_saves_succeed_and_search_answers_with_what_the_engine_can(self):
        admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(admin)
        with self.captureOnCommitCallbacks(execute=True):
            page = make_page(title="Arkivering av inlägg", body="Gallring och arkivering.")
        self.assertFalse(hasattr(connections["default"].get_backend(), "find"))
        found = search("arkivering")
        self.assertEqual([hit.title for hit in found.hits], ["Arkivering av inlägg"])
        response = self.client.get("/sok/", {"q": "arkivering", "typ": "handbok"})
        self.assertContains(response, "Arkivering av inlägg")
        # Unpublishing reaches the stock engine too.
        page.is_published = False
        self.save(page)
        self.assertEqual(search("arkivering").hits, [])
        self.assertEqual(self.client.get("/sok/", {"q": "arkivering"}).status_code, 200)


class FailingBackend(BaseSearchBackend):
    """A search server that is down: every call raises."""

    def update(self, index, iterable, commit=True):
        raise ConnectionError("search server unreachable")

    remove = clear = search = update


class FailingQuery(BaseSearchQuery):
    def build_query_fragment(self, field, filter_type, value):
        return str(value)


class FailingEngine(BaseEngine):
    backend, query = FailingBackend, FailingQuery


class BrokenEngineTests(EngineCase):
    """An engine that fails on every call: the editor's save and the reader's page still work."""

    ENGINE = {"ENGINE": "tests.search.test_engines.FailingEngine"}

    def test_nothing_is_a_server_error(self):
        with self.captureOnCommitCallbacks(execute=True):
            page = make_page(title="Sparad ändå", body="Texten.")
        page.refresh_from_db()
        self.assertEqual(page.title, "Sparad ändå")
        response = self.client.get("/sok/", {"q": "texten"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(search("texten").hits, [])
        with self.captureOnCommitCallbacks(execute=True):
            page.delete()  # the delete stands, whatever the engine says
        self.assertFalse(Page.objects.filter(pk=page.pk).exists())


class HaystackContractTests(TestCase):
    def test_searchqueryset_works_on_our_engine(self):
        connections["default"].get_backend().clear()
        with self.captureOnCommitCallbacks(execute=True):
            page = make_page(title="Arkivering av inlägg", body="Gallring och arkivering.")
        found = SearchQuerySet().auto_query("arkivering")
        self.assertEqual(found.count(), 1)
        self.assertEqual(found[0].pk, str(page.pk))
        self.assertEqual(found[0].title, "Arkivering av inlägg")


class RegistryTests(TestCase):
    def test_the_content_apps_register_their_facets(self):
        registered = [(facet.name, facet.param, str(facet.label)) for facet in facets()]
        self.assertEqual(registered, [("tags", "tagg", "Ämnen"), ("channel", "kanal", "Kanaler")])

    def test_the_content_apps_register_their_kinds(self):
        registered = [(kind.code, kind.param, str(kind.label)) for kind in kinds()]
        self.assertEqual(registered, [("handbook", "handbok", "Handbok"),
                                      ("channels", "kanaler", "Kanaler"),
                                      ("accounts", "konton", "Konton")])  # fmt: skip


class TransactionalEngineTests(TestCase):
    """An engine that indexes inside the save's transaction (PostgreSQL): never stale."""

    def setUp(self):
        self.backend = connections["default"].get_backend()
        if not getattr(self.backend, "transactional", False):
            self.skipTest("the configured engine updates after commit (Whoosh)")
        self.backend.clear()

    def test_a_save_is_searchable_in_its_own_transaction_and_a_rollback_leaves_nothing(self):
        make_page(title="Genast sökbar", body="Beredskapsplan.")  # no on-commit callback run
        self.assertEqual([hit.title for hit in search("beredskapsplan").hits], ["Genast sökbar"])
        try:
            with transaction.atomic():
                make_page(title="Ångrad sida", body="Beredskapsplan.")
                raise RuntimeError
        except RuntimeError:
            pass
        self.assertEqual([hit.title for hit in search("beredskapsplan").hits], ["Genast sökbar"])

    def counts(self):
        """Each word's stored document count, and the count worked out from the documents."""
        with django_connection.cursor() as cursor:
            cursor.execute("SELECT term, documents FROM portal_search_term WHERE documents > 0")
            stored = dict(cursor.fetchall())
            cursor.execute("SELECT word, count(*) FROM portal_search_document, "
                           "unnest(stems) AS w(word, positions, weights) "
                           "WHERE weights && '{A,B,D}' GROUP BY word")  # fmt: skip
            return stored, dict(cursor.fetchall())

    def test_word_counts_follow_every_kind_of_write(self):
        first = make_page(title="Kapat konto", body="Kontot kapades i går.")
        second = make_page(title="Konto", body="Om konton.")
        stored, actual = self.counts()
        self.assertEqual((stored["konto"], stored["kap"]), (2, 1))
        self.assertEqual(stored, actual)
        first.is_published = False
        first.save()  # unpublished: out of the index
        second.body = "Om lösenord."
        second.save()
        stored, actual = self.counts()
        self.assertEqual((stored.get("konto"), stored.get("kap"), stored["lösenord"]), (1, None, 1))
        self.assertEqual(stored, actual)
        second.delete()
        self.assertEqual(self.counts(), ({}, {}))
        make_page(title="Arkivering", body="Gallring.")
        self.backend.clear()
        self.assertEqual(self.counts(), ({}, {}))

    def test_a_transaction_sees_its_own_changes_at_once(self):
        make_page(title="Beredskap", body="Beredskapsplan för kris.")
        self.assertEqual(search("beredskapsplan").total, 1)
        make_page(title="Beredskap två", body="Ännu en beredskapsplan.")
        self.assertEqual(search("beredskapsplan").total, 2)


class TransactionalEngineCacheTests(TransactionTestCase):
    """Committed changes, as on a live site: common words' summaries are cached under the
    index's version, and no change, committed or rolled back, leaves a stale one behind."""

    def setUp(self):
        self.backend = connections["default"].get_backend()
        if not getattr(self.backend, "transactional", False):
            self.skipTest("the configured engine updates after commit (Whoosh)")
        self.backend.clear()
        self.addCleanup(self.backend.clear)  # the search tables are not the test flush's

    def titles(self, query):
        return sorted(hit.title for hit in search(query).hits)

    def test_no_change_leaves_a_stale_summary_behind(self):
        page = make_page(title="Beredskap", body="Beredskapsplan för kris.")
        self.assertEqual(self.titles("beredskapsplan"), ["Beredskap"])
        with CaptureQueriesContext(django_connection) as second:
            self.assertEqual(self.titles("beredskapsplan"), ["Beredskap"])
        self.assertFalse(any("WITH m AS" in q["sql"] for q in second), "served from the cache")
        make_page(title="Beredskap två", body="Ännu en beredskapsplan.")
        self.assertEqual(self.titles("beredskapsplan"), ["Beredskap", "Beredskap två"])
        page.delete()
        self.assertEqual(self.titles("beredskapsplan"), ["Beredskap två"])
        try:
            with transaction.atomic():
                make_page(title="Ångrad", body="Beredskapsplan.")
                # Seen by its own transaction, and not cached for anybody else.
                self.assertEqual(self.titles("beredskapsplan"), ["Beredskap två", "Ångrad"])
                raise RuntimeError
        except RuntimeError:
            pass
        self.assertEqual(self.titles("beredskapsplan"), ["Beredskap två"])


class HealthTests(TestCase):
    def test_healthz_answers_200_when_database_and_index_answer(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"database": "ok", "search": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])


class BrokenHealthTests(EngineCase):
    ENGINE = {"ENGINE": "tests.search.test_engines.FailingEngine"}

    def test_healthz_answers_503_when_the_index_fails(self):
        with self.assertLogs("base.views", level="ERROR"):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json(), {"database": "ok", "search": "failing"})
