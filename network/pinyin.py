"""The pinyin form of a name, stored beside it so search finds 张伟 by "zhang wei", "zhangwei" or "zw"."""
import os
import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def pinyin_form(name: str | None) -> str:
    """Syllables, adjacent pairs, the whole run joined and its initials, for each run of Chinese characters.

    "杭州阀门" → "hang zhou fa men hangzhou zhoufa famen hangzhoufamen hzfm"; "" for names without Chinese
    (an empty string, not null, so the back-fill knows the name was seen).
    """
    words: list[str] = []
    runs = HAN.findall(name or "")
    if not runs:
        return ""
    # Loaded on the first Chinese name only, without pypinyin's phrase dictionary: names are read character by
    # character anyway, and the phrases cost every server process 44 MB (bench-chat's RSS target is 150 MB).
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, lazy_pinyin

    for run in runs:
        syllables = [s.lower() for s in lazy_pinyin(run, style=Style.NORMAL, v_to_u=False)]
        words += syllables
        words += [a + b for a, b in zip(syllables, syllables[1:], strict=False)]
        if len(syllables) > 2:
            words.append("".join(syllables))
        if len(syllables) > 1:
            words.append("".join(s[0] for s in syllables if s))
    return " ".join(dict.fromkeys(w for w in words if w))


def with_pinyin(rows: list[dict]) -> list[dict]:
    """Rows with name_pinyin computed from their name (every write of a name goes through here)."""
    return [{**row, "name_pinyin": pinyin_form(row.get("name"))} for row in rows]
