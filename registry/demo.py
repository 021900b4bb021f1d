"""Reads the demo registry in fixtures/konton/ (format: fixtures/konton/FORMAT.md)."""

import tomllib

from django.db import transaction

from channels.models import Channel

from .models import Account, Communicator, Department, Incident


@transaction.atomic
def load_registry(folder):
    with open(folder / "departments.toml", "rb") as file:
        departments = tomllib.load(file)["department"]
    with open(folder / "accounts.toml", "rb") as file:
        accounts = tomllib.load(file)["account"]

    by_slug = {}
    for row in departments:
        by_slug[row["slug"]] = Department.objects.create(
            slug=row["slug"],
            name=row["name"],
            parent=by_slug[row["parent"]] if row.get("parent") else None,
            email=row.get("email", ""),
        )
    channels = {channel.slug: channel for channel in Channel.objects.all()}
    for row in accounts:
        account = Account(
            channel=channels[row["channel"]],
            name=row["name"],
            url=row.get("url", ""),
            platform_id=row.get("platform_id", ""),
            department=by_slug[row["department"]],
            purpose=row["purpose"],
            goals=row.get("goals", ""),
            audiences="\n".join(row.get("audiences", [])),
            content_type=row.get("content_type", ""),
            language=row.get("language", "sv"),
            status=row["status"],
            started_on=row.get("started_on"),
            closed_on=row.get("closed_on"),
            contact_email=row["contact_email"],
            verified_on=row.get("verified_on"),
            **row.get("routines", {}),
        )
        account.full_clean()
        account.save()
        for incident in row.get("incidents", []):
            Incident.objects.create(account=account, **incident)
        account.other_departments.set([by_slug[slug] for slug in row.get("other_departments", [])])
        account.tags.set(row.get("tags", []))
    with open(folder / "communicators.toml", "rb") as file:
        communicators = tomllib.load(file)["communicator"]
    for order, row in enumerate(communicators):
        communicator = Communicator(
            name=row["name"], department=by_slug.get(row["department"]), email=row["email"],
            phone=row.get("phone", ""), helps_with=row["helps_with"], order=order,
        )  # fmt: skip
        communicator.full_clean()
        communicator.save()
    return len(accounts)
