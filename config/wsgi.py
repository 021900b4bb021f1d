import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

django_application = get_wsgi_application()

from base.pagecache import KeptPages  # noqa: E402 (needs the apps loaded)

# Kept pages are answered before Django's request handling (base/pagecache.py).
application = KeptPages(django_application)
