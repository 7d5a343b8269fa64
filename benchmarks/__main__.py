"""Run every benchmark case and print the table: case, median ms, GFLOP/s, baseline, ratio, budget."""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import benchmarks
from benchmarks import median_ms


def main(argv: list[str]) -> int:
    only = argv[0] if argv else ""
    rows, failed = [], 0
    for mod in sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")):
        if only and only not in mod:
            continue
        for case in importlib.import_module(f"benchmarks.{mod}").CASES:
            ms = median_ms(case.fn, case.repeats)
            base = median_ms(case.baseline, case.repeats) if case.baseline else None
            ratio = ms / base if base else None
            ok = (case.target_ms is None or ms <= case.target_ms) and \
                 (case.max_ratio is None or ratio is None or ratio <= case.max_ratio)
            failed += not ok
            budget = " ".join(b for b in (f"<{case.target_ms:g} ms" if case.target_ms else "",
                                          f"ratio<{case.max_ratio:g}" if case.max_ratio else "") if b)
            rows.append((case.name, f"{ms:9.2f}", f"{case.flop / ms / 1e6:6.1f}" if case.flop else "",
                         case.baseline_name or "",
                         f"{base:9.2f}" if base else "", f"{ratio:6.2f}" if ratio else "",
                         budget, "ok" if ok else "OVER"))
            print(f"  measured {case.name}", file=sys.stderr)
    head = ("case", "median ms", "GFLOP/s", "baseline", "base ms", "ratio", "budget", "")
    load = os.getloadavg()[0]
    print(f"# {os.cpu_count()} cores, load average {load:.1f} at the end of the run"
          + (" (shared with other jobs: absolute times are pessimistic, ratios hold better)" if load > 1 else ""))
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
