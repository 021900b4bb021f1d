"""Is this account ours? One answer for the verify page, the API and incoming reports.

It tells the truth: an address we do not know is "not in the registry", never "verified"; a closed
account is named as closed; a proposed account is not official yet, so it is "not in the registry".
"""

import re
from dataclasses import dataclass

from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from channels.matching import split_url
from channels.models import Channel

from .models import BARE_HANDLE, Account, Status, normalise_handle

MAX_INPUT = 500
# A host name with a dot and a top-level domain; "<script>" or "https://" alone is not one.
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,63}")


class Verdict:
    OFFICIAL = "official"  # active or paused: speaks for the organisation
    CLOSED = "closed"  # was ours, is not any longer
    NOT_REGISTERED = "not_registered"  # a known channel, but not one of our accounts
    UNKNOWN_SITE = "unknown_site"  # a web address on no channel we use


class InvalidInput(ValueError):
    """The input is no address and no handle; the message is for the person who typed it."""


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
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Enter the account’s address or its @handle."))
    if len(text) > MAX_INPUT:
        raise InvalidInput(_("The address is too long. Copy only the account’s address."))
    if "\x00" in text or any(ch.isspace() for ch in text):
        raise InvalidInput(
            _("That does not look like an address. Copy it from the browser’s address bar.")
        )

    bare = BARE_HANDLE.match(text)
    # "@exstad.kultur" and "exstad_kultur" are handles; "exstad.se" is taken as an address.
    if text.startswith("@") or (bare and "." not in text):
        if bare is None:
            raise InvalidInput(_("A handle may only contain letters, digits, dots, - and _."))
        if channel is None:
            raise InvalidInput(
                _(
                    "Choose the channel too: the same handle can belong to different people on "
                    "different channels."
                )
            )
        key = normalise_handle(bare.group("handle"))
        return _answer(channel, key)

    parts = split_url(text)
    if parts is None or not _HOST.fullmatch(parts[0]):
        raise InvalidInput(
            _(
                "That does not look like an address. It should look like "
                "https://www.instagram.com/account, or write @handle and choose the channel."
            )
        )
    # The address names its channel itself; a channel chosen in the form only matters for handles.
    # Inactive channels count too: their closed accounts must still be reported as closed.
    for candidate in Channel.objects.all():
        if candidate.recognises(text):
            key = candidate.extract_handle(text)
            if key is None:
                return Answer(Verdict.NOT_REGISTERED, channel=candidate)
            return _answer(candidate, key)
    return Answer(Verdict.UNKNOWN_SITE)


def _answer(channel, key):
    # A handle and a platform id may point at two rows after a rename; the official one wins.
    account = (
        Account.objects.public()
        .for_listing()
        .matching_key(channel, key)
        .order_by(Case(When(status=Status.CLOSED, then=1), default=0), "-updated_at")
        .first()
    )
    if account is None:
        return Answer(Verdict.NOT_REGISTERED, channel=channel, handle=key)
    verdict = Verdict.CLOSED if account.status == Status.CLOSED else Verdict.OFFICIAL
    return Answer(verdict, channel=channel, handle=key, account=account)
