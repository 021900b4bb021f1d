from django.urls import path

from . import downloads, feeds, views

app_name = "registry"
urlpatterns = [
    path("", views.account_list, name="index"),
    path("<int:pk>/", views.account_detail, name="account"),
    path("oversikt/", views.overview, name="overview"),
    path("verifiera/", views.verify_page, name="verify"),
    path("oppna-data/", views.OpenDataView.as_view(), name="open_data"),
    path("oppna-data/dcat.rdf", downloads.dcat_record, name="dcat"),
    path("oppna-data/tableschema.json", downloads.table_schema, name="table_schema"),
    path("oppna-data/datapackage.json", downloads.data_package, name="data_package"),
    path("foresla/", views.propose, name="propose"),
    path("foresla/tack/", views.propose_thanks, name="propose_thanks"),
    path("rapportera/", views.report, name="report"),
    path("rapportera/tack/", views.report_thanks, name="report_thanks"),
    path("andringar.atom", feeds.ChangesFeed(), name="feed"),
    path("export.csv", downloads.export_csv, name="export_csv"),
    path("export.xlsx", downloads.export_xlsx, name="export_xlsx"),
    path("export.json", downloads.export_json, name="export_json"),
]
