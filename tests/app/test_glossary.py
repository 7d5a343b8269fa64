"""The glossary page lists every term in both languages, each beside its rendering in the other."""
import pytest

from tests.app.conftest import run_page
from ui.i18n import table


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_glossary_lists_every_term_in_both_languages(lang):
    at = run_page("glossary", lang=lang)
    assert at.title[0].value == table(lang)["glossary"]["title"]
    df = at.table[0].value
    other = "ko" if lang == "en" else "en"
    terms = table(lang)["glossary"]["term"]
    assert len(df) == len(terms) >= 30
    assert list(df.iloc[:, 0]) == list(terms.values())
    assert list(df.iloc[:, 1]) == [table(other)["glossary"]["term"][k] for k in terms]
    if lang == "ko":
        row = df[df.iloc[:, 0] == "규제"].iloc[0]
        assert row.iloc[1] == "regularisation" and "정규화 강도" in row.iloc[3]
