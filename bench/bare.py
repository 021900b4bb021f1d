"""The yardstick for bench/serving.py: a bare Django view returning a file's bytes, with no
middleware, database or templates, under the same application server and workers.

    BENCH_BARE_FILE=page.html PORTAL_WSGI_APP=bench.bare:application \\
        granian --interface wsgi --factory config.server:serve   (bench/serving.py: as make prod)
"""

import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODY = Path(os.environ["BENCH_BARE_FILE"]).read_bytes()


def page(request):
    # With its length, as the portal's pages have it (ConditionalGetMiddleware): without it the
    # server sends chunks, and a kept-alive connection stalls on every response (Nagle's
    # algorithm against delayed ACKs), which would flatter every ratio against this view.
    return HttpResponse(BODY, content_type="text/html; charset=utf-8",
                        headers={"Content-Length": str(len(BODY))})  # fmt: skip


urlpatterns = [path("", page)]
application = get_wsgi_application()
