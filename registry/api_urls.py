from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("accounts/", views.api_accounts, name="accounts"),
    path("accounts/<int:pk>/", views.api_account, name="account"),
    path("verify", views.api_verify, name="verify"),
]
