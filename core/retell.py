"""Sentences the app stored in English for the record (a shortlist's reasons on the day a candidate was added) told
again in the reader's language: each catalog template becomes a pattern, and a stored sentence that matches one is
translated with the values it held, those values told again in turn ("Li (1st, verified buyer)" inside a rating)."""
import re
from collections.abc import Iterable

from flask_babel import gettext, ngettext

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


class Retelling:
    """Tells stored English sentences again; `templates` are msgids, or (singular, plural) pairs for ngettext."""

    def __init__(self, templates: Iterable[str | tuple[str, str]], words: Iterable[str] = (),
                 shapes: dict[str, str] | None = None):
        self.words = frozenset(words)  # whole values that are catalog words themselves ("1st", "Someone")
        # What a placeholder's value looks like where two placeholders meet ("%(on)s%(proof)s"): a date, a number.
        self.shapes = shapes or {}
        self.patterns = []
        for template in templates:
            forms = template if isinstance(template, tuple) else (template,)
            for plural, form in enumerate(forms):
                self.patterns.append((_pattern(form, self.shapes), template, plural))

    def __call__(self, text: str, depth: int = 0) -> str:
        """The sentence in the current language; one no template knows stays as it was stored."""
        if depth > 4 or not text:
            return text
        if text in self.words:
            return gettext(text)
        for pattern, template, plural in self.patterns:
            found = pattern.fullmatch(text)
            if found is None:
                continue
            values = {name: self(value, depth + 1) for name, value in found.groupdict().items()}
            if isinstance(template, tuple):  # a singular without a number in it ("an expert") counts one
                return ngettext(template[0], template[1], int(values.pop("num", 2 if plural else 1)), **values)
            return gettext(template, **values)
        return text


def _pattern(template: str, shapes: dict[str, str]) -> re.Pattern:
    parts, last = [], 0
    for placeholder in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:placeholder.start()]))
        name, kind = placeholder.groups()
        shape = "\\d+" if kind == "d" else shapes.get(name, ".*?")
        parts.append(f"(?P<{name}>{shape})")
        last = placeholder.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)
