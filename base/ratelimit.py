import ipaddress
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache


def client_address(request):
    """The address of the client that sent the request, as far as we can trust it.

    Behind reverse proxies REMOTE_ADDR is the nearest proxy's. Only when it is one of
    PORTAL_TRUSTED_PROXIES is X-Forwarded-For read, from the right: the first address that is not
    a trusted proxy is the client (anything further left was written by the client itself).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "PORTAL_TRUSTED_PROXIES", ())
    if not trusted or not _within(remote, trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for address in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _within(address, trusted):
            return address if _parses(address) else remote
    return remote


def _parses(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _within(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


class HourlyLimit:
    """At most `per_hour` sends of a public form per sender, counted in the cache.

    The sender is known by a signature of its address (client_address), so the cache never holds
    an IP address. With REDIS_URL the count is shared by every application server; with the
    default per-process cache it is per process, which makes the limit a brake, not a wall.
    """

    def __init__(self, name, per_hour=None):
        self.name = name
        self._per_hour = per_hour

    @property
    def per_hour(self):
        # A setting (PORTAL_FORM_LIMIT_PER_HOUR) unless the limit was given in code.
        return self._per_hour or settings.PORTAL_FORM_LIMIT_PER_HOUR

    def _key(self, request):
        signature = signing.Signer(salt=f"{self.name}-rate").signature(client_address(request))
        return f"{self.name}:{signature}"

    def reached(self, request):
        return cache.get(self._key(request), 0) >= self.per_hour

    def count(self, request):
        key = self._key(request)
        cache.add(key, 0, timeout=3600)
        cache.incr(key)


class RequestLimit:
    """At most N requests per client in a window of seconds, for reads that cost (the API,
    exports, search). The limits are settings (PORTAL_RATE_LIMITS: name -> (requests,
    seconds)); counted in the cache, so shared by every server when REDIS_URL is set."""

    def __init__(self, name):
        self.name = name

    def retry_after(self, request):
        """Seconds until the client may ask again, or 0 when this request is within the limit
        (and is counted)."""
        allowed, seconds = settings.PORTAL_RATE_LIMITS[self.name]
        now = time.time()
        window = int(now // seconds)
        signature = signing.Signer(salt=f"{self.name}-rate").signature(client_address(request))
        key = f"{self.name}:{window}:{signature}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds + 1)
            count = 1
        if count <= allowed:
            return 0
        return max(1, int((window + 1) * seconds - now) + 1)
