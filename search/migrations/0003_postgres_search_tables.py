from django.db import migrations


def create(apps, schema_editor):
    from search.backends.postgres import schema

    schema.create(schema_editor)


def drop(apps, schema_editor):
    from search.backends.postgres import schema

    schema.drop(schema_editor)


class Migration(migrations.Migration):
    """The PostgreSQL search engine's tables, on PostgreSQL only (search/backends/postgres)."""

    dependencies = [("search", "0002_pins_point_at_any_document")]

    operations = [migrations.RunPython(create, drop)]
