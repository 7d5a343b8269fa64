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
