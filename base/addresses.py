"""Addresses of the reader's pages in one language or the other (config/urls.py: Swedish at the
site's own paths, English under /en/).

What is stored (the search index, the change log) is always the Swedish address, whatever
language the editor who saved reads the admin in; a page shown in English translates it.
"""

from django.conf import settings
from django.urls import resolve, translate_url
from django.utils import translation


def stored_url(obj):
    with translation.override(settings.LANGUAGE_CODE):
        return obj.get_absolute_url()


def language_of(path):
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def in_language(path, code):
    """`path` (with any query) in language `code`; unchanged if it is not a reader's page."""
    # translate_url resolves an address only in its own language (/en/… only in English).
    with translation.override(language_of(path.split("?")[0])):
        return translate_url(path, code)


def resolve_any(path):
    """resolve() for an address in either language."""
    with translation.override(language_of(path)):
        return resolve(path)
