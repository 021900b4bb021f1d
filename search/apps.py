from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    # Demo content for base's load_demo command: loaded into these models only while all are empty.
    demo_label = "search synonyms"
    demo_folder = "sok"
    demo_models = ("Synonym",)

    def ready(self):
        from base.pagecache import served_from_cache

        from .views import count_kept_search

        served_from_cache.connect(count_kept_search, dispatch_uid="search-count-kept")

    def load_demo(self, folder):
        from .demo import load_synonyms

        return load_synonyms(folder / "synonymer.txt")
