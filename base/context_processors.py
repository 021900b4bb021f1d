from django.conf import settings
from django.urls import translate_url

from . import identity


def portal(request):
    """The organisation's identity (base.identity: the site settings, else the environment's
    values), and the page's address in each language, for every template."""
    current = identity.current()
    return {
        "portal_identity": current,
        "portal_org_name": current.name,
        "portal_contact_email": current.contact_email,
        "portal_demo": settings.PORTAL_DEMO,
        "portal_alternates": _alternates(request),
        "portal_site_url": settings.PORTAL_SITE_URL.rstrip("/"),
    }


def _alternates(request):
    """{language: address} of this page in every language, or {} where the address has no
    languages of its own (the admin, an unknown address)."""
    if request is None:
        return {}
    path = request.get_full_path()
    addresses = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    # (translate_url resolves in the active language, which is the page's own.)
    if len(set(addresses.values())) < len(addresses):
        return {}
    return addresses
