from django.db import migrations


def placeholders(apps, schema_editor):
    """Pages with images store a placeholder instead of the image's address (base.rendering)."""
    from base.rendering import render_markdown

    Page = apps.get_model("handbook", "Page")
    for page in Page.objects.filter(body__contains="[bild:"):
        page.body_html = render_markdown(page.body, figures=True).html
        page.save(update_fields=["body_html"])


class Migration(migrations.Migration):
    dependencies = [("handbook", "0001_initial")]

    operations = [migrations.RunPython(placeholders, migrations.RunPython.noop)]
