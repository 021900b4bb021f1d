"""A registry and handbook of national size, for the benchmarks (not for tests).

    fill(accounts=50_000, departments=3_000, pages=5_000)

Adds to whatever database Django is configured with (the demo content may already be there):
departments in three levels (agencies, offices, units), accounts spread over the channels and
departments with a tag each, handbook pages over 50 sections with Swedish text from the demo's
words. Bulk inserts, with the derived fields set as save() would set them; rebuild the search
index afterwards.
"""

import datetime
import random

from django.db import transaction

# Words of the demo content, for text that reads like the handbook's.
WORDS = (
    "konto", "kanal", "publicera", "svara", "kommentar", "invånare", "medarbetare",
    "förvaltning", "nämnd", "policy", "säkerhet", "lösenord", "tvåstegsverifiering", "arkivera",
    "diarium", "upphovsrätt", "bild", "film", "rörligt", "tillgänglighet", "textning", "kris",
    "beredskap", "kommunikation", "dialog", "målgrupp", "syfte", "resurser", "moderering",
    "radera", "spara", "allmän", "handling", "personuppgifter", "dataskydd", "samtycke",
    "ansvar",
)  # fmt: skip


def _text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


@transaction.atomic
def fill(accounts=50_000, departments=3_000, pages=5_000, seed=1):
    from taggit.models import Tag, TaggedItem

    from channels.models import Channel
    from handbook.models import Page, Section
    from registry.models import Account, Department, channel_sort_key

    rng = random.Random(seed)
    # Departments: 30 agencies, each with offices, each with units.
    made = []
    top = Department.objects.bulk_create(
        Department(name=f"Myndighet {n}", slug=f"myndighet-{n}", email=f"m{n}@exempel.example")
        for n in range(30)
    )
    made += top
    offices = Department.objects.bulk_create(
        Department(name=f"Kontor {n}", slug=f"kontor-{n}", parent=top[n % len(top)],
                   email=f"k{n}@exempel.example")
        for n in range(min(600, departments // 5))
    )  # fmt: skip
    made += offices
    made += Department.objects.bulk_create(
        Department(name=f"Enhet {n}", slug=f"enhet-{n}", parent=offices[n % len(offices)],
                   email=f"e{n}@exempel.example")
        for n in range(max(0, departments - len(made)))
    )  # fmt: skip
    channels = list(Channel.objects.all())
    tags = [Tag.objects.get_or_create(name=f"ämne {n}", slug=f"amne-{n}")[0] for n in range(40)]
    start = Account.objects.count()
    batch, statuses = [], ["active"] * 8 + ["paused", "closed"]
    for n in range(start, start + accounts):
        handle = f"nat_konto_{n}"
        status = statuses[n % len(statuses)]
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {n}"
        fields = {
            "channel": channels[n % len(channels)], "name": name, "handle": handle,
            "handle_key": handle, "url": f"https://example.org/{handle}",
            "department": made[rng.randrange(len(made))],
            "purpose": _text(rng, 14), "goals": _text(rng, 6), "audiences": "Invånare\nFöretagare",
            "content_type": "Nyheter", "status": status, "was_public": True,
            "started_on": datetime.date(2020, 1, 1), "status_since": datetime.date(2020, 1, 1),
            "closed_on": datetime.date(2024, 1, 1) if status == "closed" else None,
            "final_archive_on": datetime.date(2024, 1, 1) if status == "closed" else None,
            "contact_email": "kontakt@exempel.example", "verified_on": datetime.date(2026, 6, 1),
        }  # fmt: skip
        account = Account(**fields, channel_sort=channel_sort_key(fields["channel"]),
                          department_sort=fields["department"].name)  # fmt: skip
        account.search_text = " ".join(
            [account.name, handle, account.purpose, account.goals, account.audiences, "nyheter"]
        ).casefold()
        account.next_review = account.review_due_after()  # as save() does
        batch.append(account)
        if len(batch) == 5000:
            _accounts(Account, TaggedItem, batch, tags)
            batch = []
    if batch:
        _accounts(Account, TaggedItem, batch, tags)
    sections = Section.objects.bulk_create(
        Section(title=f"Avsnitt {n}", slug=f"nat-avsnitt-{n}", intro=_text(rng, 12), order=100 + n)
        for n in range(50)
    )
    pages_made = []
    for n in range(pages):
        page = Page(section=sections[n % len(sections)], title=f"{_text(rng, 3)[:-1]} {n}",
                    slug=f"nat-sida-{n}", summary=_text(rng, 16),
                    body="\n\n".join(_text(rng, 60) for _ in range(5)),
                    owner="Kommunikationsavdelningen",
                    owner_email="kommunikation@exempel.example",
                    last_reviewed=datetime.date(2026, 3, 31), review_interval_months=12,
                    review_due=datetime.date(2027, 3, 31), is_published=True, order=n)  # fmt: skip
        page.render()  # what save() stores; bulk_create does not call it
        pages_made.append(page)
    Page.objects.bulk_create(pages_made, batch_size=1000)


def _accounts(model, tagged, batch, tags):
    from django.contrib.contenttypes.models import ContentType

    from registry.models import AccountEvent

    created = model.objects.bulk_create(batch)
    kind = ContentType.objects.get_for_model(model)
    tagged.objects.bulk_create(
        tagged(tag=tags[account.pk % len(tags)], content_type=kind, object_id=account.pk)
        for account in created
    )
    # The public event save() records for a new account (AccountEvent.record): without them the
    # changes feed's query had no rows to walk, and its plan read every account (72 ms).
    closed, added = AccountEvent.Kind.CLOSED, AccountEvent.Kind.ADDED
    AccountEvent.objects.bulk_create(
        AccountEvent(account=account, kind=closed if account.status == "closed" else added)
        for account in created
    )
