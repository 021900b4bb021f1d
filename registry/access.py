"""Who may do what in the back office: three roles (Django groups, made by migration 0006)
and the departments a department editor answers for."""

from .models import Department

ADMINISTRATOR = "Administratör"
CENTRAL_COMMUNICATOR = "Central kommunikatör"
DEPARTMENT_EDITOR = "Förvaltningsredaktör"
ROLES = (ADMINISTRATOR, CENTRAL_COMMUNICATOR, DEPARTMENT_EDITOR)
# What each role may do: None is everything, a list of app labels all of their models, a
# list of "app.codename" those permissions. Migration 0006 made the groups from a copy of
# this; ensure_roles() keeps them so after every migrate (models added later included).
GRANTS = {
    ADMINISTRATOR: None,
    CENTRAL_COMMUNICATOR: ["handbook", "channels", "registry", "search", "feedback", "taggit"],
    DEPARTMENT_EDITOR: [
        "registry.view_account", "registry.add_account", "registry.change_account",
        "registry.view_historicalaccount", "registry.view_department", "channels.view_channel",
        "registry.view_incident", "registry.add_incident", "registry.change_incident",
        "registry.view_proposal",
    ],
}  # fmt: skip


def ensure_roles(sender=None, **kwargs):
    """The roles' groups with their permissions (post_migrate, once per migrate or flush)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    for name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        if grants is None:
            permissions = Permission.objects.all()
        elif all("." not in grant for grant in grants):
            permissions = Permission.objects.filter(content_type__app_label__in=grants)
        else:
            pairs = [grant.split(".") for grant in grants]
            permissions = [Permission.objects.get(content_type__app_label=label, codename=code)
                           for label, code in pairs]  # fmt: skip
        group.permissions.set(permissions)


def sees_all_departments(user):
    """Administrators and central communicators answer for every account."""
    if user.is_superuser:
        return True
    if not hasattr(user, "_portal_sees_all"):
        names = (ADMINISTRATOR, CENTRAL_COMMUNICATOR)
        user._portal_sees_all = user.groups.filter(name__in=names).exists()
    return user._portal_sees_all


def department_ids(user):
    """The ids of the departments a user answers for: their own and every unit below them.
    Two queries, kept on the user object for the rest of the request."""
    if not hasattr(user, "_portal_departments"):
        everything = list(Department.objects.only("pk", "parent_id"))
        ids = set()
        for own in Department.objects.filter(editors=user).only("pk"):
            ids |= Department.with_descendants(everything, own)
        user._portal_departments = ids
    return user._portal_departments


def top_departments(user):
    """Where a user's departments begin: every top department for those who answer for all,
    the highest of their own for a department editor."""
    if sees_all_departments(user):
        return Department.objects.filter(parent=None)
    ids = department_ids(user)
    return Department.objects.filter(pk__in=ids).exclude(parent_id__in=ids)


def may_edit_account(user, account):
    """Whether a user answers for this account (it belongs to one of their departments)."""
    return sees_all_departments(user) or account.department_id in department_ids(user)
