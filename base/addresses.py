"""Addresses of the reader's pages in one language or the other (config/urls.py: Swedish at the
site's own paths, English under /en/).

What is stored (the search index, the change log) is always the Swedish address, whatever
language the editor who saved reads the admin in; a page shown in English translates it.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, resolve, reverse, translate_url
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


# Stands in for the id while an address's shape is worked out; never an id of ours.
_SAMPLE = 987654321987654321


def reverse_id(viewname, pk):
    """reverse(viewname, args=[pk]) for an address with one integer in it, for lists of many:
    a page of the registry shows 50 accounts, an export 100 000, and reverse() took 11 µs a
    call. The address's shape is worked out once per URLconf, script prefix and language (the
    English pages' /en/), and the id put in. Anything but an id (None: an unsaved object)
    goes to reverse(), which refuses it as before."""
    if type(pk) is not int or pk < 0:
        return reverse(viewname, args=[pk])
    head, tail = _shape(viewname, get_urlconf(), get_script_prefix(), translation.get_language())
    return f"{head}{pk}{tail}"


@lru_cache(maxsize=64)
def _shape(viewname, urlconf, prefix, language):  # with the settings, what reverse() reads
    head, _sample, tail = reverse(viewname, args=[_SAMPLE]).partition(str(_SAMPLE))
    return head, tail


@receiver(setting_changed)
def _forget_shapes(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGE_CODE", "LANGUAGES", "FORCE_SCRIPT_NAME"):
        _shape.cache_clear()
