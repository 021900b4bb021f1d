"""Issue 17, point 9: the admin speaks Swedish throughout: app and model names, the labels of
every field, column, filter and action an admin shows, and their help texts."""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, label_for_field
from django.contrib.auth.models import User
from django.test import RequestFactory, TestCase
from django.utils import translation

from handbook.models import Page
from tests.factories import make_page

# Words that are the same in both languages.
SAME_IN_SWEDISH = {"Markdown.", "text", "status"}


def admin_texts(language):
    """{(model, what): text} for everything the registered admins name, in one language."""
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    texts = {}
    with translation.override(language):
        for model, model_admin in admin.site._registry.items():
            key = model._meta.label
            texts[(key, "model")] = str(model._meta.verbose_name_plural)
            texts[(key, "app")] = str(model._meta.app_config.verbose_name)
            names = set(flatten_fieldsets(model_admin.get_fieldsets(request, None)))
            names |= {name for name in model_admin.list_display if isinstance(name, str)}
            for name in names:
                try:
                    texts[(key, name)] = str(label_for_field(name, model, model_admin))
                except AttributeError:
                    continue  # a form's own field (Django's user form), labelled by Django

                field = next((f for f in model._meta.get_fields() if f.name == name), None)
                if getattr(field, "help_text", ""):
                    texts[(key, f"{name} (help)")] = str(field.help_text)
            for list_filter in model_admin.list_filter:
                if isinstance(list_filter, type):
                    texts[(key, list_filter.__name__)] = str(list_filter.title)
            for name, (_function, _name, description) in model_admin.get_actions(request).items():
                texts[(key, f"action {name}")] = str(description) % {
                    "verbose_name_plural": model._meta.verbose_name_plural}  # fmt: skip
    return texts


class AdminInSwedishTests(TestCase):
    def test_everything_the_admins_name_is_translated(self):
        swedish, english = admin_texts("sv"), admin_texts("en")
        untranslated = sorted(
            (key, text) for key, text in swedish.items()
            if text == english[key] and text not in SAME_IN_SWEDISH
        )  # fmt: skip
        self.assertEqual(untranslated, [])
        self.assertGreater(len(swedish), 250)  # the walk reaches every admin

    def test_every_list_and_add_form_opens_in_swedish(self):
        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        make_page()
        for model in admin.site._registry:
            meta = model._meta
            for url in (f"/admin/{meta.app_label}/{meta.model_name}/",
                        f"/admin/{meta.app_label}/{meta.model_name}/add/"):  # fmt: skip
                with self.subTest(url=url):
                    response = self.client.get(url, follow=True)  # a one-record list: its form
                    if response.status_code == 403:
                        continue  # models filled by the public or the system, never added
                    self.assertEqual(response.status_code, 200)
                    for english in ("Django administration", "TAGGIT", "Updated at",
                                    "Select ", "Add ", "Merge selected"):  # fmt: skip
                        self.assertNotContains(response, english)

    def test_tags_merge_on_a_swedish_page_and_the_pages_follow(self):
        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        page = make_page(tags=["sakerhet", "säkerhet"])
        other = make_page(tags=["säkerhet", "kris"])
        from taggit.models import Tag

        chosen = [Tag.objects.get(name="sakerhet").pk, Tag.objects.get(name="säkerhet").pk]
        data = {"action": "merge", "_selected_action": chosen}
        response = self.client.post("/admin/taggit/tag/", data)
        self.assertContains(response, "Slå ihop till ämnesordet")
        response = self.client.post("/admin/taggit/tag/", {**data, "apply": "1",
                                                           "target": "Säkerhet"})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(sorted(Page.objects.get(pk=page.pk).tags.names()), ["Säkerhet"])
        self.assertEqual(sorted(Page.objects.get(pk=other.pk).tags.names()), ["Säkerhet", "kris"])
        self.assertEqual(sorted(Tag.objects.values_list("name", flat=True)), ["Säkerhet", "kris"])
