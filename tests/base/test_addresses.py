"""base.addresses.fast_reverse (and reverse_id): the address reverse() gives, worked out once per
shape."""

from unittest import mock

from django.test import SimpleTestCase, override_settings
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    include,
    path,
    reverse,
    set_script_prefix,
    set_urlconf,
)
from django.utils import translation

from base.addresses import fast_reverse, reverse_id

# Another URLconf (this module), where the account's address has another shape.
urlpatterns = [
    path(
        "annat/",
        include(([path("<int:pk>/", lambda request, pk: None, name="account")], "registry")),
    ),  # fmt: skip
]


class ReverseIdTests(SimpleTestCase):
    def test_the_same_address_as_reverse_in_every_language_prefix_and_urlconf(self):
        self.addCleanup(clear_script_prefix)
        self.addCleanup(set_urlconf, None)
        for urlconf in (None, __name__):
            set_urlconf(urlconf)
            for prefix in ("/", "/portal/"):
                set_script_prefix(prefix)
                for language in ("sv", "en"):
                    for pk in (0, 1, 42, 10**12):
                        with self.subTest(urlconf=urlconf, prefix=prefix, language=language,
                                          pk=pk), translation.override(language):  # fmt: skip
                            self.assertEqual(
                                reverse_id("registry:account", pk),
                                reverse("registry:account", args=[pk]),
                            )
        set_urlconf(__name__)
        self.assertEqual(reverse_id("registry:account", 7), "/portal/annat/7/")
        set_urlconf(None)
        with translation.override("en"):
            self.assertEqual(reverse_id("registry:account", 7), "/portal/en/konton/7/")

    def test_anything_but_an_id_is_refused_as_reverse_refuses_it(self):
        for pk in (None, -3, "7/../8", 1.5):
            with self.subTest(pk=pk), self.assertRaises(NoReverseMatch):
                reverse_id("registry:account", pk)

    def test_a_changed_urlconf_setting_is_seen(self):
        self.assertEqual(reverse_id("registry:account", 7), "/konton/7/")
        with override_settings(ROOT_URLCONF=__name__):
            self.assertEqual(reverse_id("registry:account", 7), "/annat/7/")
        self.assertEqual(reverse_id("registry:account", 7), "/konton/7/")


class FastReverseTests(SimpleTestCase):
    def test_slugs_and_ids_as_reverse_writes_them(self):
        for viewname, args in [
            ("handbook:page", ("kom-igang", "starta-ett-konto")),
            ("handbook:page", ("a_b", "2024")),
            ("handbook:section", ("x",)),
            ("channels:detail", ("instagram",)),
            ("handbook:page", (12, 7)),  # a slug converter takes digits as reverse() does
        ]:
            for language in ("sv", "en"):
                with self.subTest(viewname=viewname, args=args, language=language), \
                        translation.override(language):  # fmt: skip
                    self.assertEqual(fast_reverse(viewname, *args), reverse(viewname, args=args))

    def test_once_the_shape_is_known_reverse_is_not_asked(self):
        fast_reverse("handbook:page", "a", "b")
        with mock.patch("base.addresses.reverse", side_effect=AssertionError("asked")):
            self.assertEqual(fast_reverse("handbook:page", "kom-igang", "Sida_2"),
                             "/handbok/kom-igang/Sida_2/")  # fmt: skip
            self.assertEqual(fast_reverse("registry:account", 7), "/konton/7/")

    def test_what_reverse_refuses_is_refused(self):
        for args in [("kom-igang", "räv"), ("kom-igang", ""), ("kom igång", "x"), ("a/b", "c")]:
            with self.subTest(args=args), self.assertRaises(NoReverseMatch):
                fast_reverse("handbook:page", *args)
        with self.assertRaises(NoReverseMatch):  # the address takes digits only
            fast_reverse("registry:account", "sju")
