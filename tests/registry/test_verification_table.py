"""verify() on 150+ pastes: variants, sub-pages, short hosts, share links, lookalikes, junk."""

from django.test import TestCase

from registry.verification import InvalidInput, Verdict, verify
from tests.factories import demo_channels, make_account

OFFICIAL, CLOSED = Verdict.OFFICIAL, Verdict.CLOSED
NOT_REGISTERED, UNIDENTIFIED = Verdict.NOT_REGISTERED, Verdict.UNIDENTIFIED
UNKNOWN = Verdict.UNKNOWN_SITE
INVALID = "invalid"

FB_ID = "100064123456789"
YT_ID = "UCx3mPl3St4d3nK0mmun1k4T"
NFD_A = "a\u0308"  # "ä" decomposed: a + COMBINING DIAERESIS, as some macOS apps paste it

# (what a person pastes, channel chosen in the form, expected verdict, expected account key)
CASES = [
    # 1. Variants of real entries: scheme, case, www/m/mobile, slash, tracking, fragment, port,
    #    trailing dot, no scheme, "//host", "https:host", harmless userinfo
    ("http://www.facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("HTTPS://www.Facebook.com/Exempelstaden/", None, OFFICIAL, "fb"),
    ("www.facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("//www.facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("https:facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("https:/facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("https://www.facebook.com:443/exempelstaden", None, OFFICIAL, "fb"),
    ("facebook.com:443/exempelstaden", None, OFFICIAL, "fb"),
    ("https://facebook.com./exempelstaden", None, OFFICIAL, "fb"),
    ("https://www.facebook.com./exempelstaden?mibextid=ZbWKwL", None, OFFICIAL, "fb"),
    ("https://www.facebook.com/exempelstaden?__tn__=-R&fbclid=IwAR1x#top", None, OFFICIAL, "fb"),
    ("https://www.facebook.com/exempelstaden#", None, OFFICIAL, "fb"),
    ("https://user@www.instagram.com/exempelstaden_bibliotek/", None, OFFICIAL, "ig"),
    ("https://user:pass@instagram.com/exempelstaden_bibliotek", None, OFFICIAL, "ig"),
    ("HTTPS://INSTAGRAM.COM/EXEMPELSTADEN_BIBLIOTEK", None, OFFICIAL, "ig"),
    ("https://m.instagram.com/exempelstaden_bibliotek?hl=sv", None, OFFICIAL, "ig"),
    ("instagram.com./exempelstaden_bibliotek/#", None, OFFICIAL, "ig"),
    ("x.com/Exstad_RTJ?s=21&t=AbC123", None, OFFICIAL, "x"),
    ("https://www.x.com/exstad_rtj/", None, OFFICIAL, "x"),
    ("https://x.com:443/exstad_rtj#", None, OFFICIAL, "x"),
    ("//x.com/exstad_rtj", None, OFFICIAL, "x"),
    ("https://youtube.com/@exempelstaden?si=AbCdEf", None, OFFICIAL, "yt"),
    ("http://m.youtube.com/@Exempelstaden/", None, OFFICIAL, "yt"),
    ("youtube.com/@EXEMPELSTADEN", None, OFFICIAL, "yt"),
    ("https://www.youtube.com./@exempelstaden#about", None, OFFICIAL, "yt"),
    ("linkedin.com/company/exempelstaden", None, OFFICIAL, "li"),
    ("https://www.linkedin.com/company/exempelstaden/?originalSubdomain=se", None, OFFICIAL, "li"),
    ("HTTPS://WWW.LINKEDIN.COM/company/EXEMPELSTADEN", None, OFFICIAL, "li"),
    ("https:www.linkedin.com:443/company/exempelstaden", None, OFFICIAL, "li"),
    ("tiktok.com/@exempelstaden", None, OFFICIAL, "tt"),
    ("https://www.tiktok.com/@Exempelstaden?_t=8kXyZ&_r=1", None, OFFICIAL, "tt"),
    ("https://m.tiktok.com/@exempelstaden/", None, OFFICIAL, "tt"),
    ("snapchat.com/add/exstad_ung", None, OFFICIAL, "snap"),
    ("https://www.snapchat.com/add/Exstad_Ung?share_id=AbC&locale=sv_SE", None, OFFICIAL, "snap"),
    # 2. Sub-pages under an account's path
    ("https://www.instagram.com/exempelstaden_bibliotek/reels/", None, OFFICIAL, "ig"),
    ("https://www.instagram.com/exempelstaden_bibliotek/tagged/", None, OFFICIAL, "ig"),
    ("https://www.instagram.com/exempelstaden_bibliotek/p/C1a2B3c4D5e/", None, OFFICIAL, "ig"),
    (
        "https://www.instagram.com/stories/exempelstaden_bibliotek/3300000000000000000/",
        None,
        OFFICIAL,
        "ig",
    ),  # fmt: skip
    ("https://www.instagram.com/stories/Exempelstaden_Bibliotek/", None, OFFICIAL, "ig"),
    ("https://x.com/exstad_rtj/status/1790000000000000000", None, OFFICIAL, "x"),
    ("https://twitter.com/Exstad_RTJ/status/1790000000000000000/photo/1", None, OFFICIAL, "x"),
    ("https://x.com/exstad_rtj/with_replies", None, OFFICIAL, "x"),
    ("https://x.com/exstad_rtj/media?s=20", None, OFFICIAL, "x"),
    ("https://www.linkedin.com/company/exempelstaden/about/", None, OFFICIAL, "li"),
    ("https://www.linkedin.com/company/exempelstaden/posts/?feedView=all", None, OFFICIAL, "li"),
    ("https://www.linkedin.com/company/exempelstaden/jobs/", None, OFFICIAL, "li"),
    (
        "https://www.linkedin.com/school/exempelstadens-gymnasium/people/",
        None,
        OFFICIAL,
        "li-school",
    ),  # fmt: skip
    ("https://www.linkedin.com/showcase/exempelstaden-kultur/posts/", None, OFFICIAL, "li-show"),
    ("https://www.youtube.com/@exempelstaden/about", None, OFFICIAL, "yt"),
    ("https://www.youtube.com/@exempelstaden/videos", None, OFFICIAL, "yt"),
    ("https://www.youtube.com/@exempelstaden/shorts", None, OFFICIAL, "yt"),
    ("https://www.youtube.com/@exempelstaden/playlists?view=1", None, OFFICIAL, "yt"),
    ("https://www.youtube.com/@exempelstaden/streams", None, OFFICIAL, "yt"),
    (f"https://www.youtube.com/channel/{YT_ID}/featured", None, OFFICIAL, "yt"),
    (
        "https://www.tiktok.com/@exempelstaden/video/7300000000000000000?is_from_webapp=1",
        None,
        OFFICIAL,
        "tt",
    ),  # fmt: skip
    ("https://www.tiktok.com/@exempelstaden/photo/7300000000000000001", None, OFFICIAL, "tt"),
    ("https://www.tiktok.com/@exempelstaden/live", None, OFFICIAL, "tt"),
    ("https://www.facebook.com/exempelstaden/posts/pfbid02AbCdEf", None, OFFICIAL, "fb"),
    ("https://www.facebook.com/exempelstaden/videos/1234567890123456/", None, OFFICIAL, "fb"),
    ("https://www.facebook.com/exempelstaden/about", None, OFFICIAL, "fb"),
    ("https://www.facebook.com/exempelstaden/photos", None, OFFICIAL, "fb"),
    ("https://www.facebook.com/exempelstaden/events", None, OFFICIAL, "fb"),
    (f"https://www.facebook.com/profile.php?id={FB_ID}&sk=about", None, OFFICIAL, "fb-id"),
    (
        f"https://www.facebook.com/permalink.php?story_fbid=pfbid0Ab&id={FB_ID}",
        None,
        OFFICIAL,
        "fb-id",
    ),  # fmt: skip
    (f"https://www.facebook.com/story.php?story_fbid=123&id={FB_ID}", None, OFFICIAL, "fb-id"),
    (f"https://www.facebook.com/pages/Exempelstaden/{FB_ID}", None, OFFICIAL, "fb-id"),
    (f"https://www.facebook.com/people/Exempelstaden/{FB_ID}/", None, OFFICIAL, "fb-id"),
    # 3. Alternate and short hosts that carry the handle
    ("https://instagr.am/exempelstaden_bibliotek", None, OFFICIAL, "ig"),
    ("https://story.snapchat.com/@exstad_ung", None, OFFICIAL, "snap"),
    ("https://story.snapchat.com/s/exstad_ung", None, OFFICIAL, "snap"),
    ("https://www.snapchat.com/@exstad_ung", None, OFFICIAL, "snap"),
    ("https://fb.me/Exempelstaden", None, OFFICIAL, "fb"),
    ("https://fb.com/exempelstaden", None, OFFICIAL, "fb"),
    ("https://business.facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    ("https://web.facebook.com/exempelstaden", None, OFFICIAL, "fb"),
    (f"https://www.facebook.com/{FB_ID}", None, OFFICIAL, "fb-id"),  # Facebook opens ids too
    ("https://se.linkedin.com/company/exempelstaden", None, OFFICIAL, "li"),
    ("https://uk.linkedin.com/school/exempelstadens-gymnasium", None, OFFICIAL, "li-school"),
    (f"https://music.youtube.com/channel/{YT_ID}", None, OFFICIAL, "yt"),
    ("https://twitter.com/exstad_rtj", None, OFFICIAL, "x"),
    ("https://mobile.twitter.com/exstad_rtj", None, OFFICIAL, "x"),
    ("https://www.twitter.com/Exstad_RTJ/", None, OFFICIAL, "x"),
    # 4. Links that name no account
    ("https://www.instagram.com/p/C1a2B3c4D5e/", None, UNIDENTIFIED, None),
    ("https://www.instagram.com/reel/C1a2B3c4D5e/?igsh=MWQ1", None, UNIDENTIFIED, None),
    ("https://www.instagram.com/stories/highlights/17900000000000000/", None, UNIDENTIFIED, None),
    ("https://l.instagram.com/?u=https%3A%2F%2Fexempelstaden.se", None, UNIDENTIFIED, None),
    ("https://youtu.be/dQw4w9WgXcQ?si=AbC", None, UNIDENTIFIED, None),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", None, UNIDENTIFIED, None),
    ("https://www.youtube.com/shorts/AbCdEfGhIjK", None, UNIDENTIFIED, None),
    ("https://www.youtube.com/playlist?list=PL1234567890", None, UNIDENTIFIED, None),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", None, UNIDENTIFIED, None),
    ("https://vm.tiktok.com/ZMabc123/", None, UNIDENTIFIED, None),
    ("https://vt.tiktok.com/ZSabc123/", None, UNIDENTIFIED, None),
    ("https://www.tiktok.com/t/ZT8abc123/", None, UNIDENTIFIED, None),
    ("https://fb.watch/abC1dEf2Gh/", None, UNIDENTIFIED, None),
    ("https://www.facebook.com/share/p/1AbCdEfGh/", None, UNIDENTIFIED, None),
    ("https://www.facebook.com/share/1AbCdEfGh/?mibextid=wwXIfr", None, UNIDENTIFIED, None),
    ("https://www.facebook.com/watch/?v=1234567890123456", None, UNIDENTIFIED, None),
    ("https://www.facebook.com/reel/1234567890123456", None, UNIDENTIFIED, None),
    ("https://www.facebook.com/photo.php?fbid=123&set=a.456", None, UNIDENTIFIED, None),
    (
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.facebook.com%2Fexempelstaden",
        None,
        UNIDENTIFIED,
        None,
    ),  # fmt: skip
    ("https://lnkd.in/dAbC123", None, UNIDENTIFIED, None),
    (
        "https://www.linkedin.com/posts/exempelstaden_activity-7100000000000000000-AbCd",
        None,
        UNIDENTIFIED,
        None,
    ),  # fmt: skip
    (
        "https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000000/",
        None,
        UNIDENTIFIED,
        None,
    ),  # fmt: skip
    ("https://t.co/AbC123dEf", None, UNIDENTIFIED, None),
    ("https://x.com/i/status/1790000000000000000", None, UNIDENTIFIED, None),
    ("https://x.com/i/web/status/1790000000000000000", None, UNIDENTIFIED, None),
    ("https://x.com/intent/tweet?text=hej&via=exstad_rtj", None, UNIDENTIFIED, None),
    ("https://t.snapchat.com/AbCdEf12", None, UNIDENTIFIED, None),
    ("https://www.snapchat.com/t/AbCdEf12", None, UNIDENTIFIED, None),
    ("https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYbGR", None, UNIDENTIFIED, None),
    ("https://www.facebook.com/", None, UNIDENTIFIED, None),
    ("instagram.com", None, UNIDENTIFIED, None),
    ("https://x.com", None, UNIDENTIFIED, None),
    ("https://www.youtube.com/?gl=SE", None, UNIDENTIFIED, None),
    ("https://www.linkedin.com/", None, UNIDENTIFIED, None),
    ("https://www.tiktok.com/", None, UNIDENTIFIED, None),
    ("https://www.snapchat.com/", None, UNIDENTIFIED, None),
    # 5. Prefix and lookalike handles: never official
    ("https://www.facebook.com/exempelstadenä", None, NOT_REGISTERED, None),
    ("https://www.facebook.com/exempelstaden%C3%A4", None, NOT_REGISTERED, None),
    ("https://www.facebook.com/exempelstaden·info", None, NOT_REGISTERED, None),
    ("https://www.facebook.com/exempelstaden%2Fposts", None, NOT_REGISTERED, None),
    ("https://www.facebook.com/\uff45xempelstaden", None, NOT_REGISTERED, None),  # fullwidth e
    ("https://www.facebook.com/exempelstaden2", None, NOT_REGISTERED, None),
    (f"https://www.facebook.com/profile.php?xid={FB_ID}", None, NOT_REGISTERED, None),
    ("https://www.instagram.com/exempelstaden_bibliotekö/", None, NOT_REGISTERED, None),
    ("https://www.instagram.com/exempelstaden_bibliotek1", None, NOT_REGISTERED, None),
    ("https://www.instagram.com/exempelstaden_bibliote", None, NOT_REGISTERED, None),
    ("https://x.com/exstad_rtjå", None, NOT_REGISTERED, None),
    ("https://x.com/exstad_rtj%C3%A5/status/1", None, NOT_REGISTERED, None),
    ("https://x.com/exstad_rtj_", None, NOT_REGISTERED, None),
    ("https://x.com/exstad_rtj%E2%80%8B", None, NOT_REGISTERED, None),  # zero-width space
    ("https://www.youtube.com/@exempelstadenä", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@exempelstaden%C3%A4/videos", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@exempelstaden·kultur", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@exempelstaden%C2%B7kultur", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@exempelstaden%2Fvideos", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@exempelstade\uff4e", None, NOT_REGISTERED, None),  # fullwidth n
    ("https://www.youtube.com/@exempelstaden1", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@exempelstaden.se", None, NOT_REGISTERED, None),
    (f"https://www.youtube.com/channel/{YT_ID}x", None, NOT_REGISTERED, None),
    ("https://www.tiktok.com/@exempelstadenö", None, NOT_REGISTERED, None),
    ("https://www.tiktok.com/@exempelstaden%C3%B6/video/1", None, NOT_REGISTERED, None),
    ("https://www.tiktok.com/@exempelstaden·tv", None, NOT_REGISTERED, None),
    ("https://www.tiktok.com/@exempelstaden%2Fvideo%2F1", None, NOT_REGISTERED, None),
    ("https://www.tiktok.com/@\uff45xempelstaden", None, NOT_REGISTERED, None),
    ("https://www.tiktok.com/@exempelstaden_", None, NOT_REGISTERED, None),
    ("https://www.tiktok.com/@exempelstaden.official", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/exempelstadenå", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/exempelstaden%C3%A5/about/", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/exempelstaden·ab", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/exempelstaden%2Fabout", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/exempelstade\uff4e", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/exempelstaden-ab", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/exempelstaden2/", None, NOT_REGISTERED, None),
    ("https://www.snapchat.com/add/exstad_ungå", None, NOT_REGISTERED, None),
    ("https://www.snapchat.com/@exstad_ung%C3%A5", None, NOT_REGISTERED, None),
    ("https://www.snapchat.com/add/exstad_ung2", None, NOT_REGISTERED, None),
    # An encoded "?" is part of the segment, not the end of the path: the browser asks Facebook
    # for /exempelstaden%3Fx, which is not the page. The code reads "exempelstaden" + query.
    ("https://www.facebook.com/exempelstaden%3Fx", None, NOT_REGISTERED, None),
    ("https://x.com/exstad_rtj%3F", None, NOT_REGISTERED, None),
    # A handle equal to our YouTube channel id is somebody's handle, not our channel id.
    (f"https://www.youtube.com/@{YT_ID}", None, NOT_REGISTERED, None),
    # YouTube channel ids are case-sensitive: /channel/UCX3MPL3… is another (or no) channel.
    (f"https://www.youtube.com/channel/{YT_ID.upper()}", None, NOT_REGISTERED, None),
    # 6. Lookalike hosts, userinfo and backslash tricks: the host a browser opens decides
    ("https://evil.example\\@facebook.com/exempelstaden", None, UNKNOWN, None),
    ("https://facebook.com@evil.example/exempelstaden", None, UNKNOWN, None),
    ("https://facebook.com%40evil.example/exempelstaden", None, INVALID, None),  # "@" in a host
    ("https://facebook.com:443@evil.example/", None, UNKNOWN, None),
    ("https://facebook.com:443@evil.example/exempelstaden", None, UNKNOWN, None),
    ("https://www.facebook.com%23@evil.example/exempelstaden", None, UNKNOWN, None),
    ("https://facebook.com%2F@evil.example/exempelstaden", None, UNKNOWN, None),
    ("https://www.youtube.com@evil.example/@exempelstaden", None, UNKNOWN, None),
    ("https://evil.example#@facebook.com/exempelstaden", None, UNKNOWN, None),
    ("https://evil.example?@facebook.com/exempelstaden", None, UNKNOWN, None),
    ("https://xn--fcebook-8va.com/exempelstaden", None, UNKNOWN, None),
    ("https://xn--instgram-46g.com/exempelstaden_bibliotek/", None, UNKNOWN, None),
    ("https://fаcebook.com/exempelstaden", None, UNKNOWN, None),  # Cyrillic а
    ("https://www.instаgram.com/exempelstaden_bibliotek/", None, UNKNOWN, None),  # Cyrillic а
    ("https://уoutube.com/@exempelstaden", None, UNKNOWN, None),  # Cyrillic у
    ("https://x.сom/exstad_rtj", None, UNKNOWN, None),  # Cyrillic с in the top-level domain
    ("https://tiktok.cοm/@exempelstaden", None, UNKNOWN, None),  # Greek ο
    ("https://facebook.com.evil.example/exempelstaden", None, UNKNOWN, None),
    ("https://facebook.com%2Eevil.example/exempelstaden", None, UNKNOWN, None),
    ("https://www.linkedin.com.evil.example/company/exempelstaden", None, UNKNOWN, None),
    ("https://evillinkedin.com/company/exempelstaden", None, UNKNOWN, None),
    ("https://youtube.evil.example/@exempelstaden", None, UNKNOWN, None),
    ("evil.example/facebook.com/exempelstaden", None, UNKNOWN, None),
    ("https://evil.example/?u=https://x.com/exstad_rtj", None, UNKNOWN, None),
    ("https:\\\\evil.example\\facebook.com", None, UNKNOWN, None),
    ("https:\\\\evil.example\\facebook.com\\exempelstaden", None, UNKNOWN, None),
    ("https://snapchat.co/add/exstad_ung", None, UNKNOWN, None),
    # … and what the browser really opens when the trick points the other way
    ("https://ｆａｃｅｂｏｏｋ.com/exempelstaden", None, OFFICIAL, "fb"),
    ("ｗｗｗ．ｆａｃｅｂｏｏｋ．ｃｏｍ/exempelstaden", None, OFFICIAL, "fb"),
    ("https://facebook。com/exempelstaden", None, OFFICIAL, "fb"),  # ideographic full stop
    ("https://evil.example%5C@facebook.com/exempelstaden", None, OFFICIAL, "fb"),  # userinfo
    ("https://www.facebook.com\\@evil.example/exempelstaden", None, NOT_REGISTERED, None),
    # 7. Percent-encoding of the handle itself, decoded by browser and platform alike
    ("https://www.facebook.com/%65xempelstaden", None, OFFICIAL, "fb"),
    ("https://www.instagram.com/exempelstaden%5Fbibliotek/", None, OFFICIAL, "ig"),
    ("https://x.com/exstad%5Frtj", None, OFFICIAL, "x"),
    ("https://x.com/exstad_rt%6A/status/1", None, OFFICIAL, "x"),
    ("https://www.youtube.com/%40exempelstaden", None, OFFICIAL, "yt"),
    ("https://www.tiktok.com/%40exempelstaden", None, OFFICIAL, "tt"),
    ("https://www.tiktok.com/@%65%78empelstaden", None, OFFICIAL, "tt"),
    ("https://www.linkedin.com/company/%65xempelstaden/", None, OFFICIAL, "li"),
    ("https://www.snapchat.com/add/exstad%5Fung", None, OFFICIAL, "snap"),
    # Encoded twice: the platform decodes once and sees "%65…", which is no handle at all.
    ("https://www.facebook.com/%2565xempelstaden", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@kulturskolan%25C3%25A4lmhult", None, NOT_REGISTERED, None),
    # 8. Unicode handles (accounts yt-a and li-a): raw, encoded, upper case, NFD; cut off ≠ match
    ("https://www.youtube.com/@kulturskolanälmhult", None, OFFICIAL, "yt-a"),
    ("https://www.youtube.com/@kulturskolan%C3%A4lmhult/videos", None, OFFICIAL, "yt-a"),
    ("https://www.youtube.com/@KULTURSKOLANÄLMHULT", None, OFFICIAL, "yt-a"),
    ("https://www.youtube.com/@kulturskolan%C3%84LMHULT", None, OFFICIAL, "yt-a"),
    (f"https://www.youtube.com/@kulturskolan{NFD_A}lmhult", None, OFFICIAL, "yt-a"),
    ("https://www.youtube.com/@kulturskolana%CC%88lmhult", None, OFFICIAL, "yt-a"),
    ("@kulturskolanälmhult", "youtube", OFFICIAL, "yt-a"),
    ("@KULTURSKOLANÄLMHULT", "youtube", OFFICIAL, "yt-a"),
    ("@kulturskolan%C3%A4lmhult", "youtube", OFFICIAL, "yt-a"),
    (f"kulturskolan{NFD_A}lmhult", "youtube", OFFICIAL, "yt-a"),
    ("https://www.youtube.com/@kulturskolan", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@kulturskolan/videos", None, NOT_REGISTERED, None),
    ("https://www.youtube.com/@kulturskolanalmhult", None, NOT_REGISTERED, None),
    ("@kulturskolan", "youtube", NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/kulturskolan-älmhult/", None, OFFICIAL, "li-a"),
    ("https://www.linkedin.com/company/kulturskolan-%C3%A4lmhult/about/", None, OFFICIAL, "li-a"),
    ("https://se.linkedin.com/company/KULTURSKOLAN-%C3%84LMHULT", None, OFFICIAL, "li-a"),
    ("https://www.linkedin.com/company/KULTURSKOLAN-ÄLMHULT", None, OFFICIAL, "li-a"),
    (f"https://www.linkedin.com/company/kulturskolan-{NFD_A}lmhult", None, OFFICIAL, "li-a"),
    ("kulturskolan-älmhult", "linkedin", OFFICIAL, "li-a"),
    ("https://www.linkedin.com/company/kulturskolan-", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/kulturskolan-/about/", None, NOT_REGISTERED, None),
    ("https://www.linkedin.com/company/kulturskolan-almhult", None, NOT_REGISTERED, None),
    ("kulturskolan-", "linkedin", NOT_REGISTERED, None),
    # 9. Closed, proposed and paused accounts
    ("https://x.com/exstad_kultur", None, CLOSED, "x-closed"),
    ("https://twitter.com/Exstad_Kultur/status/1600000000000000000", None, CLOSED, "x-closed"),
    ("@exstad_kultur", "x", CLOSED, "x-closed"),
    ("https://www.instagram.com/exstad_fritid/", None, CLOSED, "ig-closed"),
    ("https://www.tiktok.com/@exstad_fritid", None, OFFICIAL, "tt-new"),  # the open one wins
    ("https://www.instagram.com/exstad_klimat/", None, NOT_REGISTERED, None),  # only proposed
    ("@exstad_klimat", "instagram", NOT_REGISTERED, None),
    ("https://www.snapchat.com/add/exstad_ung", None, OFFICIAL, "snap"),  # paused
    ("@exstad_ung", "snapchat", OFFICIAL, "snap"),
    #    Bare handles with a chosen channel
    ("@exempelstaden", "facebook", OFFICIAL, "fb"),
    ("Exempelstaden", "facebook", OFFICIAL, "fb"),
    # A bare text is a handle: ids are another namespace (a handle may be spelled like an id).
    (FB_ID, "facebook", NOT_REGISTERED, None),
    ("@EXEMPELSTADEN_BIBLIOTEK", "instagram", OFFICIAL, "ig"),
    ("@%65xempelstaden", "tiktok", OFFICIAL, "tt"),
    ("exstad_rtj", "x", OFFICIAL, "x"),
    ("@exempelstaden", "linkedin", OFFICIAL, "li"),
    (YT_ID, "youtube", NOT_REGISTERED, None),
    ("@exstad_rtj", "instagram", NOT_REGISTERED, None),  # ours on X, not on Instagram
    ("@exempelstadenä", "tiktok", NOT_REGISTERED, None),
    ("@exempelstaden%2F", "tiktok", NOT_REGISTERED, None),
    ("x'OR'1'='1", "x", INVALID, None),  # no handle has quotes or =
    #    Junk: a message, never an answer and never an error page
    ("", None, INVALID, None),
    ("   ", None, INVALID, None),
    ("\t\n", "x", INVALID, None),
    ("exempelstaden", None, INVALID, None),  # a handle needs its channel
    ("javascript:alert(1)", None, INVALID, None),
    ("JavaScript://x.com/%0Aalert(1)", None, INVALID, None),
    ("data:text/html,<b>hej</b>", None, INVALID, None),
    ("ftp://facebook.com/exempelstaden", None, INVALID, None),
    ("mailto:info@exempelstaden.se", None, INVALID, None),
    ("file:///etc/passwd", None, INVALID, None),
    ("https://x.com/exstad_rtj\x00", None, INVALID, None),
    ("\x00", "x", INVALID, None),
    ("x" * 600, None, INVALID, None),
    ("https://www.facebook.com/" + "a" * 600, None, INVALID, None),
    ("💥💥", "x", INVALID, None),
    ("@💥", "x", INVALID, None),
    ("<script>alert(1)</script>", None, INVALID, None),
    ("'; DROP TABLE registry_account; --", None, INVALID, None),
    ("' OR 1=1 --", "x", INVALID, None),
    ("https://", None, INVALID, None),
    ("http://localhost/exempelstaden", None, INVALID, None),
    ("https://127.0.0.1/exempelstaden", None, INVALID, None),
    ("https://[::1]/exempelstaden", None, INVALID, None),
    ("https://www.facebook.com/ exempelstaden", None, INVALID, None),
    # 10. The first table, kept as it was written (its cases overlap the classes above)
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
                                  url=f"https://www.facebook.com/profile.php?id={FB_ID}"),
            "ig": make_account(channel=channels["instagram"],
                               url="https://www.instagram.com/exempelstaden_bibliotek/"),
            "ig-proposed": make_account(channel=channels["instagram"], status="proposed",
                                        url="https://www.instagram.com/exstad_klimat/"),
            "ig-closed": make_account(channel=channels["instagram"], status="closed",
                                      url="https://www.instagram.com/exstad_fritid/",
                                      closed_on="2022-12-31"),
            "x": make_account(channel=channels["x"], url="https://x.com/Exstad_RTJ"),
            "x-closed": make_account(channel=channels["x"], url="https://x.com/Exstad_Kultur",
                                     status="closed", closed_on="2023-05-31"),
            "yt": make_account(channel=channels["youtube"],
                               url="https://www.youtube.com/@exempelstaden",
                               platform_id=YT_ID),
            "yt-a": make_account(channel=channels["youtube"],
                                 url="https://www.youtube.com/@kulturskolanälmhult"),
            "li": make_account(channel=channels["linkedin"],
                               url="https://www.linkedin.com/company/exempelstaden/"),
            "li-a": make_account(channel=channels["linkedin"],
                                 url="https://www.linkedin.com/company/kulturskolan-%C3%A4lmhult"),
            "li-school": make_account(
                channel=channels["linkedin"],
                url="https://www.linkedin.com/school/exempelstadens-gymnasium/"),
            "li-show": make_account(channel=channels["linkedin"],
                                    url="https://www.linkedin.com/showcase/exempelstaden-kultur/"),
            "tt": make_account(channel=channels["tiktok"],
                               url="https://www.tiktok.com/@exempelstaden"),
            # A handle given up and later taken again by a new account of ours
            "tt-old": make_account(channel=channels["tiktok"], status="closed",
                                   url="https://www.tiktok.com/@exstad_fritid",
                                   closed_on="2021-06-30"),
            "tt-new": make_account(channel=channels["tiktok"],
                                   url="https://www.tiktok.com/@exstad_fritid"),
            "snap": make_account(channel=channels["snapchat"], status="paused",
                                 url="https://www.snapchat.com/add/exstad_ung"),
        }  # fmt: skip
        cls.channels = channels

    def test_table(self):
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

    def test_unicode_handles_are_stored_in_full(self):
        youtube, linkedin = self.accounts["yt-a"], self.accounts["li-a"]
        self.assertEqual(youtube.handle, "kulturskolanälmhult")
        self.assertEqual(linkedin.handle, "kulturskolan-älmhult")
        self.assertEqual(youtube.handle_key, "kulturskolanälmhult")
        self.assertEqual(linkedin.handle_key, "kulturskolan-älmhult")

    def test_unicode_handles_are_shown_in_full(self):
        answer = verify("https://www.youtube.com/@kulturskolan%C3%A4lmhult/videos")
        self.assertEqual(answer.handle, "kulturskolanälmhult")
        self.assertEqual(answer.account, self.accounts["yt-a"])
        answer = verify(f"@kulturskolan-{NFD_A}lmhult", self.channels["linkedin"])
        self.assertEqual(answer.handle, "kulturskolan-älmhult")
        self.assertEqual(answer.account, self.accounts["li-a"])

    def test_the_cut_off_unicode_handle_names_no_account_of_ours(self):
        answer = verify("https://www.youtube.com/@kulturskolan")
        self.assertEqual((answer.verdict, answer.handle), (NOT_REGISTERED, "kulturskolan"))
        self.assertIsNone(answer.account)

    def test_a_paused_account_is_official_and_says_so(self):
        answer = verify("https://www.snapchat.com/add/exstad_ung")
        self.assertEqual((answer.official, answer.status), (True, "paused"))
