"""For tests of pages in Chinese: the English finder, and a person who reads Chinese, signed in."""
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[1]

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
# Words allowed in a Chinese page: the brand, and names of things that are not translated.
ALLOWED = {"Guanxi", "English", "Neo4j", "CRM", "ISO", "RFQ", "CSV", "API", "UTC", "Salesforce", "HubSpot", "URL", "ID",
           "PDF", "Socket", "IO", "JSON", "OK"}


class _Text(HTMLParser):
    """The text a person reads: text nodes outside script/style, plus placeholder, title, aria-label, alt and the
    value of input buttons."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        found = dict(attrs)
        self.parts += [found[a] for a in ("placeholder", "title", "aria-label", "alt") if found.get(a)]
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.parts.append(found["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_left(html: str) -> set[str]:
    """Latin-letter words of the page's readable text that are not on the allowed list."""
    reader = _Text()
    reader.feed(html)
    return {word for part in reader.parts for word in re.findall(r"[A-Za-z][A-Za-z'’-]+", part)} - ALLOWED


def sign_in_speaking_chinese(client, api, name: str = "张伟"):
    """A new person whose setting is zh-CN, signed in on `client` (a browser that asks for English); (user, token)."""
    user, token = api.user_with_token(name)
    assert api.call("PATCH", "/api/me", token=token, json={"locale": "zh-CN"}).status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"csrf_token": csrf, "email": user["email"], "password": PASSWORD}).status_code == 302
    return user, token


# The styleguide's sample row, translated there, which demo people and orgs also carry as their own data.
SAMPLE_DATA = frozenset({"Wang Qiang", "Sinopec Procurement", "Valve buyer", "Oil and gas", "Shanghai"})


@lru_cache(maxsize=1)
def catalog_sources() -> frozenset[str]:
    """Every English source text of the catalogs that has a Chinese translation different from itself."""
    found = set()
    for po in ROOT.glob("*/translations/zh_Hans_CN/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                found.update(i for i, s in zip(ids, strings, strict=False) if i and s and s != i and "%" not in i)
    return frozenset(found)


def untranslated_sources(html: str) -> set[str]:
    """English source texts of the catalogs shown as they are in a page meant to be Chinese. Unlike english_left,
    people's own English (demo names, company names) does not count: only the product's texts do."""
    reader = _Text()
    reader.feed(html)
    parts = [" ".join(part.split()) for part in reader.parts]
    text = " ".join(parts)
    sources = catalog_sources() - SAMPLE_DATA
    whole = {part for part in parts if part in sources}
    phrases = {s for s in sources if " " in s and len(s) > 12 and s in text}
    return whole | phrases
