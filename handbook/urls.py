from django.urls import path

from . import views

app_name = "handbook"
urlpatterns = [
    path("", views.HandbookIndexView.as_view(), name="index"),
    path("amne/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("<slug:section>/", views.SectionDetailView.as_view(), name="section"),
    path("<slug:section>/utskrift/", views.SectionPrintView.as_view(), name="section_print"),
    path("<slug:section>/<slug:slug>/", views.PageDetailView.as_view(), name="page"),
    path("<slug:section>/<slug:slug>/omdome/", views.page_vote, name="page_vote"),
]
