"""Turning what a person typed into a Lucene query for the full-text indexes (no Lucene syntax from users)."""
import re

MAX_TERMS = 8
# Every character Lucene's classic query parser treats as syntax; each is escaped with a backslash.
LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def escape(term: str) -> str:
    """The term with Lucene's syntax characters escaped."""
    return LUCENE_SPECIAL.sub(r"\\\1", term)


def lucene_query(text: str) -> str:
    """Words only, lower-cased (so AND/OR/NOT are words), escaped, each matched exactly or as a prefix; "" if none."""
    terms = [escape(t.lower()) for t in re.findall(r"\w+", text)][:MAX_TERMS]
    return " ".join(f"{t} {t}*" for t in terms)
