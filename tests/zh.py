"""For tests of pages in Chinese: the English finder, and a person who reads Chinese, signed in."""
import re
from html.parser import HTMLParser

from tests.conftest import PASSWORD

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
