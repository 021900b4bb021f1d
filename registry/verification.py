"""Is this account ours? One answer for the verify page, the API and incoming reports.

It tells the truth: an address we do not know is "not in the registry", never "verified"; a closed
account is named as closed; a proposed account is not official yet, so it is "not in the registry".
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from channels import matching
from channels.models import Channel

from .models import Account, Status, normalise_handle

MAX_INPUT = 500
# A host name with a dot and a top-level domain (letters, or punycode for an IDN one);
# "<script>", "localhost" or an IP address is not one.
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*\.([^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})")
# What is taken as a bare handle rather than an address: letters of any language, digits and the
# few marks platforms allow (. _ - ·, and %-escapes as copied from an address), after an @ or
# without one; without an @ a dot makes it an address ("exstad.se"). At least one letter or digit.
_BARE = re.compile(r"^(?=.*[^\W_])(@[\w.\-·%]{1,100}|[\w\-·%]{1,100})$")


class Verdict:
    OFFICIAL = "official"  # active or paused: speaks for the organisation
    CLOSED = "closed"  # was ours, is not any longer
    NOT_REGISTERED = "not_registered"  # names an account on a known channel, not one of ours
    UNIDENTIFIED = "unidentified"  # on a known channel, but the address names no account
    UNKNOWN_SITE = "unknown_site"  # a web address on no channel we use

    ALL = (OFFICIAL, CLOSED, NOT_REGISTERED, UNIDENTIFIED, UNKNOWN_SITE)


class InvalidInput(ValueError):
    """The input is no address and no handle; the message is for the person who typed it.

    field: the form field (and API parameter) to show it at.
    """

    def __init__(self, message, field="url"):
        super().__init__(message)
        self.field = field


@dataclass
class Answer:
    verdict: str
    channel: Channel | None = None
    handle: str = ""
    account: Account | None = None

    @property
    def official(self):
        return self.verdict == Verdict.OFFICIAL

    @property
    def status(self):
        return self.account.status if self.account else None


def verify(text, channel=None):
    """The Answer for a pasted address, or a bare @handle together with a chosen channel.

    Raises InvalidInput with a message in the reader's language for anything else.
    """
    # Copied text may carry decomposed letters (a + ¨): compare as the platforms store them.
    text = unicodedata.normalize("NFC", (text or "").strip())
    if not text:
        raise InvalidInput(_("Enter the account’s address or its @handle."))
    if len(text) > MAX_INPUT:
        raise InvalidInput(_("The address is too long. Copy only the account’s address."))
    if "\x00" in text or any(ch.isspace() for ch in text):
        raise InvalidInput(
            _("That does not look like an address. Copy it from the browser’s address bar.")
        )

    if _BARE.match(text):
        if channel is None:
            raise InvalidInput(
                _(
                    "Choose the channel too: the same handle can belong to different people on "
                    "different channels."
                ),
                field="channel",
            )
        shown = matching.decode(text.lstrip("@"))  # "@%C3%A5sa" is typed as it was copied
        if not normalise_handle(shown):
            raise InvalidInput(_("Enter the account’s address or its @handle."))
        return _answer(channel, shown)
    if text.startswith("@"):
        raise InvalidInput(
            _("A handle has at most 100 letters, digits and the marks . _ - and ·, nothing else.")
        )

    address = matching.parse(text)
    if address is None or not _HOST.fullmatch(address.host):
        raise InvalidInput(
            _(
                "That does not look like an address. It should look like "
                "https://www.instagram.com/account, or write @handle and choose the channel."
            )
        )
    # The address names its channel itself; a channel chosen in the form only matters for handles.
    candidate, reading = read(address)
    if reading is None:
        return Answer(Verdict.UNKNOWN_SITE)
    if reading.kind == matching.Kind.ACCOUNT:
        return _answer(candidate, reading.handle, is_id=reading.is_id)
    if reading.kind == matching.Kind.NO_IDENTITY:
        return Answer(Verdict.UNIDENTIFIED, channel=candidate)
    return Answer(Verdict.NOT_REGISTERED, channel=candidate)


def read(address):
    """The channel whose site a parsed address is on and how it reads it (matching.Reading),
    or (None, None). Inactive channels count too: their closed accounts must still be found."""
    for candidate in Channel.objects.all():
        reading = candidate.read(address)
        if reading is not None:
            return candidate, reading
    return None, None


def accounts_at(text):
    """Every account (in any status) at a pasted address, however it is written, or None when
    the text is not an account's address on any channel."""
    address = matching.parse(text)
    channel, reading = read(address) if address else (None, None)
    if reading is None or reading.kind != matching.Kind.ACCOUNT:
        return None
    return Account.objects.matching_key(channel, reading.handle, is_id=reading.is_id)


def _answer(channel, handle, is_id=False):
    # A closed account and a new one may share a handle; the official one wins.
    account = (
        Account.objects.public()
        .for_listing()
        .matching_key(channel, handle, is_id=is_id)
        .order_by(Case(When(status=Status.CLOSED, then=1), default=0), "-updated_at")
        .first()
    )
    if account is None:
        return Answer(Verdict.NOT_REGISTERED, channel=channel, handle=handle)
    verdict = Verdict.CLOSED if account.status == Status.CLOSED else Verdict.OFFICIAL
    return Answer(verdict, channel=channel, handle=handle, account=account)
