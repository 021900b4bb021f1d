"""base.addresses.reverse_id: the address reverse() gives, worked out once per shape."""

from django.test import SimpleTestCase
from django.urls import clear_script_prefix, reverse, set_script_prefix, set_urlconf
from django.utils import translation

from base.addresses import reverse_id


class ReverseIdTests(SimpleTestCase):
    def test_the_same_address_as_reverse_in_every_language_prefix_and_urlconf(self):
        self.addCleanup(clear_script_prefix)
        self.addCleanup(set_urlconf, None)
        for urlconf in (None, "config.urls"):
            set_urlconf(urlconf)
            for prefix in ("/", "/portal/"):
                set_script_prefix(prefix)
                for language in ("sv", "en"):
                    for pk in (1, 42, 10**12):
                        with self.subTest(urlconf=urlconf, prefix=prefix, language=language,
                                          pk=pk), translation.override(language):  # fmt: skip
                            self.assertEqual(
                                reverse_id("registry:account", pk),
                                reverse("registry:account", args=[pk]),
                            )
        set_script_prefix("/portal/")
        with translation.override("en"):
            self.assertEqual(reverse_id("registry:account", 7), "/portal/en/konton/7/")
