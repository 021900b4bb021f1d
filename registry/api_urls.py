from django.urls import path

from . import api

app_name = "api"
urlpatterns = [
    path("accounts/", api.accounts, name="accounts"),
    path("accounts/<int:pk>/", api.account, name="account"),
    path("verify", api.check, name="verify"),
    path("openapi.json", api.description, name="openapi"),
]
