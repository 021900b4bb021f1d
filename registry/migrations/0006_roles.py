from django.contrib.auth.management import create_permissions
from django.db import migrations

# The roles of the back office (registry/access.py holds the same names).
EVERYTHING_BUT_USERS = ["handbook", "channels", "registry", "search", "feedback", "taggit"]
ROLES = {
    # Everything, users and groups included.
    "Administratör": None,
    # Every account, all handbook and channel content, search and feedback; not users.
    "Central kommunikatör": EVERYTHING_BUT_USERS,
    # Their own department's accounts (registry.access narrows the admin to them): may propose
    # and edit, never approve, activate or close; sees departments and channels.
    "Förvaltningsredaktör": [
        "registry.view_account", "registry.add_account", "registry.change_account",
        "registry.view_historicalaccount", "registry.view_department", "channels.view_channel",
    ],
}  # fmt: skip


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the roles need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        if grants is None:
            permissions = Permission.objects.all()
        elif all("." not in grant for grant in grants):
            permissions = Permission.objects.filter(content_type__app_label__in=grants)
        else:
            permissions = [
                Permission.objects.get(content_type__app_label=label, codename=codename)
                for label, codename in (grant.split(".") for grant in grants)
            ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0005_communicators"),
        ("channels", "0005_history"),
        ("handbook", "0003_history"),
        ("search", "0005_synonyms"),
        ("feedback", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
