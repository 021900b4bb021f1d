"""A fixed "today" for tests of date rules: the suite gives the same answer on any day."""

import datetime
from unittest import mock

from django.utils import timezone


def today_is(date):
    """Patch Django's clock so that timezone.now() and timezone.localdate() say `date`, noon."""
    moment = datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)
    return mock.patch.object(timezone, "now", return_value=moment)
