from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from base import publishing

from .models import Channel, ChannelSlugRedirect


class ChannelListView(ListView):
    def get_queryset(self):
        return Channel.objects.active()


class ChannelCompareView(ListView):
    template_name = "channels/channel_compare.html"

    def get_queryset(self):
        return Channel.objects.active()


class ChannelDetailView(DetailView):
    def get_queryset(self):
        return Channel.objects.active()

    def get_object(self, queryset=None):
        channel = super().get_object(queryset)
        channel.showing_draft = publishing.show_draft(self.request, channel)
        return channel

    def get_context_data(self, **kwargs):
        # Through the reverse relation, whose manager is the registry's own QuerySet: the registry
        # builds on channels, so channels never imports it.
        accounts = (
            self.object.accounts.official()
            .select_related("department", "department__parent")
            .order_by("name")
        )
        return super().get_context_data(
            accounts=accounts, publications=publishing.change_log(self.object), **kwargs
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A renamed channel: links written with its old address keep working.
            moved = get_object_or_404(
                ChannelSlugRedirect.objects.select_related("channel"),
                old_slug=kwargs["slug"],
                channel__in=Channel.objects.active(),
            )
            return redirect(moved.channel, permanent=True)
