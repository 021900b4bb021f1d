from django.test import TestCase
from haystack import connections

from tests.factories import make_page


class SearchTestCase(TestCase):
    """A real Whoosh index in the test run's temporary folder, emptied before each test."""

    def setUp(self):
        connections["default"].get_backend().clear()

    def save(self, obj):
        # The index follows the database after commit; run those callbacks now.
        with self.captureOnCommitCallbacks(execute=True):
            obj.save()
        return obj

    def create(self, **fields):
        with self.captureOnCommitCallbacks(execute=True):
            return make_page(**fields)

    def search(self, query, **params):
        return self.client.get("/sok/", {"q": query, **params})
