"""The glossary page's table: every term of the locale files' [glossary] once, in both languages."""
from __future__ import annotations

from ui.i18n import LANGS, current_lang, t, table


def rows() -> list[dict[str, str]]:
    """One row per term: its name here, its name in the other language, its meaning, the variants not used."""
    lang = current_lang()
    other = next(x for x in LANGS if x != lang)
    here, there = table(lang)["glossary"], table(other)["glossary"]
    cols = [t(f"glossary.{c}") for c in ("col_term", "col_other", "col_def", "col_avoid")]
    # A term one locale file lacks shows a dash instead of raising (tests/test_glossary.py keeps the files in step).
    return [dict(zip(cols, (here["term"][k], there["term"].get(k, "—"), here["def"].get(k, "—"),
                            here["avoid"].get(k, "—")), strict=True))
            for k in here["term"]]
