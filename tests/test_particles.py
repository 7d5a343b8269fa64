"""Korean particles after symbols, numbers, English names, brackets and quotes, checked where the reading decides them.

A Korean particle pair (을/를, 이/가, 은/는, 과/와, 으로/로) follows the sound of the syllable before it: the first form
after a closed syllable (받침), the second after an open one, and 로 (not 으로) also after ㄹ. After Hangul a writer
hears it; after what is not Hangul the eye misleads. So the check reads those tokens as a Korean lecturer says them:

- a number by its Korean reading: 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구, and a whole number ending in 0
  by its place (십, 백, 천, 만): "3으로", "2로", "10을"; after a decimal point digit by digit ("0.25를"); 1e-3 ends on 3;
- a superscript as 제곱/승 ("Σx²이"), a prime as 프라임, x̂ as 엑스 햇, % as 퍼센트, ° as 도, √ as 루트, "3×" as 배;
- Greek letters by name: ε 엡실론 (closed: "ε)으로"), every other (α 알파, β 베타, γ 감마, μ 뮤, σ 시그마 …) open;
- one Latin letter, or an all-capital acronym's last letter, as the English letter (x 엑스, W 더블유, L 엘, N 엔:
  "BN을", "PCA를"), and names by `WORDS` (ReLU 렐루, Maxout 맥스아웃, randn 랜드엔, fan_in 팬인 …);
- a quote by the last word inside it ("'처음부터' 버튼을", "‘아래층에도 BN’을"); bold and code marks are transparent;
- a bracket: a formula, "(" after √, a space or an operator, by its last term ("√(σ² + ε)으로", "[0, 1]로");
  a gloss, "(" right after Hangul, by the word before it ("업데이트(…)를"); "(" right after a name (f(x), BN(…),
  fan_in(Xavier)) only where the name and the last term inside read alike; an empty call (exp()) by its name.

Tokens it cannot read for certain (an unknown English word, ln, ‖W‖, |x|, a subscript before 으로/로) are left alone:
the test decides only what it can decide. A particle glued to a {placeholder} is never decidable (the number is not
known), so such a sentence must be phrased without one ("손실은 {loss}입니다", "{end}까지"), except where `PLACEHOLDER`
says how that value always ends.

A button the sentence tells the student to press is named in quotes, "'처음부터' 버튼을 누르면": a label glued to a
particle ("처음부터를 누르면") or to 버튼 without quotes is caught for every label in `BUTTONS`."""
from __future__ import annotations

import re
import unicodedata

import pytest

from ui.i18n import flat_keys, lookup, table

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
}
OPENER = {")": "(", "]": "["}
QUOTES = "'’\"”」"
PAIRS = {"을": C, "를": V, "이": C, "가": V, "은": C, "는": V, "과": C, "와": V, "으로": C, "로": V}
PARTICLE = re.compile(r"(으로|로|을|를|이|가|은|는|과|와)(?=(?:[^가-힣]|$)|(?<=로)(?:는|도|서|써|부터|의|만)"
                      r"|(?<=[과와])(?:의|는|도))")
# A placeholder whose value always ends the same way: (key, name) -> reading.
PLACEHOLDER = {("preprocessing.pca.metrics", "share"): V}     # formatted as a percentage, "87.3%"


def _hangul(ch: str):
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
        elif text[i] == OPENER[close]:
            depth -= 1
            if depth == 0:
                return i
        i -= 1
    return None


def reading(text: str, end: int):
    """V, L or C for how the text before `end` ends when read aloud, or None when that is not certain."""
    i = end - 1
    while i >= 0 and text[i] in "*`":                 # bold and code marks are not read
        i -= 1
    if i < 0:
        return None
    ch = text[i]
    if (r := _hangul(ch)) is not None:
        return r
    if ch in QUOTES:
        return reading(text, i)
    if ch in OPENER:
        j = _matching(text, i + 1, ch)
        if j is None:
            return None
        inner = reading(text, i) if i > j + 1 else None
        before = text[j - 1] if j else " "
        if before == "√" or before.isspace() or before in "=+−-×·/(,[":
            return inner
        outer = reading(text, j)
        if _hangul(before) is not None or inner is None and i == j + 1:
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


def _allows(particle: str, r: str) -> bool:
    wants_vowel_form = r == V or (r == L and particle in ("으로", "로"))
    return (PAIRS[particle] == V) == wants_vowel_form


def wrong_particles(text: str, key: str = "") -> list[str]:
    """Every particle glued to a token whose reading calls for the other form, with a little context."""
    bad = []
    for m in PARTICLE.finditer(text):
        start = m.start()
        if start == 0 or _hangul(text[start - 1]) is not None:
            continue                                      # after Hangul: the writer hears it
        k = start
        while k > 0 and text[k - 1] in "*`":
            k -= 1
        if k and text[k - 1] == "}":
            name = text[text.rfind("{", 0, k) + 1:k - 1]
            r = PLACEHOLDER.get((key, name))
            if r is None:
                bad.append(f"…{text[max(0, start - 15):start + 3]}… (a particle after {{{name}}}: rephrase)")
                continue
        else:
            r = reading(text, start)
        if r is not None and not _allows(m.group(1), r):
            bad.append(f"…{text[max(0, start - 15):start + 3]}…")
    return bad


def _korean():
    for key in sorted(flat_keys(table("ko"))):
        yield key, lookup("ko", key)


def test_every_korean_particle_after_a_symbol_number_name_or_quote_fits_its_reading():
    bad = {key: found for key, text in _korean() if (found := wrong_particles(text, key))}
    assert not bad, f"{len(bad)} strings: {bad}"


@pytest.mark.parametrize("text", [
    "√(σ²_B + ε)로 정규화", "(σ² + ε)로", "√ε로", "'처음부터'을 누르면", "1/√(fan_in/2)을 써", "10로 나눕니다", "BN를 켜면",
    "ReLU을 쓰면", "PCA은", "x을 움직이며", "3로", "2으로", "0.25을", "1e-3로", "Σx²가", "Maxout는", "W과 b",
    "‘아래층에도 BN’를", "**BN**를", "`X_train`가", "{loss}로", "randn를", "[0, 1]으로", "업데이트(lr·dW)을",
])
def test_the_check_catches_a_wrong_particle(text):
    assert wrong_particles(text)


@pytest.mark.parametrize("text", [
    "√(σ²_B + ε)으로 정규화", "'처음부터' 버튼을 누르면", "1/√(fan_in/2)를 써", "10으로 나눕니다", "BN을 켜면",
    "ReLU를 쓰면", "PCA는", "x를 움직이며", "3으로", "2로", "1로", "0.25를", "1e-3으로", "Σx²이", "Maxout은",
    "W와 b", "‘아래층에도 BN’을", "**BN**을", "`X_train`이", "randn을", "[0, 1]로", "업데이트(lr·dW)를",
    "1/√fan_in(Xavier)으로", "PCA(주성분 분석)는", "exp()를", "f(x)는", "x = 0이면", "0.5이고", "w₁로", "w₁으로",
    "가장 큰 |y − x|가", "ln C이다", "0°나 90°", "3×로", "{n}개", "{x}에서",
])
def test_the_check_leaves_right_or_undecidable_particles_alone(text):
    assert not wrong_particles(text)


# Buttons whose label a sentence may tell the student to press.
BUTTONS = ("live.reset", "live.play", "live.pause", "live.fullscreen", "lecture.reset", "lecture.prev", "lecture.next",
           "lecture.share", "lecture.csv", "classroom.start", "classroom.close", "classroom.join", "classroom.leave",
           "classroom.submit", "classroom.show", "classroom.reveal", "classroom.reset", "common.download_csv",
           "batchnorm.s1.identity_btn", "babysitting.preset_lecture", "babysitting.preset_bad_init",
           "babysitting.preset_overfit")


def unquoted_buttons(text: str, labels) -> list[str]:
    """A button named in a sentence is quoted: "'처음부터' 버튼을 누르면", never "처음부터를 누르면" or "처음부터 버튼"."""
    bad = []
    for label in labels:
        pattern = rf"(?<![가-힣‘'“\"]){re.escape(label)}(?:[을를]? 누르| 버튼)"
        bad += [m.group(0) for m in re.finditer(pattern, text)]
    return bad


def test_a_button_named_in_a_sentence_is_quoted():
    labels = [lookup("ko", key) for key in BUTTONS]
    bad = {key: found for key, text in _korean() if (found := unquoted_buttons(text, labels))}
    assert not bad, bad


@pytest.mark.parametrize("text,caught", [
    ("학습이 끝났습니다. 재생을 누르면 다시 보고, 처음부터를 누르면 새로 시작합니다.", True),
    ("처음부터 버튼으로 다시 시작할 수도 있습니다.", True),
    ("‘재생’ 버튼을 누르면 다시 보고, ‘처음부터’ 버튼을 누르면 새로 시작합니다.", False),
    ("학습률을 낮추면 처음부터 다시 학습합니다.", False),
])
def test_the_button_check(text, caught):
    assert bool(unquoted_buttons(text, ["처음부터", "재생"])) is caught
