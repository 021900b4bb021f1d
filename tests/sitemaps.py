"""The whole sitemap as one text: the index at /sitemap.xml and every part it lists."""

import re
from urllib.parse import urlsplit


def part_addresses(client):
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index, index[:200]
    return [urlsplit(loc)._replace(scheme="", netloc="").geturl()
            for loc in re.findall(r"<loc>([^<]+)</loc>", index)]  # fmt: skip


def whole_sitemap(client):
    return "".join(client.get(address).content.decode() for address in part_addresses(client))
