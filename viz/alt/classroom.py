"""Text alternative of the class tally (viz/classroom.py): how many answered, each option's count or the
estimates' range, and, once revealed, the truth."""
from __future__ import annotations

from viz.alt import T, listing, num


def tally(options: dict[str, str] | None, tally: dict, t: T, truth=None) -> str:
    n = int(tally.get("n", 0))
    if options:
        counts = listing(f"{label} {tally['counts'].get(code, 0)}" for code, label in options.items())
        text = t("alt.classroom.choices", n=n, counts=counts)
        if truth in options:
            text += " " + t("alt.classroom.truth", truth=options[truth])
        return text
    values = [float(v) for v in tally.get("values", [])]
    text = (t("alt.classroom.estimates", n=len(values), lo=num(min(values)), hi=num(max(values))) if values
            else t("alt.classroom.none"))
    if isinstance(truth, (int, float)):
        text += " " + t("alt.classroom.truth", truth=num(truth))
    return text
