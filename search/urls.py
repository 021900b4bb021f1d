from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.search, name="index"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("forslag/", views.suggestions, name="suggestions"),
]
