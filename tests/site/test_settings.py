import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase


def manage(*args, env=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", **(env or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_refuses_to_start_without_secret_key_or_hosts(self):
        result = manage("check")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY must be set", result.stderr)
        result = manage("check", env={"DJANGO_SECRET_KEY": "x" * 60})
        self.assertIn("DJANGO_ALLOWED_HOSTS must be set", result.stderr)
        result = manage("check", env={"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "*"})
        self.assertIn("may not contain '*'", result.stderr)

    def test_deploy_check_is_clean_with_secrets_set(self):
        secret = "k3y-" + "a9Zx!q" * 10
        result = manage(
            "check", "--deploy", "--fail-level", "WARNING",
            env={"DJANGO_SECRET_KEY": secret, "DJANGO_ALLOWED_HOSTS": "portal.example.org"},
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_the_public_address_defaults_to_the_first_allowed_host_over_tls(self):
        env = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "portal.example.org,www"}
        code = "from django.conf import settings; print(settings.PORTAL_SITE_URL)"
        result = manage("shell", "-c", code, env=env)
        self.assertEqual(result.stdout.strip().splitlines()[-1], "https://portal.example.org")
        result = manage("shell", "-c", code, env={**env, "PORTAL_SITE_URL": "https://a.example/"})
        self.assertEqual(result.stdout.strip().splitlines()[-1], "https://a.example")

    def test_production_requires_the_second_factor_for_the_admin(self):
        env = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "portal.example.org"}
        code = "from django.conf import settings; print(settings.PORTAL_REQUIRE_2FA)"
        self.assertEqual(manage("shell", "-c", code, env=env).stdout.split()[-1], "True")
        self.assertFalse(settings.PORTAL_REQUIRE_2FA)  # optional in development and tests

    def test_env_example_lists_every_variable_the_settings_read(self):
        example = (settings.BASE_DIR / ".env.example").read_text()
        # test.py's variables are for the test run's child processes, not for a deployment.
        source = "".join(
            path.read_text()
            for path in (settings.BASE_DIR / "config" / "settings").glob("*.py")
            if path.name != "test.py"
        )
        import re

        names = set(re.findall(r'(?:environ\.get|_required|env_list)\(\s*"([A-Z_]+)"', source))
        names |= set(re.findall(r'"([A-Z_]+)" not in os\.environ', source))
        self.assertTrue(names)
        for name in names:
            self.assertIn(f"{name}=", example, name)
