from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import path, reverse
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


class ValidAutocomplete:
    """Admin mixin: Django's autocomplete select shows only the chosen option, so a required
    one has no empty first option and breaks HTML's rule for required selects. The attribute
    goes; the form still refuses an empty choice, in Swedish. An optional one's empty option
    (select2's placeholder) had no text, which HTML does not allow either: it reads "(none)",
    which is also what a reader without JavaScript sees."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # The admin wraps the widget (add and change links); the wrapper decides "required".
        widget = getattr(field, "widget", None)
        inner = getattr(widget, "widget", widget)
        if isinstance(inner, AutocompleteSelect):
            widget.use_required_attribute = lambda initial: False
            create_option = inner.create_option

            def labelled_option(name, value, label, *args, **kwargs):
                return create_option(name, value, label or _("(none)"), *args, **kwargs)

            inner.create_option = labelled_option
        return field


class LabelledListEditable:
    """Admin mixin: the fields Django puts in a list's rows (list_editable) have no label of
    their own; each gets one naming the field and its row, e.g. "Ordning: Facebook"."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledRow(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs.setdefault("aria-label", f"{field.label}: {self.instance}")

        return LabelledRow


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
            for field, before, after in self._changes(obj, shown_record, last):
                old, new = self._shorten(before), self._shorten(after)
                line = _("%(field)s: “%(old)s” → “%(new)s”")
                form.add_error(None, line % {"field": field, "old": old, "new": new})

    def _changes(self, obj, older, newer):
        """(field label, old, new) between two history records; a draft's texts field by field
        (base.publishing.Publishable), as the editor sees them in the form."""
        for change in newer.diff_against(older).changes:  # the editable fields
            yield obj._meta.get_field(change.field).verbose_name, change.old, change.new
        drafted = getattr(obj, "DRAFT_FIELDS", ())
        if drafted and older.draft != newer.draft:
            before = {**{name: getattr(older, name) for name in drafted}, **(older.draft or {})}
            after = {**{name: getattr(newer, name) for name in drafted}, **(newer.draft or {})}
            for name in drafted:
                if before.get(name) != after.get(name):
                    label = f"{obj._meta.get_field(name).verbose_name} ({_('draft')})"
                    yield label, before.get(name), after.get(name)

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


class Drafts:
    """Admin mixin for base.publishing.Publishable: while an object is live, saving keeps the
    editor's texts as a draft (readers see the published version); "Förhandsgranska" saves the
    draft and opens the page at its real address; "Publicera" publishes with a public change
    note. A "Versioner" page compares any two versions readers saw and restores one."""

    change_form_template = "admin/drafts/change_form.html"
    PREVIEW_FIELDS = ()  # Markdown fields that get a live preview where JavaScript runs
    PREVIEW_FIGURES = False  # whether [bild:ID] places an image in them, as on save

    class Media:
        js = ["js/live-preview.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class ChangeNoteForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["change_note"] = forms.CharField(
                    label=_("Change note (public, optional)"), required=False, max_length=300,
                    help_text=_("Shown on the page and in the feed of changes when you publish."),
                )  # fmt: skip

        return ChangeNoteForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "publish_at":
            # Django's date and time boxes have one label for both: name each on its own.
            date, time = field.widget.widgets
            date.attrs["aria-label"], time.attrs["aria-label"] = _("Date"), _("Time")
        if field is not None and db_field.name in self.PREVIEW_FIELDS:
            field.widget.attrs["data-preview-url"] = reverse("markdown_preview")
            field.widget.attrs["data-preview-figures"] = "1" if self.PREVIEW_FIGURES else "0"
        return field

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        return obj.apply_draft() if obj is not None else None  # the form shows the draft

    def save_model(self, request, obj, form, change):
        stored = type(obj).objects.get(pk=obj.pk) if change else None
        if "_publish" in request.POST:
            super().save_model(request, obj, form, change)
            obj.draft = None  # the form's texts are what is published
            obj.publish(form.cleaned_data.get("change_note", ""), request.user)
        elif (
            stored is not None
            and stored.is_live
            and (obj.draft_values() != stored.draft_values() or obj.publish_at)
        ):
            obj.keep_as_draft(stored)
        else:
            obj.draft = None  # nothing differs from what readers see
            super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return HttpResponseRedirect(obj.get_absolute_url())
        if obj.has_draft:
            self.message_user(request, _(
                "The draft is saved. Readers see the published version until you publish."
            ), messages.INFO)  # fmt: skip
        return super().response_change(request, obj)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        view = self.admin_site.admin_view(self.versions_view)
        return [
            path("<path:object_id>/versioner/", view, name="{}_{}_versions".format(*info)),
            *super().get_urls(),
        ]

    def versions_view(self, request, object_id):
        """Versioner: the versions readers saw, any two compared line by line, and a button
        that publishes an old one again."""
        from django.core.exceptions import PermissionDenied
        from django.http import Http404
        from django.template.response import TemplateResponse

        from .publishing import text_diff, versions

        obj = self.model.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        found = versions(obj)
        by_id = {str(record.history_id): record for record in found}
        if request.method == "POST":
            record = by_id.get(request.POST.get("restore", ""))
            if record is None:
                raise Http404
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            for name in obj.DRAFT_FIELDS:
                setattr(obj, name, getattr(record, name))
            obj.draft = None
            when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
            obj.publish(_("Restored the version of %(when)s.") % {"when": when}, request.user)
            self.message_user(request, _("The version of %(when)s is published again.")
                              % {"when": when}, messages.SUCCESS)  # fmt: skip
            return HttpResponseRedirect(request.path)
        older = by_id.get(request.GET.get("a", "")) or (found[1] if len(found) > 1 else None)
        newer = by_id.get(request.GET.get("b", "")) or (found[0] if found else None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": _("Versions of %(item)s") % {"item": obj},
            "versions": found,
            "older": older,
            "newer": newer,
            "diff": text_diff(older, newer, obj.DRAFT_FIELDS) if older and newer else [],
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/drafts/versions.html", context)
