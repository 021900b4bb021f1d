"""Telling the people who answer for a message from the public that it has come.

A model that wants it says whom to tell (`notify_recipients()`); the e-mail says what came and
links to it in the admin. It carries only what the sender wrote about the matter: their e-mail
address stays in the admin. Sent after the message is saved for good, and a mail server that
fails is logged, never the sender's problem.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

log = logging.getLogger(__name__)


def notify(message):
    recipients = [address for address in message.notify_recipients() if address]
    if recipients:
        transaction.on_commit(lambda: _send(message, recipients))


def _send(message, recipients):
    meta = message._meta
    link = settings.PORTAL_SITE_URL.rstrip("/") + reverse(
        f"admin:{meta.app_label}_{meta.model_name}_change", args=[message.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"message": message, "kind": meta.verbose_name, "link": link,
                   "details": message.notify_details()}  # fmt: skip
        subject = render_to_string("emails/public_message_subject.txt", context).strip()
        body = render_to_string("emails/public_message.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        log.exception("Could not e-mail %s about %s", recipients, message)
