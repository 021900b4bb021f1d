import datetime
import itertools
from unittest import mock

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from base import pagecache
from registry.filters import AccountFilterForm
from tests.factories import (
    demo_channels,
    make_account,
    make_department,
    make_page,
    warm_filter_choices,
)
from tests.sitemaps import whole_sitemap


class RegistryData(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = c = demo_channels()
        cls.culture = make_department(name="Kulturförvaltningen", slug="kultur")
        cls.library = make_department(name="Stadsbiblioteket", slug="bibliotek", parent=cls.culture)
        cls.rescue = make_department(name="Räddningstjänsten", slug="raddning")
        cls.library_fb = make_account(
            channel=c["facebook"],
            department=cls.library,
            url="https://www.facebook.com/exstadbibliotek",
            name="Stadsbiblioteket",
            tags=["bibliotek", "läsning"],
            purpose="Boktips och ÖPPETTIDER för biblioteken.",
        )
        cls.culture_ig = make_account(
            channel=c["instagram"],
            department=cls.culture,
            url="https://www.instagram.com/exstad_kultur/",
            name="Kultur i Exempelstaden",
            tags=["kultur"],
        )
        cls.rescue_x = make_account(
            channel=c["x"],
            department=cls.rescue,
            url="https://x.com/exstad_rtj",
            name="Räddningstjänsten",
            tags=["kris"],
        )
        cls.closed_x = make_account(
            channel=c["x"],
            department=cls.culture,
            url="https://x.com/exstad_gammal",
            name="Gamla kulturkontot",
            status="closed",
            closed_on=datetime.date(2023, 5, 31),
        )
        cls.proposed = make_account(channel=c["tiktok"], department=cls.culture,
                                    url="https://www.tiktok.com/@exstad_ide", name="Hemlig idé",
                                    status="proposed")  # fmt: skip


class AccountListTests(RegistryData):
    def names(self, response):
        return [account.name for account in response.context["page_obj"].object_list]

    def test_accessible_table_with_active_accounts_by_default(self):
        response = self.client.get("/konton/")
        self.assertContains(response, "<caption")
        self.assertContains(response, 'scope="col"', count=5)
        self.assertContains(response, '<th scope="row"><a href="/konton/')
        self.assertContains(response, "3 konton")
        self.assertEqual(
            self.names(response),
            ["Stadsbiblioteket", "Kultur i Exempelstaden", "Räddningstjänsten"],
        )
        self.assertNotContains(response, "Gamla kulturkontot")
        self.assertNotContains(response, "Hemlig idé")  # proposals are internal

    def test_closed_accounts_on_request_proposals_never(self):
        self.assertEqual(
            self.names(self.client.get("/konton/?status=avslutat")), ["Gamla kulturkontot"]
        )
        names = self.names(self.client.get("/konton/?status=alla"))
        self.assertIn("Gamla kulturkontot", names)
        self.assertNotIn("Hemlig idé", names)
        for status in ("", "active", "paused", "closed", "all"):
            with self.subTest(status=status):
                self.assertNotIn(
                    "Hemlig idé", self.names(self.client.get(f"/konton/?status={status}"))
                )
                self.assertNotContains(
                    self.client.get(f"/konton/export.csv?status={status}"), "Hemlig idé"
                )

    def test_a_department_lists_the_accounts_it_shares_as_soon_as_it_shares_them(self):
        # The filter knows the shared accounts from a list kept per generation of the page
        # cache (pagecache.memo): sharing and unsharing must start a new one.
        def names(address):
            return self.names(self.client.get(f"{address}&n={next(counter)}"))

        counter = iter(range(100))
        self.assertEqual(names("/konton/?forvaltning=bibliotek"), ["Stadsbiblioteket"])
        self.rescue_x.other_departments.add(self.library)
        self.assertEqual(names("/konton/?forvaltning=bibliotek"),
                         ["Stadsbiblioteket", "Räddningstjänsten"])  # fmt: skip
        everything = ["Stadsbiblioteket", "Kultur i Exempelstaden", "Räddningstjänsten"]
        self.assertEqual(names("/konton/?forvaltning=kultur"), everything)  # a unit's shares too
        self.assertEqual(
            self.client.get("/api/v1/accounts/?department=bibliotek").json()["count"], 2
        )
        self.rescue_x.other_departments.remove(self.library)
        self.assertEqual(names("/konton/?forvaltning=bibliotek"), ["Stadsbiblioteket"])

    def test_filters_combine_and_a_department_includes_its_units(self):
        self.assertEqual(
            self.names(self.client.get("/konton/?forvaltning=kultur")),
            ["Stadsbiblioteket", "Kultur i Exempelstaden"],
        )
        self.assertEqual(
            self.names(self.client.get("/konton/?forvaltning=kultur&kanal=facebook")),
            ["Stadsbiblioteket"],
        )
        self.assertEqual(self.names(self.client.get("/konton/?amne=kris")), ["Räddningstjänsten"])
        # Free text ignores case in Swedish too, and finds department names.
        self.assertEqual(self.names(self.client.get("/konton/?q=öppettider")), ["Stadsbiblioteket"])
        self.assertEqual(
            self.names(self.client.get("/konton/?q=RÄDDNINGSTJÄNSTEN")), ["Räddningstjänsten"]
        )

    def test_a_printout_says_which_selection_it_shows(self):
        response = self.client.get("/konton/?kanal=x&status=alla&forvaltning=kultur&sortera=-namn")
        self.assertContains(
            response,
            '<p class="print-only">Urval: Kanal: X; Förvaltning: Kulturförvaltningen; '
            "Status: Alla, även avslutade; Sortera efter: Namn, Ö–A</p>",
            html=True,
        )
        self.assertNotContains(self.client.get("/konton/"), 'class="print-only"')

    def test_sorting_by_name_both_ways_marks_the_column(self):
        response = self.client.get("/konton/?sortera=namn")
        self.assertEqual(
            self.names(response),
            ["Kultur i Exempelstaden", "Räddningstjänsten", "Stadsbiblioteket"],
        )
        self.assertContains(response, 'aria-sort="ascending"')
        self.assertContains(response, 'href="?sort=-name"')
        self.assertEqual(
            self.names(self.client.get("/konton/?sortera=-namn"))[0], "Stadsbiblioteket"
        )

    def test_one_channel_in_the_channels_order_is_by_name_both_ways(self):
        for name, handle in (("Öbergs konto", "oberg"), ("Alingsås konto", "alingsas")):
            make_account(channel=self.rescue_x.channel, department=self.rescue, name=name,
                         url=f"https://x.com/{handle}")  # fmt: skip
        by_order = ["Alingsås konto", "Räddningstjänsten", "Öbergs konto"]
        self.assertEqual(self.names(self.client.get("/konton/?kanal=x")), by_order)
        self.assertEqual(
            self.names(self.client.get("/konton/?kanal=x&sortera=-kanal")), by_order[::-1]
        )

    def test_bad_filter_values_give_a_swedish_message_not_an_error(self):
        response = self.client.get("/konton/?kanal=myspace&sortera=%00&sida=abc&q=" + "a" * 500)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "finns inte bland alternativen")
        self.assertContains(response, "3 konton")  # the invalid filters are left out

    def test_a_nul_in_a_link_is_refused_and_never_written_back_into_the_page(self):
        for address in ("/konton/?q=kom%00mun", "/konton/verifiera/?url=https://x.com/a%00b"):
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertContains(response, "Null-tecken är inte tillåtna", status_code=400
                                    if "verifiera" in address else 200)  # fmt: skip
                self.assertNotIn(b"\x00", response.content)
                self.assertRegex(response.content.decode(), r'value="(kom mun|https://x.com/a b)"')

    def test_pagination_keeps_the_filters(self):
        for n in range(55):
            make_account(channel=self.channels["instagram"], department=self.culture,
                         url=f"https://www.instagram.com/exstad_{n}/")  # fmt: skip
        response = self.client.get("/konton/?kanal=instagram")
        self.assertContains(response, "56 konton")
        self.assertContains(response, 'href="?channel=instagram&amp;page=2"')
        self.assertEqual(
            len(self.client.get("/konton/?kanal=instagram&sida=2").context["page_obj"]), 6
        )
        self.assertEqual(self.client.get("/konton/?sida=999").status_code, 200)
        pages = {"999": 2, "2": 2, "1": 1, "0": 1, "-1": 1, "abc": 1, "²": 1, "99999999999999": 2}
        addresses = ("/konton/?kanal=instagram&sida=", "/konton/oversikt/?kanal=instagram&sida=")
        with mock.patch("registry.views.OVERVIEW_PAGE_SIZE", 50):  # two pages there too
            for (asked, shown), address in itertools.product(pages.items(), addresses):
                with self.subTest(address=address, page=asked):
                    response = self.client.get(address + asked + "&n=1")  # not a kept page
                    self.assertEqual(response.context["page_obj"].number, shown)

    def test_the_count_reads_the_accounts_alone(self):
        # The rows come with their channel and departments; counting through those joins took
        # 57 ms at national size, the accounts alone 1 ms. (A new generation each time: the
        # counts by status and channel are made once per generation, with the filters' lists.)
        for url in ("/konton/", "/konton/?kanal=x", "/konton/?q=ku", "/konton/?status=alla"):
            pagecache.forget_all()
            with self.subTest(url=url), CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
            self.assertTrue(counts)
            for sql in counts:
                self.assertNotIn("registry_department", sql)
                if "kanal" not in url:  # a channel is chosen by its slug
                    self.assertNotIn("channels_channel", sql)

    def test_a_selection_by_status_and_channel_is_counted_as_the_database_counts_it(self):
        """Counted from the counts kept with the filters' lists (counted_in_lists): the number
        a count of the selection gives, for every status with and without each channel, in the
        list, the side-by-side overview and the API."""
        make_account(channel=self.channels["instagram"], department=self.rescue,
                     url="https://www.instagram.com/exstad_paus/", status="paused")  # fmt: skip
        make_account(channel=self.channels["x"], department=self.rescue,
                     url="https://x.com/exstad_snart", status="approved")  # fmt: skip
        statuses = ["", "aktivt", "pausat", "avslutat", "alla", "okand"]
        for n, (status, channel) in enumerate(itertools.product(statuses, ["", *self.channels])):
            params = {
                key: value for key, value in (("status", status), ("kanal", channel)) if value
            }
            form = AccountFilterForm(params)
            counted = form.filter().count()
            with self.subTest(params=params):
                self.assertEqual(form.counted_in_lists(), counted)
                listed = self.client.get("/konton/", {**params, "n": n})  # never a kept page
                self.assertEqual(listed.context["paginator"].count, counted)
                overview = self.client.get("/konton/oversikt/", {**params, "n": n})
                self.assertEqual(overview.context["count"], counted)
                api = self.client.get("/api/v1/accounts/", params)  # each asked once
                if status == "okand":  # the API refuses what the pages leave out
                    self.assertEqual(api.status_code, 400)
                else:
                    self.assertEqual(api.json()["count"], counted)
        by_status = {status: AccountFilterForm({"status": status}).counted_in_lists()
                     for status in statuses}  # fmt: skip
        self.assertEqual(by_status, {"": 4, "aktivt": 3, "pausat": 1, "avslutat": 1, "alla": 5,
                                     "okand": 4})  # fmt: skip
        for other in ({"forvaltning": "kultur"}, {"amne": "kris"}, {"q": "kultur"}):
            with self.subTest(params=other):
                self.assertIsNone(AccountFilterForm(other).counted_in_lists())

    def test_a_kept_count_follows_every_change(self):
        """The counts are kept per generation of the page cache, so they are as fresh as the
        pages: a new account, a pause, a move to another channel and a closing each show at
        once, in lists that no kept page answers."""
        addresses = iter(range(1000))

        def shown(params=""):
            response = self.client.get(f"/konton/?n={next(addresses)}{params}")
            return response.context["paginator"].count

        self.assertEqual((shown(), shown("&kanal=tiktok"), shown("&status=aktivt")), (3, 0, 3))
        account = make_account(channel=self.channels["tiktok"], department=self.rescue,
                               url="https://www.tiktok.com/@exstad_ny")  # fmt: skip
        self.assertEqual((shown(), shown("&kanal=tiktok"), shown("&status=aktivt")), (4, 1, 4))
        account.status = "paused"
        account.save()
        self.assertEqual((shown(), shown("&status=aktivt"), shown("&status=pausat")), (4, 3, 1))
        account.channel = self.channels["instagram"]
        account.url = "https://www.instagram.com/exstad_ny/"
        account.save()
        self.assertEqual((shown("&kanal=tiktok"), shown("&kanal=instagram")), (0, 2))
        account.status = "closed"
        account.final_archive_on = datetime.date(2026, 5, 1)
        account.save()
        self.assertEqual((shown(), shown("&status=avslutat"), shown("&kanal=instagram")), (3, 2, 1))

    def test_query_count_is_constant(self):
        def count(url, shows):
            # The filters' choices are built once per generation (3 queries), not per request.
            warm_filter_choices()
            with self.assertNumQueries(EXPECTED[url]):
                response = self.client.get(url)
            self.assertContains(response, shows)

        # On SQLite a glance at the free-text index says how common the word is (textsearch).
        glance = 1 if connection.vendor == "sqlite" else 0
        # The list's page; its count by status alone is made with the filters' choices.
        EXPECTED = {"/konton/": 1, "/konton/?forvaltning=kultur&amne=kultur&q=kultur": 2 + glance}
        count("/konton/", "Räddningstjänsten")
        count("/konton/?forvaltning=kultur&amne=kultur&q=kultur", "Kultur i Exempelstaden")
        for n in range(20):
            make_account(channel=self.channels["tiktok"], department=make_department(),
                         url=f"https://www.tiktok.com/@exstad{n}", tags=[f"amne{n}"],
                         name=f"Nytt konto {n}")  # fmt: skip
        count("/konton/", "Nytt konto 19")
        count("/konton/?forvaltning=kultur&amne=kultur&q=kultur", "Kultur i Exempelstaden")


class AccountListHtmlTests(RegistryData):
    """The list's filters and rows are written without Django's per-field and per-row templates
    (registry/templatetags/accounts.py, includes/filter_field.html); this is the HTML they give."""

    def test_filters_show_their_labels_choices_and_errors(self):
        response = self.client.get("/konton/?kanal=myspace&status=closed&sortera=-namn&q=bok")
        html = response.content.decode()
        self.assertInHTML('<label for="id_q">Sök i registret</label>', html)
        self.assertInHTML(
            '<input type="text" name="q" value="bok" maxlength="200" id="id_q">', html
        )
        # A refused value: the message is tied to its control, which says it is wrong.
        self.assertInHTML(
            '<ul class="errorlist" id="id_channel_error">'
            "<li>”myspace” finns inte bland alternativen.</li></ul>",
            html,
        )
        self.assertIn('<select name="channel" aria-describedby="id_channel_error" '
                      'aria-invalid="true" id="id_channel">', html)  # fmt: skip
        self.assertInHTML('<option value="closed" selected>Avslutat</option>', html)
        self.assertInHTML('<option value="-name" selected>Namn, Ö–A</option>', html)
        self.assertInHTML('<option value="name">Namn, A–Ö</option>', html)
        self.assertInHTML('<option value="">I bruk (aktiva och pausade)</option>', html)
        self.assertNotIn("id_q_error", html)  # no list for a field without errors
        english = self.client.get("/en/konton/?status=closed").content.decode()
        self.assertInHTML('<option value="closed" selected>Closed</option>', english)
        self.assertInHTML('<option value="name">Name, A–Z</option>', english)
        self.assertInHTML('<option value="" selected>All</option>', english, count=3)
        self.assertEqual(
            response.context["form"].described(),
            [("Sök i registret", "bok"), ("Status", "Avslutat"), ("Sortera efter", "Namn, Ö–A")],
        )

    def test_a_status_or_sort_outside_the_choices_is_refused(self):
        response = self.client.get("/konton/?status=proposed&sortera=hemligt")
        self.assertContains(response, "3 konton")  # the default status: proposals never show
        self.assertNotContains(response, "Hemlig idé")
        self.assertContains(response, 'id="id_status_error"')
        self.assertContains(response, 'id="id_sort_error"')

    def test_rows_show_status_and_verification_day_in_the_readers_language(self):
        Account = type(self.library_fb)
        Account.objects.filter(pk=self.library_fb.pk).update(
            status="paused", verified_on=datetime.date(2026, 10, 5)
        )
        Account.objects.filter(pk=self.closed_x.pk).update(verified_on=datetime.date(2026, 10, 5))
        swedish = self.client.get("/konton/?status=alla").content.decode()
        self.assertInHTML('<span class="status status--paused">Pausat</span>', swedish)
        self.assertInHTML('<span class="status status--closed">Avslutat</span>', swedish)
        self.assertInHTML('<span class="status status--active">Aktivt</span>', swedish, count=2)
        self.assertInHTML('<time datetime="2026-10-05">5 Okt 2026</time>', swedish, count=2)
        english = self.client.get("/en/konton/?status=alla").content.decode()
        self.assertInHTML('<span class="status status--paused">Paused</span>', english)
        self.assertInHTML('<time datetime="2026-10-05">5 Oct 2026</time>', english, count=2)

    def test_a_row_escapes_what_editors_write(self):
        """The rows are written by a tag (account_row): every value escaped, the handle and the
        verification day shown only when there is one."""
        self.rescue.name = 'Räddning <b>&</b> "larm"'
        self.rescue.save()
        type(self.rescue_x).objects.filter(pk=self.rescue_x.pk).update(
            name='<script>alert("x")</script>', handle="a&b<i>", verified_on=None
        )
        html = self.client.get("/konton/?n=1").content.decode()
        self.assertInHTML(
            f'<tr><th scope="row"><a href="/konton/{self.rescue_x.pk}/" lang="sv">'
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a><br>"
            '<span class="handle">@a&amp;b&lt;i&gt;</span></th><td>X</td>'
            '<td lang="sv">Räddning &lt;b&gt;&amp;&lt;/b&gt; &quot;larm&quot;</td>'
            '<td><span class="status status--active">Aktivt</span></td><td>–</td></tr>',
            html,
        )
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<i>", html)


class ChannelOrderTests(TestCase):
    def test_the_list_follows_the_channels_order_when_a_channel_moves_or_is_renamed(self):
        channels = demo_channels()
        first, second = channels["facebook"], channels["youtube"]
        make_account(channel=first, url="https://www.facebook.com/ordning.ett", name="Ett")
        make_account(channel=second, url="https://www.youtube.com/@ordningtva", name="Två")

        def names():
            html = self.client.get("/konton/").content.decode()
            return [name for name in ("Ett", "Två") if f">{name}</a>" in html] and sorted(
                ("Ett", "Två"), key=lambda name: html.index(f">{name}</a>"))  # fmt: skip

        self.assertEqual(names(), ["Ett", "Två"] if first.order < second.order else ["Två", "Ett"])
        first.order, second.order = second.order + 1, 0
        first.save()
        second.save()
        self.assertEqual(names(), ["Två", "Ett"])
        first.order = second.order
        first.name = "Aaa Facebook"
        first.save()
        self.assertEqual(names(), ["Ett", "Två"])


class DepartmentOrderTests(TestCase):
    def test_the_list_by_department_follows_a_renamed_department(self):
        channel = demo_channels()["facebook"]
        first, second = make_department(name="Ab-förvaltningen"), make_department(name="Bc-enheten")
        make_account(channel=channel, url="https://www.facebook.com/avd.ett", name="Ett",
                     department=first)  # fmt: skip
        make_account(channel=channel, url="https://www.facebook.com/avd.tva", name="Två",
                     department=second)  # fmt: skip

        def names(sort):
            html = self.client.get(f"/konton/?sort={sort}").content.decode()
            return sorted(("Ett", "Två"), key=lambda name: html.index(f">{name}</a>"))

        self.assertEqual(names("department"), ["Ett", "Två"])
        self.assertEqual(names("-department"), ["Två", "Ett"])
        first.name = "Cd-förvaltningen"
        first.save()
        self.assertEqual(names("department"), ["Två", "Ett"])
        self.assertEqual(names("-department"), ["Ett", "Två"])

    def test_free_text_finds_accounts_by_their_departments_name_after_a_rename(self):
        channel = demo_channels()["facebook"]
        department = make_department(name="Miljöförvaltningen")
        make_account(channel=channel, url="https://www.facebook.com/avd.miljo", name="Ett",
                     department=department)  # fmt: skip

        def names(q):
            return self.client.get("/konton/", {"q": q}).context["page_obj"].object_list

        self.assertEqual([a.name for a in names("miljöförvaltningen")], ["Ett"])
        department.name = "Klimatförvaltningen"
        department.save()
        self.assertEqual([a.name for a in names("klimatförvaltningen")], ["Ett"])
        self.assertEqual(list(names("miljöförvaltningen")), [])


class AccountPageTests(RegistryData):
    def test_shows_public_fields_channel_guidance_and_department_siblings(self):
        response = self.client.get(f"/konton/{self.culture_ig.pk}/")
        for text in ("Kultur i Exempelstaden", 'href="/kanaler/instagram/"',
                     'href="https://www.instagram.com/exstad_kultur/"', "@exstad_kultur",
                     "Invånare", "kommunikation@exempelstaden.example", "svenska",
                     "Fler konton från Kulturförvaltningen", "Gamla kulturkontot"):  # fmt: skip
            self.assertContains(response, text)
        self.assertNotContains(response, "Hemlig idé")

    def test_closed_account_says_so_and_has_no_live_link(self):
        response = self.client.get(f"/konton/{self.closed_x.pk}/")
        self.assertContains(response, "Inte längre ett officiellt konto")
        self.assertContains(response, "https://x.com/exstad_gammal")
        self.assertNotContains(response, 'href="https://x.com/exstad_gammal"')

    def test_proposals_are_hidden_from_the_public_only(self):
        self.assertEqual(self.client.get(f"/konton/{self.proposed.pk}/").status_code, 404)
        self.client.force_login(User.objects.create_user("redaktor", is_staff=True))
        self.assertEqual(self.client.get(f"/konton/{self.proposed.pk}/").status_code, 200)

    def test_query_count_is_constant(self):
        url = f"/konton/{self.culture_ig.pk}/"
        with self.assertNumQueries(5):
            response = self.client.get(url)
        self.assertContains(response, "Kultur i Exempelstaden")
        for n in range(10):
            make_account(channel=self.channels["tiktok"], department=self.culture,
                         url=f"https://www.tiktok.com/@exstad{n}",
                         name=f"Syskonkonto {n}")  # fmt: skip
        self.culture_ig.other_departments.set([self.rescue, self.library])
        self.culture_ig.tags.add("evenemang", "film")
        with self.assertNumQueries(5):
            response = self.client.get(url)
        for text in ("Syskonkonto 9", "Räddningstjänsten", "evenemang"):
            self.assertContains(response, text)

    def test_channel_page_lists_its_official_accounts(self):
        response = self.client.get("/kanaler/x/")
        self.assertContains(response, "Räddningstjänsten")
        self.assertNotContains(response, "Gamla kulturkontot")
        self.assertContains(response, 'href="/konton/?channel=x"')

    def test_official_accounts_are_in_the_sitemap(self):
        body = whole_sitemap(self.client)
        self.assertIn(f"/konton/{self.rescue_x.pk}/</loc>", body)
        self.assertNotIn(f"/konton/{self.proposed.pk}/</loc>", body)
        self.assertIn("/konton/verifiera/</loc>", body)


class VerifyPageTests(RegistryData):
    def test_official_closed_and_unknown_answers(self):
        response = self.client.get(
            "/konton/verifiera/?url=https%3A%2F%2Fmobile.twitter.com%2FEXSTAD_RTJ%3Fs%3D20"
        )
        self.assertContains(response, "Ja, det här är ett officiellt konto")
        self.assertContains(response, f'href="/konton/{self.rescue_x.pk}/"')
        response = self.client.get("/konton/verifiera/?url=%40exstad_gammal&kanal=x")
        self.assertContains(response, "Inte längre ett officiellt konto")
        response = self.client.get("/konton/verifiera/?url=https://www.facebook.com/exstadfejk")
        self.assertContains(response, "Nej, kontot finns inte i vårt register")
        self.assertContains(response, "/konton/rapportera/?url=")
        response = self.client.get("/konton/verifiera/?url=https://faceb00k.com/exstadbibliotek")
        self.assertContains(response, "inte ett konto i någon av de kanaler vi använder")

    def test_garbage_gets_a_clear_swedish_message(self):
        for junk in ("", "%00", "a%20b", "@exstad", "x" * 2000, "%3Cscript%3E", "kanal=zzz"):
            with self.subTest(junk=junk):
                response = self.client.get(f"/konton/verifiera/?url={junk}&kanal=")
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Rätta följande", status_code=400)
        response = self.client.get("/konton/verifiera/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Rätta följande")


class VerifyApiTests(RegistryData):
    def test_answers_in_json(self):
        data = self.client.get("/api/v1/verify", {"url": "https://x.com/exstad_rtj/"}).json()
        self.assertEqual((data["official"], data["status"]), (True, "active"))
        self.assertEqual(data["account"]["id"], self.rescue_x.pk)
        self.assertEqual(data["account"]["department"], "raddning")
        data = self.client.get("/api/v1/verify", {"url": "@exstad_gammal", "channel": "x"}).json()
        self.assertEqual((data["official"], data["status"], data["verdict"]),
                         (False, "closed", "closed"))  # fmt: skip
        data = self.client.get("/api/v1/verify", {"url": "https://x.com/nagon_annan"}).json()
        self.assertEqual((data["official"], data["status"], data["account"]),
                         (False, None, None))  # fmt: skip
        data = self.client.get(
            "/api/v1/verify", {"url": "https://www.tiktok.com/@exstad_ide"}
        ).json()
        self.assertEqual((data["official"], data["account"]), (False, None))  # a proposal

    def test_bad_input_is_a_400_with_a_message(self):
        for params in ({}, {"url": "\x00"}, {"url": "x" * 2000}, {"url": "@a", "channel": "nope"}):
            with self.subTest(params=params):
                response = self.client.get("/api/v1/verify", params)
                self.assertEqual(response.status_code, 400)
                data = response.json()
                self.assertFalse(data["official"])
                self.assertTrue(data["error"])


class ProposalLeakTests(RegistryData):
    def test_a_tag_only_a_proposal_has_is_not_offered_as_a_filter(self):
        self.proposed.tags.add("hemlig-satsning")
        response = self.client.get("/konton/")
        self.assertNotContains(response, "hemlig-satsning")
        self.assertEqual(self.client.get("/api/v1/accounts/?tag=hemlig-satsning").status_code, 400)
        self.assertContains(response, 'value="kris"')  # a public account's tag still is

    def test_tags_are_offered_once_each_as_public_accounts_have_them(self):
        make_page(title="Sida med egen tagg", tags=["bara-handboken"])
        self.proposed.tags.add("delad")
        self.rescue_x.tags.add("delad")  # public: offered, once, whoever else has it
        self.culture_ig.tags.add("delad")
        self.closed_x.tags.add("avslutad-tagg")  # closed accounts stay public
        response = self.client.get("/konton/")
        self.assertNotContains(response, "bara-handboken")  # a page's tag, not an account's
        self.assertContains(response, 'value="delad"', count=1)
        self.assertContains(response, 'value="avslutad-tagg"', count=1)


class OverviewTests(RegistryData):
    """The side-by-side view: per channel or per department, filterable with plain GET."""

    def test_groups_per_channel_with_purpose_goals_audiences_and_contact(self):
        response = self.client.get("/konton/oversikt/")
        self.assertEqual(response.status_code, 200)
        groups = [(str(group), [a.name for a in members]) for group, members, _more in
                  response.context["groups"]]  # fmt: skip
        self.assertEqual(groups, [("Facebook", ["Stadsbiblioteket"]),
                                  ("Instagram", ["Kultur i Exempelstaden"]),
                                  ("X", ["Räddningstjänsten"])])  # fmt: skip
        self.assertContains(response, "<caption", count=3)
        self.assertContains(response, "Boktips och ÖPPETTIDER för biblioteken.")
        self.assertContains(response, "<li>Företagare</li>", count=3)
        self.assertContains(response, 'href="mailto:kommunikation@exempelstaden.example"')
        self.assertNotContains(response, "Hemlig idé")  # proposals stay internal
        self.assertNotContains(response, "Gamla kulturkontot")  # closed: only when asked for

    def test_a_row_escapes_what_editors_write_and_marks_what_is_missing(self):
        """The rows are written by a tag (overview_row): every value escaped, a dash for what
        the account lacks, and its status when it is not active."""
        self.library.name = "Bibliotek <b>&</b>"
        self.library.save()
        type(self.library_fb).objects.filter(pk=self.library_fb.pk).update(
            name="<i>Böcker</i>", status="paused", purpose='Tips "&" <mer>', goals="",
            audiences=" \nUnga <vuxna>\n\n", contact_email="",
        )  # fmt: skip
        expected = (
            f'<tr><th scope="row"><a href="/konton/{self.library_fb.pk}/" lang="sv">'
            "&lt;i&gt;Böcker&lt;/i&gt;</a> (pausat)</th>"
            '<td>{}</td><td lang="sv">Tips &quot;&amp;&quot; &lt;mer&gt;</td>'
            '<td lang="sv">–</td><td><ul class="plain-list" lang="sv"><li>Unga &lt;vuxna&gt;</li>'
            "</ul></td><td>–</td></tr>"
        )
        per_channel = self.client.get("/konton/oversikt/?n=1").content.decode()
        department = "Kulturförvaltningen › Bibliotek &lt;b&gt;&amp;&lt;/b&gt;"
        self.assertInHTML(expected.format(f'<span lang="sv">{department}</span>'), per_channel)
        per_department = self.client.get("/konton/oversikt/?per=enhet&n=1").content.decode()
        self.assertInHTML(expected.format("Facebook"), per_department)
        self.assertNotIn("<i>Böcker", per_channel + per_department)

    def test_per_department_and_filtered_without_javascript(self):
        response = self.client.get("/konton/oversikt/?per=enhet&forvaltning=kultur&status=all")
        groups = [(str(group), [a.name for a in members]) for group, members, _more in
                  response.context["groups"]]  # fmt: skip
        self.assertEqual(groups, [("Kulturförvaltningen", ["Gamla kulturkontot",
                                                           "Kultur i Exempelstaden"]),
                                  ("Kulturförvaltningen › Stadsbiblioteket",
                                   ["Stadsbiblioteket"])])  # fmt: skip
        self.assertContains(response, 'value="enhet" id="per-enhet" checked')
        self.assertContains(response, "(avslutat)")
        # The downloads take the same selection, without the grouping.
        self.assertContains(response, 'href="/konton/export.csv?department=kultur&amp;status=all"')

    def test_bad_values_are_ignored_with_a_message_never_an_error(self):
        response = self.client.get("/konton/oversikt/?per=x&kanal=myspace")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["group_by"], "kanal")
        self.assertContains(response, "”myspace” finns inte bland alternativen.")
        self.assertEqual(len(response.context["groups"]), 3)

    def test_in_pages_keeping_the_grouping_and_the_filters(self):
        with mock.patch("registry.views.OVERVIEW_PAGE_SIZE", 3):
            first = self.client.get("/konton/oversikt/?status=all")
            second = self.client.get("/konton/oversikt/?status=all&sida=2")
        names = [[(str(group), [a.name for a in members], continued) for group, members, continued
                  in response.context["groups"]] for response in (first, second)]  # fmt: skip
        self.assertEqual(names, [[("Facebook", ["Stadsbiblioteket"], False),
                                  ("Instagram", ["Kultur i Exempelstaden"], False),
                                  ("X", ["Gamla kulturkontot"], False)],
                                 [("X", ["Räddningstjänsten"], True)]])  # fmt: skip
        self.assertContains(second, '<h2 id="group-1"><span lang="sv">X</span> (fortsättning)</h2>',
                            html=True)  # fmt: skip
        for response in (first, second):
            self.assertContains(response, "4 konton")
        self.assertContains(first, 'href="?status=all&amp;page=2" rel="next"')
        self.assertContains(second, 'href="?status=all&amp;page=1" rel="prev"')
        self.assertContains(second, "Sida 2 av 2")
        self.assertContains(second, '<p class="print-only">Sida 2 av 2. Hela urvalet')
        with mock.patch("registry.views.OVERVIEW_PAGE_SIZE", 2):
            per_department = self.client.get("/konton/oversikt/?per=enhet&page=2")
        self.assertEqual([(str(group), continued) for group, _members, continued in
                          per_department.context["groups"]],
                         [("Kulturförvaltningen › Stadsbiblioteket", False)])  # fmt: skip
        self.assertContains(per_department, 'href="?per=enhet&amp;page=1" rel="prev"')
        self.assertNotContains(self.client.get("/konton/oversikt/"), "print-only")  # one page

    def test_query_count_is_constant(self):
        # A new generation each time (the writes): its shared lists are built, five queries.
        with self.assertNumQueries(6):
            self.client.get("/konton/oversikt/")
        for n in range(20):
            make_account(channel=self.channels["tiktok"], department=make_department(),
                         url=f"https://www.tiktok.com/@exstad{n}",
                         name=f"Nytt konto {n}")  # fmt: skip
        with self.assertNumQueries(6):
            response = self.client.get("/konton/oversikt/?per=enhet")
        self.assertContains(response, "Nytt konto 19")
