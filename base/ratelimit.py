from django.core import signing
from django.core.cache import cache


class HourlyLimit:
    """At most `per_hour` sends of a public form per sender, counted in the cache.

    The sender is known by a signature of REMOTE_ADDR, so the cache never holds an IP address.
    Behind a reverse proxy REMOTE_ADDR is the proxy's (see README on rate limits). The cache is
    per process unless a shared one is configured, which makes the limit a brake, not a wall.
    """

    def __init__(self, name, per_hour):
        self.name = name
        self.per_hour = per_hour

    def _key(self, request):
        signature = signing.Signer(salt=f"{self.name}-rate").signature(
            request.META.get("REMOTE_ADDR", "")
        )
        return f"{self.name}:{signature}"

    def reached(self, request):
        return cache.get(self._key(request), 0) >= self.per_hour

    def count(self, request):
        key = self._key(request)
        cache.add(key, 0, timeout=3600)
        cache.incr(key)
