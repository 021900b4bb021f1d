import pytest


@pytest.fixture(autouse=True)
def fresh_identity():
    """The organisation's identity is cached (base.identity). Each test starts from the
    environment's defaults, as a fresh install does, already cached (so query counts are
    those of a warm server); a test's rolled-back site settings never follow it."""
    from base import identity, pagecache

    # Pages kept by an earlier test show its rolled-back data: start each test afresh.
    pagecache.forget_all()
    identity._cache().set(identity.KEY, identity.defaults(), identity.IDENTITY_SECONDS)
    yield
    identity._cache().delete(identity.KEY)
