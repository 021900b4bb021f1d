from django.conf import settings

from . import identity


def portal(request):
    """The organisation's identity (base.identity: the site settings, else the environment's
    values), for every template."""
    current = identity.current()
    return {
        "portal_identity": current,
        "portal_org_name": current.name,
        "portal_contact_email": current.contact_email,
        "portal_demo": settings.PORTAL_DEMO,
    }
