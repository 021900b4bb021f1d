"""Issue 17, point 5: "Mina sidor att granska" for each owner, overdue first, with "Markera som
granskad"; channel pages have an owner and review dates like handbook pages."""

import datetime

from django.contrib.auth.models import Group, User
from django.test import TestCase

from channels.models import Channel
from handbook.models import Page
from registry.access import CENTRAL_COMMUNICATOR
from tests.clock import today_is
from tests.factories import make_channel, make_page

TODAY = datetime.date(2026, 12, 2)


class ReviewQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user("eva", "Eva@Example.org", "pw", is_staff=True)
        cls.user.groups.add(Group.objects.get(name=CENTRAL_COMMUNICATOR))
        mine = {"owner": "Webbredaktionen", "owner_email": "eva@example.org"}
        cls.later = make_page(title="Granskas senare", last_reviewed=datetime.date(2026, 10, 1),
                              **mine)  # fmt: skip
        cls.overdue = make_page(title="Försenad", last_reviewed=datetime.date(2025, 6, 1), **mine)
        cls.others = make_page(title="Någon annans", last_reviewed=datetime.date(2025, 1, 1))
        cls.channel = make_channel(last_reviewed=datetime.date(2025, 9, 1), **mine)

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_queue_lists_my_pages_and_channels_overdue_first(self):
        with today_is(TODAY):
            response = self.client.get("/admin/att-granska/")
        titles = [str(item["object"]) for item in response.context["items"]]
        self.assertEqual(titles, ["Försenad", "Facebook", "Granskas senare"])
        self.assertEqual([item["overdue"] for item in response.context["items"]],
                         [True, True, False])  # fmt: skip
        self.assertNotContains(response, "Någon annans")
        self.assertContains(self.client.get("/admin/"), "/admin/att-granska/")

    def test_mark_as_reviewed_moves_the_date_and_keeps_who(self):
        with today_is(TODAY):
            data = {"model": "handbook.page", "pk": self.overdue.pk}
            response = self.client.post("/admin/att-granska/", data)
        self.assertRedirects(response, "/admin/att-granska/", fetch_redirect_response=False)
        page = Page.objects.get(pk=self.overdue.pk)
        self.assertEqual((page.last_reviewed, page.review_due),
                         (TODAY, datetime.date(2027, 12, 2)))  # fmt: skip
        # The newest record by number: its date is the test clock's, the others the real one.
        self.assertEqual(page.history.order_by("-history_id").first().history_user, self.user)
        with today_is(TODAY):
            self.client.post("/admin/att-granska/", {"model": "channels.channel",
                                                     "pk": self.channel.pk})  # fmt: skip
        self.assertEqual(Channel.objects.get().review_due, datetime.date(2027, 12, 2))

    def test_nobody_marks_what_is_not_theirs_or_what_they_may_not_change(self):
        refused = [
            {"model": "handbook.page", "pk": self.others.pk},
            {"model": "auth.user", "pk": self.user.pk},
            {"model": "handbook.page"},
        ]
        for data in refused:
            self.assertEqual(self.client.post("/admin/att-granska/", data).status_code, 404)
        reader = User.objects.create_user("las", "eva@example.org", "pw", is_staff=True)
        self.client.force_login(reader)  # owns the pages by address, may not change them
        data = {"model": "handbook.page", "pk": self.overdue.pk}
        self.assertEqual(self.client.post("/admin/att-granska/", data).status_code, 403)
        self.assertEqual(Page.objects.get(pk=self.overdue.pk).last_reviewed,
                         datetime.date(2025, 6, 1))  # fmt: skip

    def test_channel_pages_show_their_owner_and_review_dates(self):
        with today_is(TODAY):
            response = self.client.get(self.channel.get_absolute_url())
        self.assertContains(response, "Webbredaktionen")
        self.assertContains(response, '<time datetime="2026-09-01">')
        self.assertContains(response, "Dags för granskning")

    def test_the_lists_filter_and_mark_due_items(self):
        with today_is(TODAY):
            response = self.client.get("/admin/channels/channel/?review=due")
            self.assertContains(response, "Facebook")
            self.client.post("/admin/channels/channel/", {
                "action": "mark_reviewed", "_selected_action": [self.channel.pk]})  # fmt: skip
        self.assertEqual(Channel.objects.get().last_reviewed, TODAY)

    def test_channel_owners_are_reminded_too(self):
        from io import StringIO

        from django.core import mail
        from django.core.management import call_command

        with today_is(TODAY):
            call_command("send_review_reminders", stdout=StringIO())
        [message] = [m for m in mail.outbox if m.to == ["eva@example.org"]]
        self.assertIn("Kanalsidan Facebook", message.body)
        self.assertIn(f"/admin/channels/channel/{self.channel.pk}/change/", message.body)
