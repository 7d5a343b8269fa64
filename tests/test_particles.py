"""Korean particles after symbols, numbers, English names, brackets, quotes and placeholders.

A Korean particle pair (을/를, 이/가, 은/는, 과/와, 으로/로) follows the sound of the syllable before it. After Hangul a
writer hears it; after what is not Hangul the eye misleads, so the check reads those tokens as a Korean lecturer says
them, with the one reader the app uses at run time (`ui.i18n.reading`: 1 일, 3 삼, 6 육, 10 십, 100 백, a² 에이 제곱,
ε 엡실론, BN 비엔, % 퍼센트 …; see its comment for the rules). Tokens it cannot read for certain (an unknown English
word, ln, ‖W‖, |x|) are left alone: the test decides only what it can decide.

A particle after a {placeholder} (directly, or through a bracket or bold: "({w1}, {w2})를", "**{share}**가") is decided
by the value, so it is written in the marked form `을(를)`, `이(가)`, `은(는)`, `과(와)`, `(으)로` and chosen after
formatting by `ui.i18n.particles` ("{k}(으)로" -> "3으로", "2로"). A hand-written particle there fails, and so does a
marked form the writer could have decided ("{n}개을(를)"). Phrasing around the value stays fine ("{k}개를", "{end}까지").

A button the sentence tells the student to press is named in quotes, "'처음부터' 버튼을 누르면": a label glued to a
particle ("처음부터를 누르면") or to 버튼 without quotes is caught for every label in `BUTTONS`."""
from __future__ import annotations

import re

import pytest

from ui.i18n import MARK, C, L, V, flat_keys, lookup, particles, reading, syllable, table

PAIRS = {"을": C, "를": V, "이": C, "가": V, "은": C, "는": V, "과": C, "와": V, "으로": C, "로": V}
PARTICLE = re.compile(r"(으로|로|을|를|이|가|은|는|과|와)(?=(?:[^가-힣]|$)|(?<=로)(?:는|도|서|써|부터|의|만)"
                      r"|(?<=[과와])(?:의|는|도))")
FIELD = re.compile(r"\{[^{}]*\}")


def _allows(particle: str, r: str) -> bool:
    wants_vowel_form = r == V or (r == L and particle in ("으로", "로"))
    return (PAIRS[particle] == V) == wants_vowel_form


def _probe(text: str, value: str) -> str:
    """The template with every {placeholder} replaced by one character, so positions match between probes."""
    return FIELD.sub(value, text)


def wrong_particles(text: str) -> list[str]:
    """Every particle whose form is wrong for the reading of the token before it, and every particle written by hand
    where a {placeholder}'s value decides it (it must be marked: "{k}을(를)", resolved by ui.i18n.particles).

    The placeholder test formats the template twice, with 2 (이, open) and with 3 (삼, closed): a particle whose
    reading changes between the two depends on the value, also through a bracket or bold ("({w1}, {w2})를")."""
    masked = MARK.sub(lambda m: "\x00" * len(m.group(0)), text)    # marked forms are decided at run time
    open_, closed = _probe(masked, "2"), _probe(masked, "3")
    bad = []
    for m in PARTICLE.finditer(open_):
        start = m.start()
        if start == 0 or syllable(open_[start - 1]) is not None:
            continue                                      # after Hangul: the writer hears it
        r, r3 = reading(open_, start), reading(closed, start)
        context = f"…{open_[max(0, start - 15):start + 3]}…"
        if r != r3:
            bad.append(f"{context} (a particle after a placeholder: write it marked, 을(를) …)")
        elif r is not None and not _allows(m.group(1), r):
            bad.append(context)
    return bad


def needless_marks(text: str) -> list[str]:
    """A marked particle the writer could decide (its reading does not depend on a placeholder): write the form."""
    open_, closed = _probe(text, "2"), _probe(text, "3")
    return [f"…{open_[max(0, m.start() - 15):m.end()]}…" for m in MARK.finditer(open_)
            if reading(open_, m.start()) == reading(closed, m.start())]


def _korean():
    for key in sorted(flat_keys(table("ko"))):
        yield key, lookup("ko", key)


def test_every_korean_particle_after_a_symbol_number_name_or_quote_fits_its_reading():
    bad = {key: found for key, text in _korean() if (found := wrong_particles(text))}
    assert not bad, f"{len(bad)} strings: {bad}"


@pytest.mark.parametrize("text", [
    "√(σ²_B + ε)로 정규화", "(σ² + ε)로", "√ε로", "'처음부터'을 누르면", "1/√(fan_in/2)을 써", "10로 나눕니다", "BN를 켜면",
    "ReLU을 쓰면", "PCA은", "x을 움직이며", "3로", "2으로", "0.25을", "1e-3로", "Σx²가", "Maxout는", "W과 b",
    "‘아래층에도 BN’를", "**BN**를", "`X_train`가", "{loss}로", "randn를", "[0, 1]으로", "업데이트(lr·dW)을",
    "E[a²]를", "E[a²]가 절반이 되어", "6를", "100로",
    # particles written by hand after a placeholder, each as it stood before the marked form
    "목표 ({w1}, {w2})를 향해", "(N, {k})로 줄어듭니다", "분산의 **{share}**가 남습니다",
    "{k}을", "{k}를", "{x}이", "{x}가", "{x}은", "{x}는", "{x}과", "{x}와", "{x}으로", "`{name}`을",
])
def test_the_check_catches_a_wrong_particle(text):
    assert wrong_particles(text)


@pytest.mark.parametrize("text", [
    "√(σ²_B + ε)으로 정규화", "'처음부터' 버튼을 누르면", "1/√(fan_in/2)를 써", "10으로 나눕니다", "BN을 켜면",
    "ReLU를 쓰면", "PCA는", "x를 움직이며", "3으로", "2로", "1로", "0.25를", "1e-3으로", "Σx²이", "Maxout은",
    "W와 b", "‘아래층에도 BN’을", "**BN**을", "`X_train`이", "randn을", "[0, 1]로", "업데이트(lr·dW)를",
    "1/√fan_in(Xavier)으로", "PCA(주성분 분석)는", "exp()를", "f(x)는", "x = 0이면", "0.5이고", "w₁로", "w₁으로",
    "가장 큰 |y − x|가", "ln C이다", "0°나 90°", "3×로", "{n}개", "{x}에서", "E[a²]을", "6을", "100으로",
    "목표 ({w1}, {w2})을(를) 향해", "(N, {k})(으)로", "**{share}**이(가)", "{x}과(와) {y}", "{n}개({lo} ~ {hi})를",
])
def test_the_check_leaves_right_or_undecidable_particles_alone(text):
    assert not wrong_particles(text)


@pytest.mark.parametrize("text,expected", [
    ("목표 (0.5, 0.3)을(를) 향해", "목표 (0.5, 0.3)을 향해"), ("(0.5, 2)을(를)", "(0.5, 2)를"),
    ("k = 1(으)로", "k = 1로"), ("k = 3(으)로", "k = 3으로"), ("k = 6이(가)", "k = 6이"), ("2이(가)", "2가"),
    ("10을(를)", "10을"), ("100(으)로", "100으로"), ("E[a²]을(를)", "E[a²]을"), ("ε(으)로", "ε으로"),
    ("α(으)로", "α로"), ("**87.3%**이(가)", "**87.3%**가"), ("90°은(는)", "90°는"), ("x과(와) y", "x와 y"),
    ("W과(와) b", "W와 b"), ("PCA은(는)", "PCA는"), ("ReLU을(를)", "ReLU를"), ("(N, 7)(으)로", "(N, 7)로"),
    ("학습률이(가)", "학습률이"), ("손실은(는)", "손실은"), ("모멘텀(으)로", "모멘텀으로"), ("스텝(으)로", "스텝으로"),
    ("zorp을(를)", "zorp을(를)"), ("괄호 (으)로 쓴 말", "괄호 (으)로 쓴 말"),
])
def test_the_runtime_helper_picks_the_form_of_the_reading(text, expected):
    assert particles(text) == expected


def test_t_resolves_a_marked_particle_after_formatting():
    from ui.i18n import tr
    ko = tr("ko")
    text = ko("preprocessing.pca.metrics", k=7, share="87.3%", err="0.0100", err_train="0.0090")
    assert "(N, 7)로" in text and "**87.3%**가" in text and "(으)로" not in text and "이(가)" not in text
    assert "(N, 10)으로" in ko("preprocessing.pca.metrics", k=10, share="90.0%", err="0", err_train="0")


def test_every_marked_particle_stands_where_a_value_decides_it():
    bad = {key: found for key, text in _korean() if (found := needless_marks(text))}
    assert not bad, bad


@pytest.mark.parametrize("text,caught", [("{n}개을(를)", True), ("손실이(가)", True), ("({w1}, {w2})을(를)", False)])
def test_the_needless_mark_check(text, caught):
    assert bool(needless_marks(text)) is caught


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
