import shutil

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase


class SwedishCatalogueTests(SimpleTestCase):
    """Every UI string in the code is in the Swedish catalogue and translated."""

    def test_catalogue_is_complete_for_the_current_code(self):
        po_path = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
        backup = po_path.read_bytes()
        try:
            call_command(
                "makemessages", locale=["sv"], ignore_patterns=[".venv/*", "var/*", "tests/*"],
                verbosity=0, no_obsolete=True,
            )  # fmt: skip
            catalogue = polib.pofile(str(po_path))
        finally:
            po_path.write_bytes(backup)
        missing = [
            entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete
        ]
        self.assertEqual(missing, [], "run makemessages -l sv and translate these")

    def test_compiled_catalogue_is_built(self):
        mo = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.mo"
        self.assertTrue(mo.exists(), "make messages compiles it")
        self.assertIsNotNone(shutil.which("msgfmt"))
