from django.conf import settings


def portal(request):
    """The organisation's name, logo and contact address, for every template."""
    return {
        "portal_org_name": settings.PORTAL_ORG_NAME,
        "portal_org_logo": settings.PORTAL_ORG_LOGO,
        "portal_contact_email": settings.PORTAL_CONTACT_EMAIL,
        "portal_demo": settings.PORTAL_DEMO,
    }
