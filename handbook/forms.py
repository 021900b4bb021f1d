from django import forms
from django.utils.translation import gettext_lazy as _

from base.rendering import referenced_image_ids

from .models import Image, Page


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "section", "title", "slug", "summary", "body", "tags", "language", "is_published",
            "owner", "owner_email", "last_reviewed", "review_interval_months", "order", "related",
            "publish_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form (or an import) that leaves it out keeps the default: Swedish.
        if "language" in self.fields:
            self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or "sv"

    def clean_body(self):
        body = self.cleaned_data["body"]
        wanted = referenced_image_ids(body)
        missing = sorted(
            wanted - set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        )
        if missing:
            raise forms.ValidationError(
                _("There is no image with number %(numbers)s. Upload it under Images first."),
                params={"numbers": ", ".join(str(number) for number in missing)},
                code="unknown_image",
            )
        return body
