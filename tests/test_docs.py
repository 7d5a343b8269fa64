"""README.md is a newcomer's five minutes (at most 150 lines) with the two commands CI runs; every relative link in
it and in docs/ resolves, to a file and, when it names one, to a heading of that file."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
RUN = "pip install -r requirements.txt && streamlit run app.py"
TEST = "pip install -r requirements-dev.txt && python -m pytest"


def anchors(md: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces as hyphens (code fences skipped)."""
    out, fence = set(), False
    for line in md.splitlines():
        fence ^= line.startswith("```")
        if not fence and (m := re.match(r"#{1,6}\s+(.*)", line)):
            out.add(re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-"))
    return out


def broken_links(md_file: Path) -> list[str]:
    bad = []
    for target in LINK.findall(md_file.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):        # https:, mailto:: not ours to check offline
            continue
        path, _, anchor = target.partition("#")
        dest = (md_file.parent / path).resolve() if path else md_file
        if not dest.exists():
            bad.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest.read_text(encoding="utf-8")):
            bad.append(target)
    return bad


def documents() -> list[Path]:
    docs = sorted((ROOT / "docs").glob("*.md"))
    assert {d.name for d in docs} >= {"teaching.md", "classroom.md", "serving.md", "accessibility.md",
                                      "architecture.md", "benchmarks.md"}
    return [ROOT / "README.md", *docs]


def test_every_relative_link_resolves():
    for doc in documents():
        assert not broken_links(doc), (doc.name, broken_links(doc))


def test_the_link_check_catches_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n## Your own data\n[ok](b.md#part) [bad](c.md) [worse](b.md#nope)\n"
                                   "[self](#your-own-data) [web](https://example.org/x)\n")
    (tmp_path / "b.md").write_text("```\n# not a heading\n```\n## Part\n")
    assert broken_links(tmp_path / "a.md") == ["c.md", "b.md#nope"]


def test_the_readme_is_short_and_carries_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    assert RUN in readme and TEST in readme
    assert TEST in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for doc in documents()[1:]:
        assert f"(docs/{doc.name}" in readme, f"README links to docs/{doc.name}"
