"""Scoring the judged queries (judged.py and test_relevance.py) against the configured engine:
success@3 (the target in the top three), mean reciprocal rank over the top ten, and the share
of queries that found nothing. Used by test_relevance.py and by bench/search_judged."""

from dataclasses import dataclass

from registry.models import Account
from search.engine import search

from . import judged

TOP = 10


@dataclass
class Score:
    queries: int = 0
    top_three: int = 0
    reciprocal_ranks: float = 0.0
    empty: int = 0
    misses: list = None

    @property
    def success_at_3(self):
        return self.top_three / self.queries if self.queries else 0.0

    @property
    def mrr(self):
        return self.reciprocal_ranks / self.queries if self.queries else 0.0

    @property
    def zero_rate(self):
        return self.empty / self.queries if self.queries else 0.0

    def add(self, other):
        self.queries += other.queries
        self.top_three += other.top_three
        self.reciprocal_ranks += other.reciprocal_ranks
        self.empty += other.empty
        self.misses = (self.misses or []) + (other.misses or [])


def groups():
    """{group: [(query, {acceptable urls})]}: the original judged set and judged.py's."""
    from .test_relevance import JUDGED, JUDGED_ACCOUNTS

    def urls(targets):
        return {targets} if isinstance(targets, str) else set(targets)

    def account_urls(names):
        names = [names] if isinstance(names, str) else list(names)
        accounts = Account.objects.filter(name__in=names, status="active")
        return {account.get_absolute_url() for account in accounts}

    found = {"original": [(q, urls(t)) for q, t in JUDGED]}
    found["original"] += [(q, account_urls(name)) for q, name in JUDGED_ACCOUNTS]
    for name, pairs in judged.GROUPS.items():
        convert = account_urls if pairs is judged.ACCOUNTS else urls
        found[name] = [(query, convert(targets)) for query, targets in pairs]
    return found


def score(pairs):
    result = Score(misses=[])
    for query, wanted in pairs:
        found = search(query, per_page=TOP)
        shown = [hit.url for hit in found.hits]
        rank = next((n for n, url in enumerate(shown) if url in wanted), None)
        result.queries += 1
        result.empty += not found.total
        if rank is not None:
            result.reciprocal_ranks += 1 / (rank + 1)
            result.top_three += rank < 3
        if rank is None or rank >= 3:
            result.misses.append((query, shown[:3]))
    return result


def score_all():
    """{group: Score} and the total."""
    scores = {name: score(pairs) for name, pairs in groups().items()}
    total = Score(misses=[])
    for group_score in scores.values():
        total.add(group_score)
    return scores, total


def table(scores, total):
    lines = [f"{'group':<14}{'queries':>8}{'success@3':>11}{'MRR':>7}{'zero':>7}"]
    for name, s in [*scores.items(), ("all", total)]:
        lines.append(f"{name:<14}{s.queries:>8}{s.success_at_3:>10.0%}{s.mrr:>8.2f}"
                     f"{s.zero_rate:>7.0%}")  # fmt: skip
    return "\n".join(lines)
