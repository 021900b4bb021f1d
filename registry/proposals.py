"""A member of staff proposes a new account (issue 20): the one place a proposal is written.

The questions come from the handbook page "Frågor att ställa innan du startar ett konto"; the
answers the registry holds anyway go into the proposed account, the rest into its Proposal.
The communicators find it in the admin (Förslag på nya konton) and are e-mailed.
"""

from django.db import transaction

from base.notify import notify

from .models import Account, Proposal, Status

ACCOUNT_FIELDS = ("name", "channel", "department", "purpose", "goals", "audiences")
PROPOSAL_FIELDS = ("why_channel", "existing_accounts", "resources", "manager", "routines",
                   "unwanted_content")  # fmt: skip


@transaction.atomic
def propose(user, answers):
    """The proposed account and its answers, saved together; raises ValidationError (from the
    account's own rules) without saving anything."""
    account = Account(status=Status.PROPOSED, **{name: answers[name] for name in ACCOUNT_FIELDS})
    account.contact_email = answers.get("contact_email") or account.department.mailbox()
    account.full_clean()
    account.save()
    proposal = Proposal.objects.create(
        account=account, proposed_by=user, **{name: answers[name] for name in PROPOSAL_FIELDS}
    )
    notify(proposal)
    return proposal
