from django.db import migrations


def upgrade(apps, schema_editor):
    from search.backends.postgres import schema

    schema.upgrade(schema_editor)


class Migration(migrations.Migration):
    """PostgreSQL search: document frequencies in the vocabulary instead of a second vector of
    folded stems; facet values kept in the row. On PostgreSQL only; no way back is needed, as
    the old layout holds nothing the new one lacks."""

    dependencies = [("search", "0003_postgres_search_tables")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]
