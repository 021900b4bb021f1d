from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HttpsByDefault:
    """Admin mixin: addresses typed without a scheme get https://, as Django 6 will do anyway."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.action(description=_("Mark as handled"))
def mark_handled(modeladmin, request, queryset):
    """For messages from the public (reports, feedback), whose models have State.HANDLED."""
    handled = queryset.model.State.HANDLED
    for message in queryset.exclude(state=handled):
        message.state = handled
        message.save(update_fields=["state"])


class NoLostEdits:
    """Admin mixin for models with django-simple-history: a change form that is older than the
    stored object is refused, never saved over it.

    The form carries the id of the object's latest history record when it was shown. On save,
    inside the admin's transaction and with the row locked, a newer record means someone else
    saved meanwhile: the form comes back with the editor's own text, a list of what the other
    editor changed (from the history), and the newer record's id, so saving again is a decision
    taken with the other change in view.
    """

    change_form_template = "admin/no_lost_edits/change_form.html"
    EDIT_TOKEN = "edit_token"
    SHOWN_CHARACTERS = 160

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form_class
        admin = self

        class EditTokenForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields[admin.EDIT_TOKEN] = forms.CharField(
                    required=False, widget=forms.HiddenInput,
                    initial=admin.latest_version(self.instance),
                )  # fmt: skip

            def clean(self):
                cleaned = super().clean()
                admin.check_version(self)
                return cleaned

        return EditTokenForm

    def latest_version(self, obj):
        record = obj.history.order_by("-history_id").only("history_id").first()
        return str(record.history_id) if record else ""

    def check_version(self, form):
        obj = form.instance
        if form.add_prefix(self.EDIT_TOKEN) not in form.data:
            return  # a form from before this check existed: nothing to compare with
        type(obj).objects.select_for_update().filter(pk=obj.pk).exists()  # lock until saved
        shown = form.data[form.add_prefix(self.EDIT_TOKEN)]
        latest = self.latest_version(obj)
        if shown == latest:
            return
        data = form.data.copy()
        data[form.add_prefix(self.EDIT_TOKEN)] = latest  # saving again overwrites, knowingly
        form.data = data
        newer = obj.history.filter(history_id__gt=int(shown)) if shown.isdigit() else None
        last = obj.history.order_by("-history_id").select_related("history_user").first()
        who = last.history_user.get_username() if last and last.history_user else _("someone")
        when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M") if last else ""
        form.add_error(None, _(
            "%(who)s saved this %(what)s at %(when)s, after you opened it. Nothing of yours has "
            "been saved and your text is still in the form. What the other editor changed is "
            "listed below: take it into your text, then save again."
        ) % {"who": who, "what": obj._meta.verbose_name, "when": when})  # fmt: skip
        for line in self.changes_since(obj, shown, newer):
            form.add_error(None, line)

    def changes_since(self, obj, shown, newer):
        if newer is None or not newer.exists():
            return []
        first = obj.history.filter(history_id=int(shown)).first()
        last = obj.history.order_by("-history_id").first()
        if first is None or last is None:
            return []
        lines = []
        for change in last.diff_against(first).changes:
            field = obj._meta.get_field(change.field)
            lines.append(_("%(field)s: “%(old)s” → “%(new)s”") % {
                "field": field.verbose_name, "old": self._shorten(change.old),
                "new": self._shorten(change.new)})  # fmt: skip
        return lines

    def _shorten(self, value):
        text = "" if value is None else str(value)
        if len(text) > self.SHOWN_CHARACTERS:
            text = text[: self.SHOWN_CHARACTERS - 1] + "…"
        return text
