from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from base import identity
from base.admin_tools import broken_links_view, review_queue_view
from base.feeds import ContentChangesFeed
from base.signin import StaffSignInView
from base.sitemaps import part as sitemap_part
from base.views import csp_report, healthz, switch_language, theme
from handbook.views import HomeView, markdown_preview
from registry.views import contact

from .sitemaps import SITEMAPS

# The admin carries the organisation's name, not Django's.
admin.site.site_header = format_lazy(
    _("{org}: social media portal"), org=lazy(lambda: identity.current().name, str)()
)
admin.site.site_title = _("Social media portal")
admin.site.index_title = _("Administration")

# The reader's pages: Swedish at these addresses, English at the same under /en/ (the
# language is in the address, so pages can be cached by anyone; base.middleware).
urlpatterns = i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("handbok/andringar.atom", ContentChangesFeed(), name="content_feed"),
    path("handbok/", include("handbook.urls")),
    path("kanaler/", include("channels.urls")),
    path("konton/", include("registry.urls")),
    path("sok/", include("search.urls")),
    path(
        "tillganglighet/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("synpunkter/", include("feedback.urls")),
    path("kontakt/", contact, name="contact"),
    path("logga-in/", StaffSignInView.as_view(), name="login"),
    path("logga-ut/", LogoutView.as_view(next_page="home"), name="logout"),
    prefix_default_language=False,
)

urlpatterns += [
    path("api/v1/", include("registry.api_urls")),
    path("sprak/<str:code>/", switch_language, name="switch_language"),
    # An index of parts, each part at most PortalSitemap.limit addresses (the protocol allows
    # 50 000): a national registry has more accounts than one file may list.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_part"},
        name="sitemap",
    ),  # fmt: skip
    path("sitemap-<section>.xml", sitemap_part, {"sitemaps": SITEMAPS}, name="sitemap_part"),
    path("admin/trasiga-lankar/", admin.site.admin_view(broken_links_view), name="broken_links"),
    path("admin/att-granska/", admin.site.admin_view(review_queue_view), name="review_queue"),
    path(
        "admin/forhandsgranska/", admin.site.admin_view(markdown_preview), name="markdown_preview"
    ),  # fmt: skip
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("tema.css", theme, name="theme"),
    path("csp-rapport/", csp_report, name="csp_report"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
