"""Addresses of the reader's pages in one language or the other (config/urls.py: Swedish at the
site's own paths, English under /en/).

What is stored (the search index, the change log) is always the Swedish address, whatever
language the editor who saved reads the admin in; a page shown in English translates it.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import (
    NoReverseMatch,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
    translate_url,
)
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


# Stand in for the arguments while an address's shape is worked out; never an id or slug of ours.
_SAMPLE = 987654321987654321
_WORD_SAMPLE = "Qz-x_9"  # a slug with every kind of character a slug may have
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def fast_reverse(viewname, *args):
    """reverse(viewname, args=args) for the addresses of lists of many: a page of the registry
    shows 50 accounts, an export 100 000, the handbook's start page hundreds of pages, and
    reverse() took 11 µs a call. The address's shape is worked out once per URLconf, script
    prefix and language (the English pages' /en/), and the arguments put in.

    Only ids (non-negative ints) and ASCII slugs are put in that way, as reverse() would write
    them; anything else (None for an unsaved object, a slug with other characters, a word where
    the address takes only digits) goes to reverse(), which quotes or refuses it as before.
    Meant for int and slug converters, which write a value as it is: a pattern that takes some
    slugs and not others, or a converter that rewrites values, would need reverse()."""
    shape = _shape(viewname, len(args), get_urlconf(), get_script_prefix(),
                   translation.get_language())  # fmt: skip
    if shape is None:
        return reverse(viewname, args=args)
    parts, digits_only = shape
    written = [parts[0]]
    for arg, only_digits, part in zip(args, digits_only, parts[1:], strict=True):
        if type(arg) is int and arg >= 0:
            written.append(str(arg))
        elif type(arg) is str and not only_digits and _SLUG.fullmatch(arg):
            written.append(arg)
        else:
            return reverse(viewname, args=args)
        written.append(part)
    return "".join(written)


def reverse_id(viewname, pk):
    """fast_reverse() for an address with one id in it."""
    return fast_reverse(viewname, pk)


@lru_cache(maxsize=64)
def _shape(viewname, count, urlconf, prefix, language):  # with the settings, what reverse() reads
    samples = [_SAMPLE + n for n in range(count)]
    try:
        rest = reverse(viewname, args=samples)
    except NoReverseMatch:
        return None  # arguments that are not ids or slugs: reverse() every time
    parts = []
    for sample in samples:
        part, found, rest = rest.partition(str(sample))
        if not found:
            return None
        parts.append(part)
    parts.append(rest)
    digits_only = []
    for n in range(count):
        try:
            reverse(viewname, args=[*samples[:n], _WORD_SAMPLE, *samples[n + 1 :]])
        except NoReverseMatch:
            digits_only.append(True)
        else:
            digits_only.append(False)
    return parts, digits_only


@receiver(setting_changed)
def _forget_shapes(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGE_CODE", "LANGUAGES", "FORCE_SCRIPT_NAME"):
        _shape.cache_clear()
