"""The shared cache of the PostgreSQL + Redis run (config/settings/test.py)."""

import re

from base.cache import RedisCache


class OwnKeysRedisCache(RedisCache):
    """The portal's Redis cache (base.cache.RedisCache) whose clear() deletes only this
    process's keys (its KEY_PREFIX).

    Django's clear() is FLUSHDB: every key in the database, and the test workers share one
    Redis. A rate-limit test in one worker cleared the cache, made two requests and expected
    the third refused; another worker's clear() between them wiped its count, and the third
    was let through (200 instead of 429)."""

    def clear(self):
        client = self._cache.get_client(None, write=True)
        pattern = re.sub(r"([\\*?\[\]])", r"\\\1", self.key_prefix) + ":*"
        keys = list(client.scan_iter(match=pattern, count=1_000))
        if keys:
            client.delete(*keys)
        return True
