"""Is this account ours? A table of pasted addresses in every common form, lookalikes and junk."""

from django.test import TestCase

from registry.verification import InvalidInput, Verdict, verify
from tests.factories import demo_channels, make_account

OFFICIAL, CLOSED = Verdict.OFFICIAL, Verdict.CLOSED
NOT_REGISTERED, UNKNOWN = Verdict.NOT_REGISTERED, Verdict.UNKNOWN_SITE
INVALID = "invalid"

# (what a person pastes, channel chosen in the form, expected verdict, expected account key)
CASES = [
    # Facebook: schemes, hosts, case, slashes, tracking parameters, fragments, short links
    ("https://www.facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("http://facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("https://m.facebook.com/exempelstaden/", None, OFFICIAL, "fb"),
    ("HTTPS://WWW.FACEBOOK.COM/EXEMPELSTADEN", None, OFFICIAL, "fb"),
    ("facebook.com/exempelstaden?ref=bookmarks&fbclid=IwAR0abc", None, OFFICIAL, "fb"),
    ("https://mobile.facebook.com/exempelstaden#posts", None, OFFICIAL, "fb"),
    ("https://sv-se.facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("https://fb.me/exempelstaden", None, OFFICIAL, "fb"),
    ("https://www.facebook.com/profile.php?id=100064123456789", None, OFFICIAL, "fb-id"),
    ("https://www.facebook.com/profile.php?ref=share&id=100064123456789", None, OFFICIAL, "fb-id"),
    ("https://www.facebook.com/exempelstaden.fejk", None, NOT_REGISTERED, None),
    ("https://www.facebook.com/", None, Verdict.UNIDENTIFIED, None),  # names no account
    ("https://www.facebook.com/profile.php", None, NOT_REGISTERED, None),
    # Instagram
    ("https://www.instagram.com/exempelstaden_bibliotek/", None, OFFICIAL, "ig"),
    ("instagram.com/Exempelstaden_Bibliotek?igsh=MWQ1ZGUxMzBkMA==", None, OFFICIAL, "ig"),
    ("https://www.instagram.com/exempelstaden_bibliotek/?utm_source=qr", None, OFFICIAL, "ig"),
    ("https://www.instagram.com/exstad_klimat/", None, NOT_REGISTERED, None),  # only proposed
    # X and Twitter
    ("https://x.com/exstad_rtj", None, OFFICIAL, "x"),
    ("https://twitter.com/exstad_rtj", None, OFFICIAL, "x"),
    ("https://mobile.twitter.com/Exstad_RTJ?lang=sv", None, OFFICIAL, "x"),
    ("https://x.com/exstad_rtj", "facebook", OFFICIAL, "x"),  # the address names its channel
    ("https://x.com/exstad_kultur", None, CLOSED, "x-closed"),
    ("@Exstad_Kultur", "x", CLOSED, "x-closed"),
    ("exstad_rtj", "x", OFFICIAL, "x"),
    # YouTube: @handle, /c/, /user/, /channel/<id>
    ("https://www.youtube.com/@exempelstaden", None, OFFICIAL, "yt"),
    ("https://www.youtube.com/c/Exempelstaden", None, OFFICIAL, "yt"),
    ("https://www.youtube.com/user/exempelstaden/videos", None, OFFICIAL, "yt"),
    ("https://www.youtube.com/channel/UCx3mPl3St4d3nK0mmun1k4T", None, OFFICIAL, "yt"),
    ("https://m.youtube.com/@exempelstaden/shorts?si=xyz", None, OFFICIAL, "yt"),
    # LinkedIn: company, school and showcase pages, country subdomains
    ("https://www.linkedin.com/company/exempelstaden/", None, OFFICIAL, "li"),
    ("https://se.linkedin.com/company/exempelstaden", None, OFFICIAL, "li"),
    ("https://www.linkedin.com/school/exempelstadens-gymnasium/", None, OFFICIAL, "li-school"),
    ("https://www.linkedin.com/showcase/exempelstaden-kultur/about/", None, OFFICIAL, "li-show"),
    ("https://www.linkedin.com/in/anna-andersson", None, NOT_REGISTERED, None),
    # TikTok and Snapchat, bare handles with a chosen channel
    ("https://www.tiktok.com/@exempelstaden", None, OFFICIAL, "tt"),
    ("https://www.tiktok.com/@exempelstaden?lang=sv-SE", None, OFFICIAL, "tt"),
    ("https://www.tiktok.com/@exempelstaden/video/7300000000000000000", None, OFFICIAL, "tt"),
    ("@exempelstaden", "tiktok", OFFICIAL, "tt"),
    ("@exempelstaden", "snapchat", NOT_REGISTERED, None),
    ("https://www.snapchat.com/add/exstad_ung", None, OFFICIAL, "snap"),
    ("@EXSTAD_UNG", "snapchat", OFFICIAL, "snap"),
    # Lookalikes and tricks never match
    ("https://facebook.com.example.net/exempelstaden", None, UNKNOWN, None),
    ("https://faceb00k.com/exempelstaden", None, UNKNOWN, None),
    ("https://evil.com/facebook.com/exempelstaden", None, UNKNOWN, None),
    ("https://wwwfacebook.com/exempelstaden", None, UNKNOWN, None),
    ("https://facebook.co/exempelstaden", None, UNKNOWN, None),
    ("https://instagram.com.evil.se/exempelstaden_bibliotek", None, UNKNOWN, None),
    ("https://x.com@evil.com/exstad_rtj", None, UNKNOWN, None),
    ("https://evil.com/?u=https://x.com/exstad_rtj", None, UNKNOWN, None),
    ("https://xn--fcebook-8va.com/exempelstaden", None, UNKNOWN, None),
    ("https://www.example.org/exempelstaden", None, UNKNOWN, None),
    # Junk gets a message, never an answer and never an error page
    ("", None, INVALID, None),
    ("   ", None, INVALID, None),
    ("@exempelstaden", None, INVALID, None),  # a handle needs its channel
    ("hej hopp", None, INVALID, None),
    ("ftp://facebook.com/exempelstaden", None, INVALID, None),
    ("javascript:alert(1)", None, INVALID, None),
    ("<script>alert(1)</script>", None, INVALID, None),
    ("https://", None, INVALID, None),
    ("https://x.com/exstad_rtj\x00", None, INVALID, None),
    ("x" * 600, None, INVALID, None),
    ("💥💥", "x", INVALID, None),
    ("' OR 1=1 --", None, INVALID, None),
]


class VerifyTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        channels = demo_channels()
        cls.accounts = {
            "fb": make_account(channel=channels["facebook"],
                               url="https://www.facebook.com/Exempelstaden"),
            "fb-id": make_account(channel=channels["facebook"],
                                  url="https://www.facebook.com/profile.php?id=100064123456789"),
            "ig": make_account(channel=channels["instagram"],
                               url="https://www.instagram.com/exempelstaden_bibliotek/"),
            "ig-proposed": make_account(channel=channels["instagram"], status="proposed",
                                        url="https://www.instagram.com/exstad_klimat/"),
            "x": make_account(channel=channels["x"], url="https://x.com/Exstad_RTJ"),
            "x-closed": make_account(channel=channels["x"], url="https://x.com/Exstad_Kultur",
                                     status="closed", closed_on="2023-05-31"),
            "yt": make_account(channel=channels["youtube"],
                               url="https://www.youtube.com/@exempelstaden",
                               platform_id="UCx3mPl3St4d3nK0mmun1k4T"),
            "li": make_account(channel=channels["linkedin"],
                               url="https://www.linkedin.com/company/exempelstaden/"),
            "li-school": make_account(
                channel=channels["linkedin"],
                url="https://www.linkedin.com/school/exempelstadens-gymnasium/"),
            "li-show": make_account(channel=channels["linkedin"],
                                    url="https://www.linkedin.com/showcase/exempelstaden-kultur/"),
            "tt": make_account(channel=channels["tiktok"],
                               url="https://www.tiktok.com/@exempelstaden"),
            "snap": make_account(channel=channels["snapchat"], status="paused",
                                 url="https://www.snapchat.com/add/exstad_ung"),
        }  # fmt: skip
        cls.channels = channels

    def test_table(self):
        self.assertGreaterEqual(len(CASES), 40)
        for text, channel, expected, key in CASES:
            with self.subTest(text=text, channel=channel):
                chosen = self.channels[channel] if channel else None
                if expected == INVALID:
                    with self.assertRaises(InvalidInput) as raised:
                        verify(text, chosen)
                    self.assertTrue(str(raised.exception))
                    continue
                answer = verify(text, chosen)
                self.assertEqual(answer.verdict, expected)
                self.assertEqual(answer.account, self.accounts[key] if key else None)
                self.assertEqual(answer.official, expected == OFFICIAL)

    def test_a_paused_account_is_official_and_says_so(self):
        answer = verify("https://www.snapchat.com/add/exstad_ung")
        self.assertEqual((answer.official, answer.status), (True, "paused"))
