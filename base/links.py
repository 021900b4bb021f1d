"""Broken links in what editors wrote (issue 17): internal links that do not resolve to a page,
and, when asked, external links that fail.

Apps offer their rendered texts on their AppConfig: `linked_texts()` gives (label, admin path,
HTML) per object, so the ground floor names no app; `links_working(hrefs)`, if an app has it,
hears after an external check which addresses answered. An internal link is asked of the site
itself, through Django's whole request stack as an anonymous reader (a page that exists only as
a draft is broken for readers); an external one over HTTP with a timeout, a bounded number at a
time and a polite user agent.
"""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "Sociala-medier-portalen link check (+{site})"


@dataclass(frozen=True, order=True)
class BrokenLink:
    label: str  # the object that holds the link, e.g. "Handbokssida: Att starta ett konto"
    admin_path: str  # where an editor fixes it
    href: str
    problem: str


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def hrefs(html):
    parser = _Links()
    parser.feed(html or "")
    return parser.hrefs


def site_hosts():
    hosts = {urlsplit(settings.PORTAL_SITE_URL).hostname}
    return {host for host in hosts | set(settings.ALLOWED_HOSTS) if host and "*" not in host}


def kind(href):
    """ "internal" (a path on this site), "external" (http or https elsewhere) or None (mailto:,
    tel:, a fragment on the same page)."""
    parts = urlsplit(href)
    if parts.scheme in ("", "http", "https") and (
        not parts.netloc or parts.hostname in site_hosts()
    ):
        if parts.path.startswith("/") and not href.startswith("//"):
            return "internal"
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return "external"
    return None


def linked_texts():
    for config in apps.get_app_configs():
        if hasattr(config, "linked_texts"):
            yield from config.linked_texts()


def check(external=False, timeout=10, workers=4):
    """Every broken link in every text, sorted by the object that holds it."""
    places = []  # (label, admin path, href, kind)
    for label, admin_path, html in linked_texts():
        for href in hrefs(html):
            found = kind(href)
            if found == "internal" or (found == "external" and external):
                places.append((label, admin_path, href, found))
    internal = {href for *_rest, href, found in places if found == "internal"}
    problems = {href: internal_problem(href) for href in internal}
    wanted = sorted({href for *_rest, href, found in places if found == "external"})
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        problems.update(zip(wanted, pool.map(lambda url: external_problem(url, timeout), wanted),
                            strict=True))  # fmt: skip
    if external:
        # Apps that keep a "last checked" day per address hear which ones answered.
        working = {href for href in wanted if not problems[href]}
        for config in apps.get_app_configs():
            if hasattr(config, "links_working"):
                config.links_working(working)
    return sorted(
        BrokenLink(label, admin_path, href, problems[href])
        for label, admin_path, href, _found in places
        if problems.get(href)
    )


def internal_problem(href):
    """None when an anonymous reader gets the page, else what they get instead."""
    from django.test import Client  # the whole request stack, without a network

    parts = urlsplit(href)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    host = urlsplit(settings.PORTAL_SITE_URL).netloc or "localhost"
    client = Client(HTTP_HOST=host, headers={"user-agent": "link-check"})
    response = client.get(path, secure=settings.SECURE_SSL_REDIRECT, follow=True)
    if response.status_code >= 400:
        return _("The page does not exist (%(status)d).") % {"status": response.status_code}
    return None


def external_problem(url, timeout):
    """None when the address answers below 400, else what went wrong. HEAD first, then GET
    for the servers that refuse HEAD."""
    agent = USER_AGENT.format(site=settings.PORTAL_SITE_URL)
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": agent})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                if response.status < 400:
                    return None
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
            if method == "HEAD" and status in (403, 405, 501):
                continue
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return _("No answer: %(reason)s") % {"reason": reason}
        return _("The address answers with an error (%(status)d).") % {"status": status}
    return None  # not reached: the GET above always answers
