from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


class DueForReviewFilter(admin.SimpleListFilter):
    """For models with base.Reviewed: those whose review date has come."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Due for review"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        return queryset


@admin.action(description=_("Mark as reviewed"))
def mark_reviewed(modeladmin, request, queryset):
    """For models with base.Reviewed: reviewed today, by whoever the history names."""
    today = timezone.localdate()
    objects = list(queryset)
    for obj in objects:  # one save each: save() keeps history, the next date and the index
        obj.mark_reviewed(today)
    modeladmin.message_user(request, ngettext(
        "%(count)d marked as reviewed.", "%(count)d marked as reviewed.", len(objects)
    ) % {"count": len(objects)}, messages.SUCCESS)  # fmt: skip


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
        record = self._latest_record(obj)
        return str(record.history_id) if record else ""

    def _latest_record(self, obj):
        return obj.history.order_by("-history_id").select_related("history_user").first()

    def check_version(self, form):
        obj, token = form.instance, form.add_prefix(self.EDIT_TOKEN)
        if token not in form.data:
            return  # a form from before this check existed: nothing to compare with
        type(obj).objects.select_for_update().filter(pk=obj.pk).exists()  # lock until saved
        shown, last = form.data[token], self._latest_record(obj)
        if last is None or shown == str(last.history_id):
            return
        data = form.data.copy()
        data[token] = str(last.history_id)  # saving again overwrites, knowingly
        form.data = data
        who = last.history_user.get_username() if last.history_user else _("someone")
        when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M")
        form.add_error(None, _(
            "%(who)s saved this %(what)s at %(when)s, after you opened it. Nothing of yours has "
            "been saved and your text is still in the form. What the other editor changed is "
            "listed below: take it into your text, then save again."
        ) % {"who": who, "what": obj._meta.verbose_name, "when": when})  # fmt: skip
        shown_record = obj.history.filter(history_id=shown).first() if shown.isdigit() else None
        if shown_record is not None:
            for change in last.diff_against(shown_record).changes:
                field = obj._meta.get_field(change.field).verbose_name
                old, new = self._shorten(change.old), self._shorten(change.new)
                line = _("%(field)s: “%(old)s” → “%(new)s”")
                form.add_error(None, line % {"field": field, "old": old, "new": new})

    def _shorten(self, value):
        text = "" if value is None else str(value)
        if len(text) > self.SHOWN_CHARACTERS:
            text = text[: self.SHOWN_CHARACTERS - 1] + "…"
        return text


def broken_links_view(request):
    """Trasiga länkar: the internal links in handbook pages, cards and channel guidance that no
    reader can open (the check_links command also asks external addresses)."""
    from django.template.response import TemplateResponse

    from base import links

    context = {
        **admin.site.each_context(request),
        "title": _("Broken links"),
        "broken": links.check(external=False),
    }
    return TemplateResponse(request, "admin/broken_links.html", context)


def review_queue_view(request):
    """Mina sidor att granska: what the signed-in user owns (by e-mail) among the models with
    base.Reviewed, overdue first, each with a "Markera som granskad" button (a plain form)."""
    from django.apps import apps
    from django.core.exceptions import PermissionDenied
    from django.http import Http404, HttpResponseRedirect
    from django.template.response import TemplateResponse

    from .models import Reviewed

    email = request.user.email
    models_ = [model for model in apps.get_models() if issubclass(model, Reviewed)]
    if request.method == "POST":
        label = request.POST.get("model", "")
        model = next((m for m in models_ if m._meta.label_lower == label), None)
        pk = request.POST.get("pk", "")
        obj = (
            model.objects.owned_by(email).filter(pk=pk).first() if model and pk.isdigit() else None
        )
        if obj is None:
            raise Http404
        if not request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            raise PermissionDenied
        obj.mark_reviewed()
        messages.success(request, _("%(item)s is marked as reviewed. Next review: %(due)s.") % {
            "item": obj, "due": obj.review_due.isoformat()})  # fmt: skip
        return HttpResponseRedirect(request.path)
    today = timezone.localdate()
    items = []
    for model in models_:
        related = getattr(model, "REVIEW_RELATED", ())
        change = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        for obj in model.objects.owned_by(email).select_related(*related):
            items.append({
                "object": obj, "kind": model._meta.verbose_name, "label": model._meta.label_lower,
                "admin_url": reverse(change, args=[obj.pk]), "overdue": obj.review_due <= today,
            })  # fmt: skip
    items.sort(key=lambda item: (item["object"].review_due, str(item["object"])))
    context = {
        **admin.site.each_context(request),
        "title": _("My pages to review"),
        "items": items,
        "email": email,
    }
    return TemplateResponse(request, "admin/review_queue.html", context)
