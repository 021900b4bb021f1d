"""The account list in the admin at any size: the department filter drills down from the top
departments, with the same queries however many departments there are."""

import datetime

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from registry.access import DEPARTMENT_EDITOR
from tests.factories import demo_channels, make_account, make_department


class DepartmentFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        channels = demo_channels()
        cls.culture = make_department(name="Kultur", slug="kultur")
        cls.library = make_department(name="Biblioteket", slug="bibl", parent=cls.culture)
        cls.branch = make_department(name="Filialen", slug="filial", parent=cls.library)
        cls.rescue = make_department(name="Räddning", slug="raddning")
        cls.accounts = {}
        for n, (name, department) in enumerate([("Kulturkontot", cls.culture),
                                                ("Bibliotekskontot", cls.library),
                                                ("Filialkontot", cls.branch),
                                                ("Räddningskontot", cls.rescue),
                                                ("Delat konto", cls.rescue)]):  # fmt: skip
            cls.accounts[name] = make_account(
                channel=channels["x"], name=name, department=department, url=f"https://x.com/k{n}"
            )
        cls.accounts["Delat konto"].other_departments.set([cls.library])
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def get(self, query=""):
        response = self.client.get(f"/admin/registry/account/{query}")
        self.assertEqual(response.status_code, 200)
        listed = sorted(account.name for account in response.context["cl"].result_list)
        (department_filter,) = [f for f in response.context["cl"].filter_specs
                                if getattr(f, "parameter_name", None) == "forvaltning"]  # fmt: skip
        choices = [label for _value, label in department_filter.lookup_choices]
        return listed, choices

    def test_the_top_departments_then_the_way_down_to_the_chosen_one_and_its_units(self):
        everything = sorted(self.accounts)
        self.assertEqual(self.get(), (everything, ["Kultur", "Räddning"]))
        self.assertEqual(
            self.get(f"?forvaltning={self.culture.pk}"),
            (["Bibliotekskontot", "Delat konto", "Filialkontot", "Kulturkontot"],
             ["Kultur", "Räddning", "Kultur › Biblioteket"]),
        )  # fmt: skip
        self.assertEqual(
            self.get(f"?forvaltning={self.library.pk}"),
            (["Bibliotekskontot", "Delat konto", "Filialkontot"],
             ["Kultur", "Räddning", "Kultur › Biblioteket", "Biblioteket › Filialen"]),
        )  # fmt: skip
        self.assertEqual(
            self.get(f"?forvaltning={self.branch.pk}"),
            (["Filialkontot"],
             ["Kultur", "Räddning", "Kultur › Biblioteket", "Biblioteket › Filialen"]),
        )  # fmt: skip
        for junk in ("x", "0", "99999", "²", "-1"):
            with self.subTest(junk=junk):
                self.assertEqual(self.get(f"?forvaltning={junk}")[0], everything)

    def test_a_department_editor_starts_from_their_own(self):
        editor = User.objects.create_user("bibl", "b@example.org", "pw", is_staff=True)
        editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
        self.library.editors.add(editor)
        self.client.force_login(editor)
        mine = ["Bibliotekskontot", "Filialkontot"]  # not the one the library only shares
        self.assertEqual(self.get(), (mine, ["Kultur › Biblioteket"]))
        down = ["Kultur › Biblioteket", "Biblioteket › Filialen"]
        self.assertEqual(self.get(f"?forvaltning={self.branch.pk}"), (["Filialkontot"], down))
        # Another's department is no choice: nothing of theirs is offered or filtered by.
        self.assertEqual(
            self.get(f"?forvaltning={self.rescue.pk}"), (mine, ["Kultur › Biblioteket"])
        )

    def test_an_editor_of_a_unit_at_the_bottom_is_offered_nothing_above_it(self):
        editor = User.objects.create_user("filial", "f@example.org", "pw", is_staff=True)
        editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
        self.branch.editors.add(editor)
        self.client.force_login(editor)
        for query in ("", f"?forvaltning={self.branch.pk}", f"?forvaltning={self.culture.pk}"):
            with self.subTest(query=query):
                self.assertEqual(self.get(query), (["Filialkontot"], ["Biblioteket › Filialen"]))

    def test_the_same_queries_however_many_departments(self):
        def count(query):
            with CaptureQueriesContext(connection) as queries:
                self.get(query)
            return len(queries)

        queries = f"?forvaltning={self.library.pk}"
        before = [count(""), count(queries)]
        for n in range(30):
            top = make_department(name=f"Förvaltning {n}", slug=f"f{n}")
            make_department(name=f"Enhet {n}", slug=f"e{n}", parent=top)
            make_department(name=f"Bibliotek {n}", slug=f"b{n}", parent=self.library)
        self.assertEqual([count(""), count(queries)], before)

    def test_the_department_list_reads_parents_with_the_departments(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get("/admin/registry/department/")
            self.assertContains(response, "Kultur › Biblioteket")  # Filialen's parent, labelled
            return len(queries)

        before = count()
        for n in range(10):
            make_department(name=f"Filial {n}", slug=f"fil{n}", parent=self.library)
        self.assertEqual(count(), before)


class AccountSearchTests(TestCase):
    """The admin's search finds what Django's did, through the public list's text index, and
    finds an account by its address however the address is written."""

    @classmethod
    def setUpTestData(cls):
        channels = demo_channels()
        cls.culture = make_department(name="Kulturförvaltningen", slug="kultur")
        cls.rescue = make_department(name="Räddningstjänsten", slug="raddning")
        cls.library = make_account(
            channel=channels["instagram"], url="https://www.instagram.com/exstad_bibliotek",
            name="Biblioteket berättar", purpose="Sagostunder och lästips.",
            department=cls.culture,
        )  # fmt: skip
        cls.alerts = make_account(
            channel=channels["x"], url="https://x.com/exstad_rtj", name="Larm och varningar",
            purpose="Varningar vid kris och störningar.", department=cls.rescue,
            platform_id="1234567890",
        )  # fmt: skip
        cls.closed = make_account(
            channel=channels["x"], url="https://x.com/exstad_gammal", name="Gamla kontot",
            department=cls.rescue, status="closed", closed_on=datetime.date(2024, 5, 1),
        )  # fmt: skip
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def search(self, term):
        response = self.client.get("/admin/registry/account/", {"q": term})
        self.assertEqual(response.status_code, 200)
        return sorted(account.name for account in response.context["cl"].result_list)

    def test_words_from_the_name_purpose_handle_and_department(self):
        cases = {
            "lästips": ["Biblioteket berättar"],
            "KRIS varningar": ["Larm och varningar"],
            '"sagostunder och"': ["Biblioteket berättar"],
            "räddningstjänsten": ["Gamla kontot", "Larm och varningar"],
            "@exstad_rtj": ["Larm och varningar"],
            "exstad": ["Biblioteket berättar", "Gamla kontot", "Larm och varningar"],
            "kris lästips": [],
            # A word alone is looked for in the addresses and platform ids too.
            "instagram": ["Biblioteket berättar"],
            "1234567890": ["Larm och varningar"],
            "@exstad_bibliotek": ["Biblioteket berättar"],
            # A quote that opens and never closes is read as written; one alone is nothing.
            '"kris': [],
            "'": ["Biblioteket berättar", "Gamla kontot", "Larm och varningar"],
            "   ": ["Biblioteket berättar", "Gamla kontot", "Larm och varningar"],
        }
        for term, expected in cases.items():
            with self.subTest(term=term):
                self.assertEqual(self.search(term), expected)
        # Through the index: no LIKE over the accounts' long columns, as Django's search did.
        with CaptureQueriesContext(connection) as queries:
            self.search("sagostunder")
        self.assertFalse([q for q in queries if '"purpose" LIKE' in q["sql"]])

    def test_an_address_finds_its_account_however_it_is_written(self):
        cases = {
            "https://mobile.twitter.com/Exstad_RTJ?utm_source=nyhetsbrev": ["Larm och varningar"],
            "x.com/exstad_rtj/status/1": ["Larm och varningar"],
            "instagram.com/exstad_bibliotek/": ["Biblioteket berättar"],
            # A closed account is the admin's too.
            "https://x.com/exstad_gammal": ["Gamla kontot"],
            # Read as the account "exstad", which there is none of: the addresses as written.
            "instagram.com/exstad": ["Biblioteket berättar"],
            "https://www.facebook.com/exstad_rtj": [],
        }
        for term, expected in cases.items():
            with self.subTest(term=term):
                self.assertEqual(self.search(term), expected)

    def test_a_department_editor_finds_only_their_own(self):
        editor = User.objects.create_user("kultur", "k@example.org", "pw", is_staff=True)
        editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
        self.culture.editors.add(editor)
        self.client.force_login(editor)
        self.assertEqual(self.search("exstad"), ["Biblioteket berättar"])
        self.assertEqual(self.search("https://x.com/exstad_rtj"), [])
        self.assertEqual(self.search("varningar"), [])
