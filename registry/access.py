"""Who may do what in the back office: three roles (Django groups, made by migration 0006)
and the departments a department editor answers for."""

from .models import Department

ADMINISTRATOR = "Administratör"
CENTRAL_COMMUNICATOR = "Central kommunikatör"
DEPARTMENT_EDITOR = "Förvaltningsredaktör"
ROLES = (ADMINISTRATOR, CENTRAL_COMMUNICATOR, DEPARTMENT_EDITOR)


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


def may_edit_account(user, account):
    """Whether a user answers for this account (it belongs to one of their departments)."""
    return sees_all_departments(user) or account.department_id in department_ids(user)
