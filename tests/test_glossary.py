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
    "mean", "std", "var", "eps", "dL", "df", "dx", "dW", "dw", "Xrot", "float32", "float64", "et", "al",
    "English", "Glossary", "GPU", "lo", "hi", "NaN", "inf", "Ioffe", "Szegedy", "affine", "ln", "W1", "W2", "k-fold", "L2", "Var", "log10", "ABCD-EFGH",
    "UTF-8", "MB", "Delete", "XOR",
}
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
