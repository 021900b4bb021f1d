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
    # The channel's accounts listed on its page; the registry lists them all. A national
    # organisation has 6 000 on one channel: 1.2 MB and 0.5 s a page when all were here.
    accounts_shown = 20

    def get_queryset(self):
        return Channel.objects.active()

    def get_object(self, queryset=None):
        channel = super().get_object(queryset)
        channel.showing_draft = publishing.show_draft(self.request, channel)
        return channel

    def get_context_data(self, **kwargs):
        # Through the reverse relation, whose manager is the registry's own QuerySet: the registry
        # builds on channels, so channels never imports it.
        accounts = list(
            self.object.accounts.official()
            .select_related("department", "department__parent")
            .order_by("name", "pk")[: self.accounts_shown + 1]
        )
        return super().get_context_data(
            accounts=accounts[: self.accounts_shown],
            more_accounts=len(accounts) > self.accounts_shown,
            publications=publishing.change_log(self.object),
            **kwargs,
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
