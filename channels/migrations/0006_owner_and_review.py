import django.core.validators
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def owners_and_dates(apps, schema_editor):
    """Existing channels answer to the central mailbox until someone takes them; their first
    review is an interval after today."""
    from base.dates import add_months

    Channel = apps.get_model("channels", "Channel")
    for channel in Channel.objects.all():
        # update(), not save(): no signals, so nothing outside the migration (the search
        # index's dependants) reads the table before its later columns exist.
        Channel.objects.filter(pk=channel.pk).update(
            owner_email=channel.owner_email or settings.PORTAL_CONTACT_EMAIL,
            review_due=add_months(channel.last_reviewed, channel.review_interval_months),
        )


def fields():
    return [
        ("owner", models.CharField(
            default="Kommunikationsavdelningen",
            help_text="A role or unit, e.g. Kommunikationsavdelningen.",
            max_length=120, verbose_name="page owner")),
        ("owner_email", models.EmailField(
            default="", max_length=254, verbose_name="owner’s contact address")),
        ("last_reviewed", models.DateField(
            default=django.utils.timezone.localdate, verbose_name="last reviewed")),
        ("review_interval_months", models.PositiveSmallIntegerField(
            default=12, verbose_name="review interval (months)",
            validators=[django.core.validators.MinValueValidator(1),
                        django.core.validators.MaxValueValidator(36)])),
        ("review_due", models.DateField(
            db_index=True, default=django.utils.timezone.localdate, editable=False,
            verbose_name="next review")),
    ]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("channels", "0005_history")]

    operations = [
        *(migrations.AddField("channel", name, field, preserve_default=name in (
            "last_reviewed", "review_interval_months")) for name, field in fields()),
        *(migrations.AddField("historicalchannel", name, field, preserve_default=name in (
            "last_reviewed", "review_interval_months")) for name, field in fields()),
        migrations.RunPython(owners_and_dates, migrations.RunPython.noop),
    ]  # fmt: skip
