"""Colour science for the accessibility checks: WCAG contrast ratios, colour-vision-deficiency simulation
(Machado, Oliveira & Fernandes 2009) and the CIEDE2000 colour difference, in plain NumPy.

tests/viz/test_colour_vision.py holds every palette of the app (viz.style.PALETTES) above a stated minimum
difference under protanopia, deuteranopia and tritanopia, and checks these formulas against published values."""
from __future__ import annotations

from itertools import combinations

import numpy as np

# Machado et al. 2009, "A Physiologically-based Model for Simulation of Color Vision Deficiency", Table 1 at
# severity 1.0 (dichromacy): applied to linear RGB.
MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
# sRGB (D65) -> XYZ, and the D65 white point
_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                 [0.2126729, 0.7151522, 0.0721750],
                 [0.0193339, 0.1191920, 0.9503041]])
_WHITE = np.array([0.95047, 1.0, 1.08883])


def rgb(hex_colour: str) -> np.ndarray:
    """'#1f5fa8' -> sRGB in [0, 1]."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255.0


def linear(srgb: np.ndarray) -> np.ndarray:
    srgb = np.asarray(srgb, float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def encode(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(np.asarray(lin, float), 0.0, 1.0)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance."""
    return float(linear(rgb(hex_colour)) @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio, 1 … 21 (text needs 4.5 at AA, 7 at AAA)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def simulate(hex_colour: str, kind: str) -> np.ndarray:
    """The sRGB colour a dichromat of `kind` sees (Machado 2009 at severity 1.0); kind "normal" is the identity."""
    c = rgb(hex_colour)
    return c if kind == "normal" else encode(MACHADO[kind] @ linear(c))


def lab(srgb: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] -> CIELAB (D65)."""
    xyz = _XYZ @ linear(srgb) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference of two CIELAB colours (Sharma, Wu & Dalal 2005, kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if c2p else 0.0
    dL, dC = L2 - L1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p if abs(h2p - h1p) <= 180 else
                                      h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360)
    dH = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = (-2 * np.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25.0 ** 7))
           * np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2)))))
    return float(np.sqrt((dL / s_l) ** 2 + (dC / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dC / s_c) * (dH / s_h)))


def min_difference(palette, kind: str = "normal") -> tuple[float, tuple[str, str]]:
    """The smallest CIEDE2000 difference between any two colours of `palette` as a viewer of `kind` sees them,
    and that pair."""
    labs = {c: lab(simulate(c, kind)) for c in palette}
    return min((ciede2000(labs[a], labs[b]), (a, b)) for a, b in combinations(palette, 2))
