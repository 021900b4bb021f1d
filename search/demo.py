"""The demo synonyms: fixtures/sok/synonymer.txt, whose header explains the format."""

from .models import Synonym


def parse_line(line):
    """(words, [alternatives], two_way) from one line, or None for a comment or a blank."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return None
    two_way = "->" not in line
    words, _sep, rest = line.partition("=" if two_way else "->")
    alternatives = [item.strip() for item in rest.split(";") if item.strip()]
    if not words.strip() or not alternatives:
        raise ValueError(f"Not a synonym line: {line!r}")
    return words.strip(), alternatives, two_way


def load_synonyms(path):
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        parsed = parse_line(line)
        if parsed:
            words, alternatives, two_way = parsed
            synonym = Synonym(words=words, alternatives="\n".join(alternatives), two_way=two_way)
            synonym.full_clean()
            synonym.save()
            count += 1
    return count
