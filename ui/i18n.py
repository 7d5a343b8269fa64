"""Translations: one TOML file per language in ui/locales, looked up by dotted key.

Korean particles after a value known only at run time are written in a marked form and decided after formatting by
`particles`: `{k}을(를)`, `{x}이(가)`, `{x}은(는)`, `{x}과(와)`, `{x}(으)로`. The form follows the Korean reading of the
text before it (`reading`): "{k}(으)로" with k = 3 gives "3으로" (삼), with k = 2 "2로" (이)."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

import streamlit as st

LANGS = ("en", "ko")
LANG_KEY = "lang"  # widget key and URL parameter: ?lang=en|ko
_DIR = Path(__file__).parent / "locales"


@cache
def table(lang: str) -> dict:
    """The whole translation table of one language (nested dicts of strings)."""
    with open(_DIR / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)


def flat_keys(tree: dict, prefix: str = "") -> set[str]:
    """All dotted keys of a nested table: used by the test that both languages match."""
    keys: set[str] = set()
    for k, v in tree.items():
        path = f"{prefix}{k}"
        keys |= flat_keys(v, path + ".") if isinstance(v, dict) else {path}
    return keys


def browser_default() -> str:
    """Korean when the browser asks for it, English otherwise."""
    try:
        locale = st.context.locale or ""
    except Exception:  # no browser context (bare script run)
        locale = ""
    return "ko" if locale.lower().startswith("ko") else "en"


def current_lang() -> str:
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGS else browser_default()


def lookup(lang: str, key: str):
    node = table(lang)
    for part in key.split("."):
        node = node[part]
    return node


def t(key: str, **fmt) -> str:
    """The current language's text for `key`, formatted with `fmt`.

    A missing key shows the key itself rather than raising, so a gap in one
    language is visible on screen and caught by the key-parity test, never a traceback."""
    lang = current_lang()
    try:
        text = lookup(lang, key)
    except (KeyError, TypeError):
        try:
            text = lookup("en", key)
        except (KeyError, TypeError):
            return key
    return particles(text.format(**fmt)) if fmt else text


def tr(lang: str):
    """A plain translator bound to one language, for viz builders that take labels as text."""
    def _t(key: str, **fmt) -> str:
        text = lookup(lang, key)
        return particles(text.format(**fmt)) if fmt else text
    return _t


# ---- Korean particles read from the value before them -------------------------------------------------------------
# A particle pair (을/를, 이/가, 은/는, 과/와, 으로/로) follows the sound of the syllable before it: the first form after a
# closed syllable (받침), the second after an open one, and 로 (not 으로) also after ㄹ. After what is not Hangul the
# tokens are read as a Korean lecturer says them:
# - a number by its Korean reading: 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구, a whole number ending in 0 by its
#   place (십, 백, 천, 만): "3으로", "2로", "10을"; after a decimal point digit by digit ("0.25를"); 1e-3 ends on 3;
# - a superscript as 제곱/승 ("a²을": 에이 제곱), a prime as 프라임, x̂ as 엑스 햇, % as 퍼센트, ° as 도, √ as 루트, "3×" as 배;
# - Greek letters by name: ε 엡실론 (closed: "ε으로"), every other (α 알파, β 베타, γ 감마, μ 뮤, σ 시그마 …) open;
# - one Latin letter, or an all-capital acronym's last letter, as the English letter (x 엑스, W 더블유, L 엘, N 엔:
#   "BN을", "PCA를"), and names by `WORDS` (ReLU 렐루, Maxout 맥스아웃, randn 랜드엔, fan_in 팬인 …);
# - a quote by the last word inside it ("'처음부터' 버튼을"); bold and code marks are transparent;
# - a bracket: a formula, "(" after √, a space or an operator, or "[" after a name (E[a²]: 이 에이 제곱), by its last
#   term ("√(σ² + ε)으로", "[0, 1]로", "E[a²]을");
#   a gloss, "(" right after Hangul, by the word before it ("업데이트(…)를"); "(" right after a name (f(x), BN(…))
#   only where the name and the last term inside read alike; an empty call (exp()) by its name.
# What it cannot read for certain (an unknown English word, ln, ‖W‖, |x|) gives None.
V, L, C = "V", "L", "C"   # open syllable, ㄹ-final, other consonant-final
DIGIT = {"0": C, "1": L, "2": V, "3": C, "4": V, "5": V, "6": C, "7": L, "8": L, "9": V}
LETTER = {ch: V for ch in "abcdefghijkopqstuvwxyz"} | {"l": L, "r": L, "m": C, "n": C}
GREEK = {ch: V for ch in "αβγδζηθικλμνξοπρστυφχψωΣΔΓΘΛΠΦΨΩ"} | {"ε": C, "ϵ": C}
SYMBOL = {"%": V, "°": V, "√": V, "∞": V, "′": C, "″": C}
# Names and code words by their usual Korean reading (lower case; an identifier's last `_` segment is looked up).
WORDS = {
    "relu": V, "prelu": V, "elu": V, "sigmoid": V, "tanh": V, "softmax": V, "max": V, "maxout": C, "numpy": V,
    "pytorch": V, "xavier": V, "he": V, "glorot": V, "bengio": V, "bergstra": V, "krizhevsky": V, "ioffe": V,
    "szegedy": V, "alexnet": C, "vggnet": C, "randn": C, "in": C, "out": C, "affine": C, "uniform": C,
    "spiral": L, "blobs": V, "digits": V, "enter": V, "nan": C, "lr": L, "reg": V, "log": V, "svd": V, "std": V,
    "mean": C, "train": C, "val": L, "dx": V, "df": V, "dw": V, "xrot": C, "cifar": V, "lo": V, "hi": V, "fold": V,
    "sgd": V, "adam": C, "adagrad": V, "rmsprop": C, "dropconnect": V, "nesterov": V,
}
QUOTES = "'’\"”」"
_OPENER = {")": "(", "]": "["}
# Marked particle -> (form after a closed syllable, form after an open one).
MARKED = {"을(를)": ("을", "를"), "이(가)": ("이", "가"), "은(는)": ("은", "는"), "과(와)": ("과", "와"),
          "(으)로": ("으로", "로")}
MARK = re.compile("|".join(re.escape(m) for m in MARKED))


def syllable(ch: str):
    """V, L or C for a Hangul syllable by its final consonant, None for any other character."""
    if "가" <= ch <= "힣":
        final = (ord(ch) - 0xAC00) % 28
        return V if final == 0 else L if final == 8 else C
    return None


def _number(text: str, end: int):
    """Reading of the number ending at text[end - 1]."""
    start = end
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",."):
        start -= 1
    num = text[start:end].strip(",.")
    if "." in num:
        return DIGIT[num[-1]]
    digits = num.replace(",", "")
    return DIGIT[digits[-1]] if digits[-1] != "0" or digits.strip("0") == "" else C


def _matching(text: str, end: int, close: str) -> int | None:
    depth, i = 0, end - 1
    while i >= 0:
        if text[i] == close:
            depth += 1
        elif text[i] == _OPENER[close]:
            depth -= 1
            if depth == 0:
                return i
        i -= 1
    return None


def reading(text: str, end: int):
    """V, L or C for how the text before `end` ends when read aloud in Korean, or None when that is not certain."""
    i = end - 1
    while i >= 0 and text[i] in "*`":                 # bold and code marks are not read
        i -= 1
    if i < 0:
        return None
    ch = text[i]
    if (r := syllable(ch)) is not None:
        return r
    if ch in QUOTES:
        return reading(text, i)
    if ch in _OPENER:
        j = _matching(text, i + 1, ch)
        if j is None:
            return None
        inner = reading(text, i) if i > j + 1 else None
        before = text[j - 1] if j else " "
        if before == "√" or before.isspace() or before in "=+−-×·/(,[" or ch == "]" and before.isalpha():
            return inner                                  # a formula, or E[a²] / Var[x] read by what is inside
            return inner
        outer = reading(text, j)
        if syllable(before) is not None or inner is None and i == j + 1:
            return outer
        return inner if inner == outer else None
    if ch.isdigit() and ch.isascii():
        return _number(text, i + 1)
    if unicodedata.category(ch) == "No" or ch in "²³¹":  # superscripts: 제곱, 승
        return None if "₀" <= ch <= "₉" else C
    if unicodedata.combining(ch):
        return C if ch == "\u0302" else None             # x̂: 엑스 햇
    if ch in GREEK:
        return GREEK[ch]
    if ch in SYMBOL:
        return SYMBOL[ch]
    if ch == "×" and i and text[i - 1].isdigit():
        return V                                          # 3×: 삼 배
    if ch.isascii() and ch.isalpha():
        j = i
        while j > 0 and text[j - 1].isascii() and (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        word = text[j:i + 1].rsplit("_", 1)[-1]
        if len(word) == 1:
            return LETTER.get(word.lower())
        if word.lower() in WORDS:
            return WORDS[word.lower()]
        if word.isupper() and word.isalpha():
            return LETTER.get(word[-1].lower())           # an acronym, letter by letter: BN 비엔, PCA 피씨에이
    return None


def particle_for(marked: str, r) -> str:
    """The form of a marked particle ("을(를)" …) after a reading; the marked form itself when the reading is unknown."""
    closed, open_ = MARKED[marked]
    if r is None:
        return marked
    return open_ if r == V or (r == L and closed == "으로") else closed


def particles(text: str) -> str:
    """Formatted text with every marked particle ("{k}을(를)" -> "3을", "{x}(으)로" -> "2로") decided by the reading of
    what stands before it (`reading`). A value it cannot read keeps the marked form, which Korean readers accept."""
    if "(" not in text:
        return text
    return MARK.sub(lambda m: particle_for(m.group(0), reading(m.string, m.start())), text)
