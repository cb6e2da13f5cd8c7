"""A shortlist's reasons kept in English (a sourcing candidate's snapshot of the day it was added) told again in the
reader's language. The templates are read from trust/reasons.py itself, so the two never drift apart."""
import ast
from pathlib import Path

from core.retell import Retelling
from trust.blueprint import bp
from trust.scoring import ORDINAL


def _templates() -> list[str | tuple[str, str]]:
    found: list[str | tuple[str, str]] = []
    for node in ast.walk(ast.parse(Path(__file__).with_name("reasons.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("gettext", "ngettext"):
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if texts:
                found.append(texts[0] if len(texts) == 1 else (texts[0], texts[1]))
    # Longest first: "%(name)s (%(degree)s, verified buyer)" before "%(name)s (%(degree)s)".
    return sorted(found, key=lambda t: -len(t if isinstance(t, str) else t[0]))


_RETOLD = Retelling(_templates(), words=[*ORDINAL.values(), "Someone", " (delivery verified)"],
                    shapes={"on": r"\d{4}-\d{2}", "rating": r"[\d.]+", "count": r"\d+", "average": r"[\d.]+"})


def told_again(reason: str) -> str:
    """One stored English reason in the current language (one no template knows stays as stored)."""
    return _RETOLD(reason)


@bp.app_template_filter("reason")
def reason_filter(reason: str) -> str:
    """{{ r|reason }}: a stored reason in the reader's language (sourcing's candidate snapshots)."""
    return told_again(reason)
