"""Translations: one TOML file per language in ui/locales, looked up by dotted key."""
from __future__ import annotations

import tomllib
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
    return text.format(**fmt) if fmt else text


def tr(lang: str):
    """A plain translator bound to one language, for viz builders that take labels as text."""
    def _t(key: str, **fmt) -> str:
        text = lookup(lang, key)
        return text.format(**fmt) if fmt else text
    return _t
