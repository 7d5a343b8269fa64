"""One vocabulary per language: the glossary in the locale files is the rule, and these tests enforce it.

Each term of `[glossary]` lists, per language, the variants the pages must not use (Korean: 규제, never
정규화 강도, for regularisation; 에폭, 시행, 미니배치, 층 …). Korean sentences carry no English words except
names of functions, methods, datasets and symbols (ReLU, tanh, PCA, Xavier, CIFAR-10, lr …)."""
from __future__ import annotations

import re

import pytest

from ui.i18n import LANGS, flat_keys, lookup, table

# Latin words allowed inside Korean text: names of functions, methods, people, datasets and code symbols.
ALLOWED_LATIN = {
    "sigmoid", "tanh", "ReLU", "ReLUs", "Leaky", "PReLU", "ELU", "Maxout", "exp", "max", "softmax", "randn",
    "PCA", "Xavier", "He", "Glorot", "BN", "SGD", "NumPy", "CIFAR", "UCI", "AlexNet", "VGGNet", "CS231n",
    "Bergstra", "Bengio", "PyTorch", "CIFAR-10", "Krizhevsky", "Stanford", "CPU", "Training", "Neural", "Networks", "URL", "CSV", "QR",
    "Enter", "digits", "spiral", "blobs", "lr", "reg", "fan_in", "fan_out", "uniform", "log", "svd", "cov",
    "mean", "var", "eps", "dL", "df", "dx", "dW", "dw", "Xrot", "float32", "float64",
    "English", "Glossary", "GPU", "lo", "hi", "NaN", "inf", "Ioffe", "Szegedy", "ln", "W1", "W2", "k-fold", "L2", "Var", "log10", "ABCD-EFGH",
    "UTF-8", "MB", "Delete", "XOR", "drawn", "upload",
    # Lecture 7: proper names of methods and papers, and the roman numeral of the lecture's title
    "II", "AdaGrad", "Adagrad", "RMSProp", "Adam", "BFGS", "L-BFGS", "L1", "DropConnect", "Kingma", "Ba", "Srivastava",
    "MNIST", "ImageNet", "Polyak", "torch", "optim", "SciPy",
    "b1", "b2",   # the two-layer net's biases, beside W1 and W2 (gradient checks)
    # the papers behind Lecture 6: authors' names, and the symbols of Glorot & Bengio's formulas
    "Zhang", "Ren", "Sun", "n_in", "n_out", "dC", "ds",
}
# Variants the line-by-line Korean editing pass retired, each in the sentence it was found in: the glossary's avoid
# lists must catch every one, so test_no_page_uses_an_avoided_variant fails if one comes back.
RETIRED_KO = [
    ("network", "나쁜 가중치 초기화로 망가지는 10층 네트워크에 BN을 켜 보고"),
    ("noise", "분산이 아주 작은, 대부분 노이즈인 주성분에 큰 배율이 곱해집니다"),
    ("pre_activation", "BN이 사전 활성화 값을 단위 스케일로 되돌려"),
    ("affine", "뉴런마다 파라미터가 두 배입니다(선형 변환 두 개)"),
    ("affine", "2층 신경망(affine – ReLU – affine – softmax, 은닉 뉴런 50개)"),
    ("centring", "중심화, 정규화, 비상관화, 화이트닝"),
    ("centring", "PCA는 중심을 맞춘 데이터를 Σ의 고유벡터 방향으로 회전시켜"),
    ("decorrelation", "중심화, 정규화, 비상관화, 화이트닝"),
    ("reset_button", "위의 링크를 복사하거나, ‘초기화’를 누른 뒤 다시 공유하세요."),
    ("coarse_to_fine", "학습률과 규제 강도를 거친 탐색에서 세밀한 탐색으로 좁혀 가는 랜덤 탐색"),
    ("coarse_to_fine", "거친 랜덤 탐색"),
    ("grid_search", "시행을 무작위로 뽑는 대신 k × k 격자 위에 놓습니다."),
    ("digit", "검증 숫자는 픽셀당 평균 제곱 오차로 복원됩니다"),
    ("layer", "표준편차가 천천히만 줄어듭니다(1번째 층 약 0.63에서 10번째 층 0.23)."),
    ("random_init", "작은 랜덤 가중치와 tanh를 쓰면"),
    ("feature", "머리글 행이 있고, 숫자로 된 특성 열들과 레이블 열 하나로 이루어진 파일"),
    ("lr_schedule", "신경망 구조, 학습률과 그 감소 일정, 업데이트 방식"),
    ("snapshot", "서버가 {chunk}번 반복을 한꺼번에 계산하고({every}번 반복마다 스냅숏)"),
    # Lecture 7's settled terms against the variants a translator reaches for first
    ("momentum", "관성이 있는 공처럼 굴러갑니다"), ("dropout", "드랍아웃을 켜면"),
    ("data_augmentation", "데이터 어그멘테이션으로 예제를 늘립니다"), ("fine_tuning", "파인튜닝한 층"),
    ("numerical_gradient", "수치 기울기와 비교합니다"), ("l2_l1", "L2 정규화 강도"), ("weight_decay", "가중치 감소"),
    ("hessian", "헤시안의 고윳값"), ("transfer_learning", "전이학습"), ("pretrained", "사전 훈련된 신경망"),
]
BOLD_PARTICLE = re.compile(r"\*\* +[은는이가을를의에와과도로](?=[\s,.)])|[)\].,:;!?]\*\*[가-힣]")


def _values(lang: str, skip_glossary: bool = True):
    for key in sorted(flat_keys(table(lang))):
        if skip_glossary and key.startswith("glossary."):
            continue
        yield key, lookup(lang, key)


def _uses(text: str, variant: str) -> bool:
    """Whole-word match for Latin variants ("fine" is not in "affine"), substring match for Hangul ones."""
    if variant.isascii():
        return re.search(rf"(?<![A-Za-z-]){re.escape(variant)}(?![A-Za-z-])", text, re.IGNORECASE) is not None
    return variant in text


def _avoided(lang: str) -> dict[str, list[str]]:
    avoid = table(lang)["glossary"]["avoid"]
    return {term: [v.strip() for v in text.split(",") if v.strip() not in ("", "—")]
            for term, text in avoid.items()}


def test_every_term_has_a_rendering_and_a_definition_in_every_language():
    terms = set(table("en")["glossary"]["term"])
    assert len(terms) >= 30
    for lang in LANGS:
        g = table(lang)["glossary"]
        assert set(g["term"]) == set(g["def"]) == set(g["avoid"]) == terms


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_uses_an_avoided_variant(lang):
    found = []
    for term, variants in _avoided(lang).items():
        for key, text in _values(lang):
            found += [(key, v, term) for v in variants if _uses(text, v)]
    assert not found, f"{lang}: variants the glossary rules out: {found[:12]}"


def test_the_rule_catches_regularisation_called_normalisation():
    """The check itself: a Korean line that says 정규화 강도 for regularisation strength is caught."""
    variants = _avoided("ko")["regularisation"]
    assert any(_uses("학습률과 정규화 강도를 로그 스케일로", v) for v in variants)
    assert any(_uses("coarse 단계는 몇 epoch만으로", v) for v in _avoided("ko")["epoch"] + _avoided("ko")["coarse_to_fine"])
    assert not any(_uses("affine – ReLU – affine", v) for v in _avoided("ko")["coarse_to_fine"])


@pytest.mark.parametrize("term,sentence", RETIRED_KO)
def test_every_retired_korean_variant_is_caught(term, sentence):
    assert any(_uses(sentence, v) for v in _avoided("ko")[term]), (term, sentence)


def test_english_left_in_korean_is_caught():
    """affine, std and et al. were English words inside Korean sentences; they are no longer allowed."""
    assert {"affine", "std", "et", "al"} <= _latin_words("아핀 대신 affine, 표준편차 대신 std, Krizhevsky et al. 2012")
    assert not {"affine", "std", "et", "al"} & ALLOWED_LATIN


def _latin_words(text: str) -> set[str]:
    text = re.sub(r"`[^`]*`", " ", text)                 # code spans are code
    text = re.sub(r"\{[^}]*\}|<[^>]*>|https?://\S+", " ", text)   # placeholders, tags, links
    text = re.sub(r"\d[\d.]*e[-+−]?\d+", " ", text)                # numbers such as 1e-5
    words = (w.rstrip("_-'") for w in re.findall(r"[A-Za-z][A-Za-z0-9_'-]*", text))
    return {w for w in words if len(w) > 1}


def test_korean_sentences_carry_no_english_words():
    bad = {}
    for key, text in _values("ko"):
        words = {w for w in _latin_words(text) if w not in ALLOWED_LATIN and w.rstrip("s") not in ALLOWED_LATIN}
        if words:
            bad[key] = sorted(words)
    assert not bad, f"English inside Korean text: {dict(list(bad.items())[:15])} … ({len(bad)} keys)"


def test_bold_text_is_closed_before_a_particle():
    """`**배치 정규화** 는` shows a stray space, and `**(…)**는` is not bold at all in Markdown:
    end the bold on a letter and attach the particle directly."""
    bad = [key for key, text in _values("ko") if BOLD_PARTICLE.search(text)]
    assert not bad, bad
