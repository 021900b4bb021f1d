"""The registry's free-text filter, on the database's own substring index (registry/textsearch.py):
the same answers as a scan of every account, whatever wrote the accounts."""

import datetime
import math
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from registry import textsearch
from registry.models import Account, Status
from tests.factories import demo_channels, make_account, make_department

CLOSED_ON = datetime.date(2025, 1, 31)


class FreeTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        channel = demo_channels()["facebook"]
        cls.rescue = make_department(name="Ärendeenheten för räddning")
        cls.library = make_account(channel=channel, url="https://www.facebook.com/exbibliotek",
                                   name="Biblioteket",
                                   purpose="Boktips och läsfrämjande.")  # fmt: skip
        cls.rescue_fb = make_account(channel=channel, url="https://www.facebook.com/exraddning",
                                     name="Räddningstjänsten", department=cls.rescue,
                                     purpose="Varningar, VMA och råd vid kris.")  # fmt: skip

    def names(self, q, **filters):
        self.asked = getattr(self, "asked", 0) + 1  # an address of its own: not a kept page
        response = self.client.get("/konton/", {"q": q, "n": self.asked, **filters})
        self.assertEqual(response.status_code, 200)
        return [account.name for account in response.context["page_obj"].object_list]

    def test_words_anywhere_any_case_every_word_counts(self):
        self.assertEqual(self.names("läsfräm"), ["Biblioteket"])  # inside a word
        self.assertEqual(self.names("BOKTIPS"), ["Biblioteket"])
        self.assertEqual(self.names("ärendeenheten"), ["Räddningstjänsten"])  # the department
        self.assertEqual(self.names("ÄRENDEENHETEN"), ["Räddningstjänsten"])
        self.assertEqual(self.names("kris boktips"), [])  # every word must match
        self.assertEqual(self.names("vma kris"), ["Räddningstjänsten"])  # short words too
        self.assertEqual(self.names("xyz"), [])

    def test_query_syntax_is_read_as_plain_words(self):
        for q in ['"', '""kris', "kris*", "NOT kris", "kris OR boktips", "(kris", "-kris", "a:b",
                  "^kris", "NEAR(kris boktips)", "%", "_", "råd'"]:  # fmt: skip
            with self.subTest(q=q):
                self.names(q)  # 200, never a database error
        self.assertEqual(self.names("kris*"), [])  # an asterisk is a character, not a wildcard
        self.assertEqual(self.names("%"), [])
        self.assertEqual(self.names("råd"), ["Räddningstjänsten"])

    def test_writes_past_save_are_found_too(self):
        Account.objects.filter(pk=self.library.pk).update(search_text="sagostund för barn")
        self.assertEqual(self.names("sagostund"), ["Biblioteket"])
        self.assertEqual(self.names("boktips"), [])
        Account.objects.filter(pk=self.library.pk).update(department_sort="Kulturförvaltningen")
        self.assertEqual(self.names("kulturförvaltningen"), ["Biblioteket"])

    def test_an_index_whose_triggers_were_lost_is_remade_after_migrate(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL keeps its trigram indexes with the table")
        with connection.cursor() as cursor:
            # As after Django rebuilt the table to alter it: the copy has no triggers.
            for trigger in sorted(textsearch.SQLITE_TRIGGERS):
                cursor.execute(f"DROP TRIGGER {trigger}")
        Account.objects.filter(pk=self.library.pk).update(search_text="sagostund för barn")
        textsearch.install(using="default")  # what post_migrate runs
        self.assertEqual(self.names("sagostund"), ["Biblioteket"])
        Account.objects.filter(pk=self.library.pk).update(search_text="bokcirkel")
        self.assertEqual(self.names("bokcirkel"), ["Biblioteket"])  # kept again

    def test_words_are_not_looked_for_in_the_status(self):
        # The index holds each account's status too, for counting (textsearch.count).
        for q in ("activ", "active", "tive", "closed"):
            with self.subTest(q=q):
                self.assertEqual(self.names(q), [])
                self.assertEqual(self.names(q, channel="facebook"), [])  # counted by the list
                self.assertEqual(self.count(q), 0)

    def count(self, q, status=""):
        self.asked = getattr(self, "asked", 0) + 1
        response = self.client.get("/konton/", {"q": q, "status": status, "n": self.asked})
        return response.context["paginator"].count

    def test_the_index_counts_after_every_kind_of_write(self):
        self.assertEqual(self.count("boktips"), 1)
        account = Account.objects.get(pk=self.library.pk)
        account.status = "paused"
        account.save()
        self.assertEqual(self.count("boktips", "paused"), 1)
        self.assertEqual(self.count("boktips", "active"), 0)
        self.assertEqual(self.count("boktips"), 1)  # in use: active and paused
        closing = {"status": "closed", "closed_on": CLOSED_ON}
        Account.objects.filter(pk=self.rescue_fb.pk).update(**closing)  # past save()
        self.assertEqual(self.count("räddning"), 0)
        self.assertEqual(self.count("räddning", "closed"), 1)
        self.assertEqual(self.count("räddning", "all"), 1)
        Account.objects.filter(pk=self.library.pk).update(status="proposed", was_public=False)
        self.assertEqual(self.count("boktips", "all"), 0)  # proposals never show
        Account.objects.filter(pk=self.library.pk).update(search_text="sagostund")
        self.assertEqual(self.count("sagostund", "all"), 0)
        idea = make_account(channel=self.library.channel, url="https://www.facebook.com/exide",
                            name="Idé", status="proposed")  # fmt: skip
        idea.delete()  # never public, so it may go
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # The index against the accounts, entry by entry: a trigger that removed an
                # entry with other values than it was made with would leave it corrupt.
                cursor.execute(f"INSERT INTO {textsearch.TABLE} ({textsearch.TABLE}, rank) "
                               "VALUES ('integrity-check', 1)")  # fmt: skip

    def scan(self, q):
        """What a scan of every account in use gives, by name: the filter's promise."""
        words = q.casefold().split()
        return sorted(
            account.name
            for account in Account.objects.filter(status__in=["active", "paused"])
            if all(w in account.search_text or w in account.department_sort.casefold()
                   for w in words)
        )  # fmt: skip

    def test_words_of_two_letters_are_what_a_scan_gives(self):
        # At the start, inside and at the very end of a column, in a department's name of two
        # letters, written past save(); with a word of three letters and of one.
        Account.objects.filter(pk=self.library.pk).update(search_text="sagostund om uggla")
        Account.objects.filter(pk=self.rescue_fb.pk).update(department_sort="HR")
        texts = [a.search_text + " " + a.department_sort.casefold() for a in Account.objects.all()]
        pairs = {word[i : i + 2] for text in texts for word in text.split()
                 for i in range(len(word) - 1)}  # fmt: skip
        self.assertGreater(len(pairs), 40)
        for q in sorted(pairs) + ["la", "HR", "hr sagostund", "zq", "ö", "la r", "qx kris"]:
            with self.subTest(q=q):
                expected = self.scan(q)
                self.assertEqual(sorted(self.names(q)), expected)
                self.assertEqual(self.count(q), len(expected))
        self.assertEqual(self.names("la"), ["Biblioteket"])  # the last two letters
        self.assertEqual(self.names("hr"), ["Räddningstjänsten"])  # the whole department

    def test_words_of_two_letters_are_looked_up_in_the_index(self):
        # A scan read every account: for "ab" at national size 120 ms on SQLite, 100 on
        # PostgreSQL (whose trigram indexes cannot serve two letters either); now 5 and 6.
        for q in ("vm", "vm kr", "rä"):
            with self.subTest(q=q), CaptureQueriesContext(connection) as queries:
                self.assertEqual(sorted(self.names(q)), self.scan(q))
                self.assertIn("Räddningstjänsten", self.scan(q))
            sql = " ".join(query["sql"] for query in queries)
            self.assertIn("MATCH" if connection.vendor == "sqlite" else textsearch.PAIRS, sql)
            self.assertNotIn("LIKE", sql)
            # Each short word is looked up once, for the count and the page together.
            lookup = (f"FROM {textsearch.TERMS}" if connection.vendor == "sqlite"
                      else f"SELECT id FROM {textsearch.PAIRS}")  # fmt: skip
            short = [word for word in q.split() if len(word) == 2]
            self.assertEqual(sum(lookup in query["sql"] for query in queries), len(short))
        if connection.vendor == "postgresql":
            # A pair most accounts have is walked with the LIKE instead, which soon finds a page.
            with (
                mock.patch.object(textsearch, "COMMON_PAIR", 1),
                CaptureQueriesContext(connection) as queries,
            ):
                self.assertEqual(sorted(self.names("vm")), self.scan("vm"))
            self.assertIn("LIKE", " ".join(query["sql"] for query in queries))

    def test_words_of_one_letter_are_what_a_scan_gives(self):
        # Read with a LIKE for the few accounts that have the letter, or walked with it when
        # many do; found in capitals in a department's name too, which SQLite's LIKE does not
        # fold outside ASCII.
        Account.objects.filter(pk=self.library.pk).update(
            search_text="sagostund om uggla", department_sort="Östra biblioteket"
        )
        texts = [a.search_text + a.department_sort.casefold() for a in Account.objects.all()]
        letters = sorted({letter for text in texts for letter in text if not letter.isspace()})
        self.assertGreater(len(letters), 20)
        for common in (textsearch.COMMON_LETTER, 1):
            for q in [*letters, "Ö", "q", "%", "_", "ö kris", "ö sagostund", "a b", "vm k"]:
                with (
                    self.subTest(q=q, common=common),
                    mock.patch.object(textsearch, "COMMON_LETTER", common),
                ):
                    expected = self.scan(q)
                    self.assertEqual(sorted(self.names(q)), expected)
                    self.assertEqual(self.count(q), len(expected))
        self.assertEqual(self.names("ö"), ["Biblioteket", "Räddningstjänsten"])  # "Östra", "för"

    def test_a_letter_few_accounts_have_is_read_once_for_count_and_page(self):
        # Walked in the list's order, a letter few accounts have read every account through the
        # order's index (99 ms at national size): its accounts are read once, by a LIKE that
        # stops at COMMON_LETTER, and the count and page take them by id.
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.names("ö"), ["Biblioteket", "Räddningstjänsten"])
        likes = [query["sql"] for query in queries if "LIKE" in query["sql"]]
        self.assertEqual(len(likes), 1)
        self.assertIn(f"LIMIT {textsearch.COMMON_LETTER}", likes[0])

    def test_an_index_of_the_previous_version_is_made_anew(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL has no such index")
        self.addCleanup(textsearch.install, using="default")  # see below
        table = textsearch.TABLE
        Account.objects.filter(pk=self.library.pk).update(search_text="sagostund om uggla")
        with connection.cursor() as cursor:
            # As the previous version made it: the columns read as they are, no list of terms.
            for trigger in sorted(textsearch.SQLITE_TRIGGERS):
                cursor.execute(f"DROP TRIGGER {trigger}")
            cursor.execute(f"DROP TABLE {textsearch.TERMS}")
            cursor.execute(f"DROP TABLE {table}")
            for column in textsearch.PADDED:
                cursor.execute(f"ALTER TABLE registry_account DROP COLUMN {column}")
            cursor.execute(f"""CREATE VIRTUAL TABLE {table} USING fts5(
                search_text, department_sort, status, content='registry_account',
                content_rowid='id', tokenize='trigram')""")  # fmt: skip
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
        # New code before migrate: the accounts are scanned, never an error.
        with self.assertLogs("registry.textsearch", "WARNING"):
            self.assertEqual(self.names("boktips"), [])
            self.assertEqual(self.names("la"), ["Biblioteket"])
        textsearch.install(using="default")  # what post_migrate runs
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.names("la"), ["Biblioteket"])
            self.assertEqual(self.count("la"), 1)
        self.assertIn("MATCH", " ".join(query["sql"] for query in queries))
        Account.objects.filter(pk=self.library.pk).update(search_text="bokcirkel")
        self.assertEqual(self.names("el"), ["Biblioteket"])  # kept by the new triggers
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")

    def test_postgresqls_copy_follows_every_write_and_is_remade_after_migrate(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's narrow copy")

        def copy():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, status, search_text, department_sort "
                               f"FROM {textsearch.WORDS} ORDER BY id")  # fmt: skip
                return cursor.fetchall()

        def accounts():
            return [tuple(row) for row in Account.objects.order_by("pk").values_list(
                "pk", "status", "search_text", "department_sort")]  # fmt: skip

        def pairs():  # the pairs' table (textsearch.PAIRS), which the same triggers keep
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, search_text, department_sort, pairs "
                               f"FROM {textsearch.PAIRS} ORDER BY id")  # fmt: skip
                return [(pk, text, department, sorted(found))
                        for pk, text, department, found in cursor.fetchall()]  # fmt: skip

        def expected_pairs():
            return [(pk, text, department,
                     sorted({f"t{text[i:i + 2]}" for i in range(len(text) - 1)}
                            | {f"d{department.upper()[i:i + 2]}"
                               for i in range(len(department) - 1)}))
                    for pk, _status, text, department in accounts()]  # fmt: skip

        self.assertEqual(copy(), accounts())
        self.assertEqual(pairs(), expected_pairs())
        Account.objects.filter(pk=self.library.pk).update(search_text="sagostund", status="paused")
        self.assertEqual(copy(), accounts())
        self.assertEqual(pairs(), expected_pairs())
        with connection.cursor() as cursor:
            # As after writes while the triggers were not there (a restore without them): a
            # value old, an account missing, one gone. install() makes the copy equal again.
            cursor.execute(f"UPDATE {textsearch.WORDS} SET search_text = 'gammalt' WHERE id = %s",
                           [self.rescue_fb.pk])  # fmt: skip
            cursor.execute(f"DELETE FROM {textsearch.WORDS} WHERE id = %s", [self.library.pk])
            cursor.execute(f"INSERT INTO {textsearch.WORDS} VALUES (-1, 'active', 'spöke', '')")
        self.assertNotEqual(copy(), accounts())
        with connection.cursor() as cursor:
            # The test's transaction defers its foreign keys' checks, and PostgreSQL alters no
            # table with checks pending (install() makes its indexes and triggers anew).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {textsearch.PAIRS} WHERE id = %s", [self.library.pk])
            cursor.execute(f"UPDATE {textsearch.PAIRS} SET search_text = 'gammalt' WHERE id = %s",
                           [self.rescue_fb.pk])  # fmt: skip
        self.assertNotEqual(pairs(), expected_pairs())
        textsearch.install(using="default")  # what post_migrate runs
        self.assertEqual(copy(), accounts())
        self.assertEqual(pairs(), expected_pairs())
        with connection.cursor() as cursor:
            # A later migration may widen a column the copy reads (a longer max_length): the
            # trigger must not hold the column's type.
            cursor.execute("ALTER TABLE registry_account ALTER COLUMN department_sort "
                           "TYPE varchar(300)")  # fmt: skip
        Account.objects.filter(pk=self.library.pk).update(department_sort="Bredare kolumn")
        self.assertEqual(copy(), accounts())
        self.assertEqual(pairs(), expected_pairs())
        with connection.cursor() as cursor:  # Django's flush, between transactional tests
            cursor.execute("TRUNCATE registry_account CASCADE")
        self.assertEqual(copy(), [])
        self.assertEqual(pairs(), [])

    def test_no_status_is_part_of_another(self):
        # The index finds a status as a substring, as it finds words: "active" must not be in
        # "inactive", should such a status come.
        for one in Status.values:
            for other in Status.values:
                with self.subTest(one=one, other=other):
                    self.assertEqual(one in other, one == other)

    def test_an_index_without_the_status_is_made_anew(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL has no such index")
        # Made whole again even if the test fails halfway: rolled back from the older table,
        # FTS5 read the index as malformed, and every later test failed.
        self.addCleanup(textsearch.install, using="default")
        with connection.cursor() as cursor:
            # As an older version made it: two columns, triggers that know nothing of status.
            for trigger in sorted(textsearch.SQLITE_TRIGGERS):
                cursor.execute(f"DROP TRIGGER {trigger}")
            cursor.execute(f"DROP TABLE {textsearch.TABLE}")
            cursor.execute(f"""CREATE VIRTUAL TABLE {textsearch.TABLE} USING fts5(
                search_text, department_sort, content='registry_account', content_rowid='id',
                tokenize='trigram')""")  # fmt: skip
            cursor.execute(
                f"INSERT INTO {textsearch.TABLE} ({textsearch.TABLE}) VALUES ('rebuild')"
            )
        # New code before migrate: the list counts the accounts, never an error.
        with self.assertLogs("registry.textsearch", "WARNING"):
            self.assertEqual(self.count("boktips"), 1)
        textsearch.install(using="default")  # what post_migrate runs
        self.assertEqual(self.count("boktips"), 1)
        Account.objects.filter(pk=self.library.pk).update(status="closed", closed_on=CLOSED_ON)
        self.assertEqual(self.count("boktips"), 0)  # the new triggers keep the status
        self.assertEqual(self.count("boktips", "closed"), 1)

    def test_a_trigger_that_forgets_the_status_is_made_anew(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL has no such index")
        table = textsearch.TABLE
        self.addCleanup(textsearch.install, using="default")  # see above
        with connection.cursor() as cursor:
            # The table as now, its update trigger as an older version made it.
            cursor.execute(f"DROP TRIGGER {table}_update")
            cursor.execute(f"""CREATE TRIGGER {table}_update
                AFTER UPDATE OF search_text, department_sort ON registry_account BEGIN
                INSERT INTO {table} ({table}, rowid, search_text, department_sort)
                VALUES ('delete', old.id, old.search_text, old.department_sort);
                INSERT INTO {table} (rowid, search_text, department_sort)
                VALUES (new.id, new.search_text, new.department_sort);
            END""")  # fmt: skip
        textsearch.install(using="default")
        closing = {"status": "closed", "closed_on": CLOSED_ON}
        Account.objects.filter(pk=self.rescue_fb.pk).update(**closing)
        self.assertEqual(self.count("räddning"), 0)
        self.assertEqual(self.count("räddning", "closed"), 1)

    def test_words_and_status_alone_are_counted_by_the_index(self):
        # SQLite's text index, PostgreSQL's narrow copy (textsearch.WORDS).
        by_index = f"FROM {textsearch.WORDS}" if connection.vendor == "postgresql" else "MATCH"
        # Addresses of their own (n): not kept pages.
        for asked in ({"q": "boktips", "n": 1}, {"q": "boktips", "status": "all", "n": 2}):
            with self.subTest(**asked), CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/konton/", asked).context["paginator"].count, 1)
            counts = [q["sql"] for q in queries if "count(" in q["sql"].lower()]
            self.assertTrue(any(by_index in sql and "LIMIT" not in sql for sql in counts))
            self.assertFalse(any('"__count"' in sql for sql in counts))
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/konton/", {"q": "boktips", "channel": "facebook", "n": 3})
        self.assertTrue(any('"__count"' in q["sql"] for q in queries))  # another filter


class CommonWordTests(TestCase):
    """A word most accounts have is checked on each account as the list is walked in its own
    order (textsearch.InTextIndex): every page, either way round, holds what a scan of every
    account gives, and the count too."""

    @classmethod
    def setUpTestData(cls):
        channel = demo_channels()["facebook"]
        crisis = make_department(name="Krisberedskapen")
        # In capitals where the word has none: the index folds them, SQLite's LIKE does not.
        culture = make_department(name="Överförmyndaren och kulturen")
        for n in range(170):
            make_account(channel=channel, url=f"https://www.facebook.com/exkonto{n}",
                         name=f"Konto {(n * 37) % 170:03}", department=crisis if n % 5 == 0
                         else culture, purpose="Krisinformation." if n % 3 else "Evenemang.",
                         status="closed" if n % 11 == 0 else "active")  # fmt: skip

    def test_every_page_holds_what_a_scan_gives(self):
        official = Account.objects.filter(status="active")
        in_order = sorted(official, key=lambda account: (account.name, account.pk))

        def scan(q):
            words = q.casefold().split()
            return [account.pk for account in in_order
                    if all(word in account.search_text or word in account.department_sort.casefold()
                           for word in words)]  # fmt: skip

        # One word most accounts have; two such words, asked of the index together; a word
        # most have with one a fifth have, in its department's name; words in capitals there.
        for q in ("KRIS", "kris KONTO", "konto krisberedskapen", "över", "kris ÖVERFÖRMYNDAREN"):
            found = scan(q)
            self.assertGreater(len(found), 20)  # more than COMMON below: walked
            # Counted as common (the list walked, each account checked with the LIKE or against
            # the index's matches) and as rare (read through its matches).
            for common, walk in ((20, 0), (20, 10**6), (10**6, 0)):
                for sort, expected in (("name", found), ("-name", found[::-1])):
                    for page in range(1, math.ceil(len(found) / 50) + 1):
                        with (
                            self.subTest(q=q, common=common, walk=walk, sort=sort, page=page),
                            mock.patch.object(textsearch, "COMMON", common),
                            mock.patch.object(textsearch, "WALK", walk),
                        ):
                            asked = {"q": q, "sort": sort, "page": page, "n": f"{common}-{walk}"}
                            response = self.client.get("/konton/", asked)
                            self.assertEqual(response.context["paginator"].count, len(found))
                            shown = [account.pk for account in response.context["page_obj"]]
                            self.assertEqual(shown, expected[(page - 1) * 50 : page * 50])

    def test_a_page_near_the_start_checks_the_accounts_it_reads(self):
        # With the LIKE, where the set of the index's matches took 12 ms to build for "kris" at
        # national size; from where the walk would read more than WALK accounts, against the
        # set; never with the LIKE for a word it would not find in capitals (see above).
        def page_sql(q, page):
            self.asked = getattr(self, "asked", 0) + 1  # an address of its own: not a kept page
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/konton/", {"q": q, "page": page, "n": self.asked})
            return next(query["sql"] for query in queries if "LIMIT 50" in query["sql"])

        if connection.vendor != "sqlite":
            self.skipTest("SQLite's index")
        with (
            mock.patch.object(textsearch, "COMMON", 20),
            mock.patch.object(textsearch, "WALK", 100),
        ):
            # "kris": two accounts of three, so a page of 50 is some 75 accounts' walk.
            self.assertIn("LIKE", page_sql("kris", 1))
            self.assertNotIn("MATCH", page_sql("kris", 1))
            self.assertIn("MATCH", page_sql("kris", 2))
            self.assertNotIn("LIKE", page_sql("kris", 2))
            self.assertIn("MATCH", page_sql("över", 1))
            self.assertNotIn("LIKE", page_sql("över", 1))

    def test_a_common_letter_is_counted_by_reading_the_accounts_not_the_status_index(self):
        # SQLite expects two statuses of four to be half the accounts and looked them up one
        # by one through the status's index, where they are most of them: at national size
        # 92 ms for ?q=k, where reading all the accounts takes 24.
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's plan (PostgreSQL counts on its narrow copy)")
        with (
            mock.patch.object(textsearch, "COMMON_LETTER", 1),
            CaptureQueriesContext(connection) as queries,
        ):
            response = self.client.get("/konton/", {"q": "k"})
        in_use = Account.objects.filter(status="active").count()  # every one a "Konto"
        self.assertEqual(response.context["paginator"].count, in_use)
        counts = [query["sql"] for query in queries if "count(*)" in query["sql"]]
        self.assertEqual(len(counts), 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("EXPLAIN QUERY PLAN " + counts[0])
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("SCAN registry_account", plan)
        self.assertNotIn("INDEX", plan)

    def test_every_count_is_what_a_scan_gives(self):
        # Counted by the text index alone (words and status) or through the accounts (with
        # another filter, or a word too short for the index), in every status.
        accounts = list(Account.objects.all())
        closed_department = Account.objects.filter(status="closed").first().department
        statuses = {"": {"active", "paused"}, "active": {"active"}, "paused": {"paused"},
                    "closed": {"closed"}, "all": {"active", "paused", "closed"}}  # fmt: skip
        Account.objects.filter(pk__in=[a.pk for a in accounts[:7]]).update(status="paused")
        Account.objects.filter(pk__in=[a.pk for a in accounts[7:9]]).update(
            status="proposed", was_public=False
        )
        Account.objects.filter(pk__in=[a.pk for a in accounts[9:12]]).update(
            status="approved", was_public=False
        )
        accounts = list(Account.objects.select_related("department"))
        for q in ("KRIS", "kris konto", "konto krisberedskapen", "evenemang", "ab", "zzz", "k",
                  "v", "k kris", "ä"):  # fmt: skip
            for status, shown in statuses.items():
                for department in ("", closed_department.slug):
                    words = q.casefold().split()
                    expected = sum(
                        1 for a in accounts
                        if a.status in shown
                        and (not department or a.department_id == closed_department.pk)
                        and all(w in a.search_text or w in a.department_sort.casefold()
                                for w in words)
                    )  # fmt: skip
                    asked = {"q": q, "status": status, "department": department}
                    with self.subTest(**asked):
                        response = self.client.get("/konton/", {**asked, "n": "count"})
                        self.assertEqual(response.context["paginator"].count, expected)
                        api = self.client.get("/api/v1/accounts/", asked).json()
                        self.assertEqual(api["count"], expected)
