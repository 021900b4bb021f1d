from django.urls import path
from django.views.generic import TemplateView

app_name = "registry"
# Filled by its own issue; until then the navigation leads to an honest "coming" page, not a 404.
urlpatterns = [path("", TemplateView.as_view(template_name="registry/coming.html"), name="index")]
