"""Reading the demo content's Markdown files: "key: value" front matter, then a body."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Document:
    meta: dict
    body: str
    path: Path = field(default=None)


def read_document(path):
    text = path.read_text(encoding="utf-8")
    meta = {}
    if text.startswith("---\n"):
        header, _, text = text[4:].partition("\n---\n")
        for line in header.splitlines():
            if line.strip():
                key, _, value = line.partition(":")
                meta[key.strip()] = value.strip()
    return Document(meta=meta, body=text.strip() + "\n", path=path)
