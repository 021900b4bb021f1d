"""A damaged or missing index never takes the site down, and a start-up repairs it."""

import shutil
from io import StringIO

from django.core.management import call_command
from haystack import connections

from base import pagecache
from tests.factories import make_page

from .helpers import SearchTestCase


class DamagedIndexTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        self.backend = connections["default"].get_backend()
        if not hasattr(self.backend, "store"):
            self.skipTest("the engine keeps its index in the database (PostgreSQL)")
        self.page = self.create(title="Beredskapsplan för kontot", body="Beredskap.")
        self.assertContains(self.search("beredskap"), "Beredskapsplan för kontot")

    def damage(self):
        for path in self.backend.store.live_generation().iterdir():
            path.write_bytes(b"\x00 not an index \x00")
        self.backend.store.close()  # as after a restart: nothing is read from memory
        # Pages kept from before the damage would still be served, as readers would want; what
        # is tested here is a search that reaches the index.
        pagecache.forget_all()

    def test_a_damaged_index_gives_503_on_search_and_saves_still_work(self):
        self.damage()
        with self.assertLogs("search.views", level="ERROR"):
            response = self.search("beredskap")
        self.assertContains(response, "Sökningen är tillfälligt otillgänglig", status_code=503)
        logged = self.assertLogs("search.signals", level="ERROR")
        with logged, self.captureOnCommitCallbacks(execute=True):
            edited = make_page(title="Ny sida under reparationen", body="Beredskap.")
        self.assertTrue(type(edited).objects.filter(pk=edited.pk).exists())
        self.assertEqual(self.client.get("/handbok/").status_code, 200)
        with self.assertLogs("base.views", level="ERROR"):
            self.assertEqual(self.client.get("/healthz").status_code, 503)
        # A restart (make prod runs ensure_index) rebuilds, and nothing is missing afterwards.
        call_command("ensure_index", stdout=StringIO(), stderr=StringIO())
        response = self.search("beredskap")
        self.assertContains(response, "Beredskapsplan för kontot")
        self.assertContains(response, "Ny sida under reparationen")
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_a_deleted_index_is_noticed_not_silently_empty(self):
        shutil.rmtree(self.backend.store.path)
        self.backend.store.close()
        with self.assertLogs("base.views", level="ERROR"):
            self.assertEqual(self.client.get("/healthz").status_code, 503)
        errors = StringIO()
        call_command("ensure_index", stdout=StringIO(), stderr=errors)
        self.assertIn("rebuilding", errors.getvalue())
        self.assertContains(self.search("beredskap"), "Beredskapsplan för kontot")


class OlderIndexTests(SearchTestCase):
    """An index written before a field was added (the compounds' parts): saves go on writing
    what it has room for, and health asks for the rebuild that a start-up then makes."""

    def test_an_index_without_a_newer_field_is_rebuilt_at_start_up(self):
        from whoosh import index as whoosh_index
        from whoosh.fields import Schema

        from search.backends.whoosh.store import schema

        backend = connections["default"].get_backend()
        if not hasattr(backend, "store"):
            self.skipTest("the engine keeps its index in the database (PostgreSQL)")
        older = backend.store.path / "g-older"
        older.mkdir(parents=True)
        fields = {name: field for name, field in schema().items() if name != "parts"}
        whoosh_index.create_in(older, Schema(**fields))
        backend.store.swap(older)
        self.create(title="Säkerhet", body="En kontokapning märks sent.")  # no error
        self.assertContains(self.search("kontokapning"), "Säkerhet")
        with self.assertLogs("base.views", level="ERROR"):
            self.assertEqual(self.client.get("/healthz").status_code, 503)
        errors = StringIO()
        call_command("ensure_index", stdout=StringIO(), stderr=errors)
        self.assertIn("lacks parts", errors.getvalue())
        self.assertContains(self.search("kapning"), "Säkerhet")  # found by its compound's part
        self.assertEqual(self.client.get("/healthz").status_code, 200)
