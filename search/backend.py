"""Haystack's Whoosh backend, made Swedish in one place.

Haystack builds every text field with Whoosh's English StemmingAnalyzer; this backend swaps in
the Swedish analyzer when the schema is built. Any change here needs `rebuild_index`: the
schema is stored in the index.
"""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import TEXT

from .analysis import SWEDISH


class SwedishWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name in schema.names():
            field = schema[name]
            if isinstance(field, TEXT):
                field.analyzer = SWEDISH
        return content_field_name, schema


class SwedishWhooshEngine(WhooshEngine):
    backend = SwedishWhooshBackend
