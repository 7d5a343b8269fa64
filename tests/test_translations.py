"""Both languages carry exactly the same keys, and every value is non-empty text."""
from ui.i18n import LANGS, flat_keys, lookup, table


def test_same_keys_in_every_language():
    en = flat_keys(table("en"))
    for lang in LANGS:
        keys = flat_keys(table(lang))
        assert keys == en, f"{lang}: missing {sorted(en - keys)[:10]}, extra {sorted(keys - en)[:10]}"


def test_values_are_nonempty_and_format_fields_match():
    import string
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key in flat_keys(table("en")):
        en, ko = lookup("en", key), lookup("ko", key)
        assert isinstance(en, str) and en.strip() and isinstance(ko, str) and ko.strip(), key
        assert fields(en) == fields(ko), f"{key}: placeholders differ"


def test_korean_is_actually_korean():
    ko_text = " ".join(lookup("ko", k) for k in flat_keys(table("ko")))
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in ko_text)
    assert hangul > 0.2 * len(ko_text.replace(" ", "")) * 0.5


def test_init_formulas_are_the_same_in_every_language():
    """They are option labels stored in the URL: a link must open the same scheme under any language."""
    assert table("en")["common"]["init"] == table("ko")["common"]["init"]


# ---- One typography in Korean prose (the glossary's avoid lists name variants on purpose and are skipped) ----------
import re  # noqa: E402

import pytest  # noqa: E402

TYPOGRAPHY = {
    "straight quote (Korean prose quotes with ‘ ’ and “ ”)": re.compile(r"['\"]"),
    "일시 정지 written apart (일시정지, one word, as on the button)": re.compile(r"일시 정지"),
    "layer N written as N번째 층 / 열 번째 층 (write N층: 10층, {n}층)": re.compile(r"번째 층"),
    "space before % or a closing bracket": re.compile(r"(?<=\S) +[%)\]}](?![^{]*\})"),
}


def typography_faults(text: str) -> list[str]:
    text = re.sub(r"`[^`]*`", "``", text)           # code spans are code
    return [rule for rule, pattern in TYPOGRAPHY.items() if pattern.search(text)]


def test_korean_typography_is_one():
    bad = {key: typography_faults(lookup("ko", key)) for key in sorted(flat_keys(table("ko")))
           if not key.startswith("glossary.avoid.") and typography_faults(lookup("ko", key))}
    assert not bad, bad


@pytest.mark.parametrize("text", [
    "'빠르게, 그다음 천천히' 모양", "\"CSV UTF-8\"로 저장", "일시 정지됨", "10번째 층", "열 번째 층의 표준편차",
    "학습 80 % / 검증 20 %", "죽은 뉴런 %", "(숫자 )", "[0, 1 ]",
])
def test_the_typography_check_catches(text):
    assert typography_faults(text)


@pytest.mark.parametrize("text", [
    "‘빠르게, 그다음 천천히’ 모양", "일시정지됨", "10층", "{n}층", "학습 80% / 검증 20%", "죽은 뉴런(%)",
    "(N, {k})(으)로", "`x = 'a'`", "{byte}번째 바이트",
])
def test_the_typography_check_leaves_alone(text):
    assert not typography_faults(text)
