"""Apps depend in one direction (README, Layout): a test that fails on an import upwards."""

import ast
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

# What each app may import from the project; config, on top, may import every app.
ALLOWED = {
    "base": set(),
    "handbook": {"base"},
    "channels": {"base"},
    "feedback": {"base"},
    "search": {"base"},
    "registry": {"base", "channels"},
}
PROJECT = set(ALLOWED) | {"config"}


def imported_packages(path):
    """The project's top-level packages a module imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in PROJECT:
                yield top, node.lineno


def upward_imports(root):
    found = []
    for app, allowed in ALLOWED.items():
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for package, line in imported_packages(path):
                if package != app and package not in allowed:
                    found.append(f"{path.relative_to(root)}:{line} imports {package}")
    return found


class LayerTests(SimpleTestCase):
    def test_no_app_imports_an_app_above_it(self):
        self.assertEqual(upward_imports(settings.BASE_DIR), [])

    def test_every_app_has_a_place_in_the_layers(self):
        apps = {
            path.parent.name
            for path in settings.BASE_DIR.glob("*/apps.py")
            if path.parent.name in settings.INSTALLED_APPS
        }
        self.assertEqual(apps - set(ALLOWED), set())

    def test_an_import_upwards_is_found(self):
        """The check itself can fail: a module of channels that imports the registry."""
        root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        for app in ALLOWED:
            (root / app).mkdir()
        (root / "channels" / "views.py").write_text("from registry.models import Account\n")
        (root / "registry" / "views.py").write_text("def f():\n    import channels.models\n")
        self.assertEqual(upward_imports(root), ["channels/views.py:1 imports registry"])
