from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("", views.ChannelListView.as_view(), name="index"),
    path("jamfor/", views.ChannelCompareView.as_view(), name="compare"),
    path("<slug:slug>/", views.ChannelDetailView.as_view(), name="detail"),
]
