"""The seed reader builds in one pass over libyaml's events what PyYAML's constructor builds,
with the line of every key and list item, also deep in a large file."""

from datetime import date
from pathlib import Path

import pytest

from app.seeding import source
from app.seeding.source import SeedError, read_seed_source
from app.seeding.validate import validate_seed
from tests.unit.test_seed_validation import MINIMAL

SNIPPETS = {
    "scalars": (
        "a: 1\nb: 012\nc: 0x1F\nd: 1_000\ne: 1.5\nf: .inf\ng: yes\nh: Off\ni: ~\nj:\n"
        "k: 2026-03-01\nl: 2026-03-01 10:00:00\nm: '5'\nn: \"x\\ty\"\no: tekst, met komma\n"
    ),
    "blocks": "a: |\n  regel 1\n  regel 2\nb: >\n  gevouwen\n  tekst\nc: [1, 'x', {d: e}]\n",
    "keys that are not text": "1: een\n2026-01-01: datum\ntrue: waar\n~: leeg\n",
    "nested lists": "a:\n  - - 1\n    - 2\n  - b: c\n    d:\n      - e\n",
    "anchors and aliases": (
        "x: &s tekst\ny: *s\nlist: &l\n  - a: 1\n    b: [2, 3]\n  - c\nmap: &m\n  k: v\n"
        "uses:\n  - *l\n  - *m\n  - *s\n  - d: *l\nnested: &outer\n  inner: &inner [1]\n"
        "again: [*inner, *outer]\n"
    ),
    "merge key": "base: &b {a: 1, b: 2}\nchild:\n  <<: *b\n  b: 3\n",
    "explicit tags": "a: !!str 5\nb: !!int '7'\nc: !!float 1\n",
    "duplicate keys": "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n",
    "duplicate key under an alias": "x: &d {a: 1, a: 2}\ny: *d\n",
    "empty document": "",
    "only a comment": "# niets\n",
    "a scalar document": "tekst\n",
    "a list document": "- 1\n- 2\n",
}


@pytest.mark.parametrize("text", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_one_pass_reader_gives_what_the_constructor_gives(text: str) -> None:
    data, lines, problems = source._read(text, "f.yaml")
    expected_data, expected_lines, expected_problems = source._read_composed(text, "f.yaml")
    assert data == expected_data
    assert lines.lines == expected_lines.lines
    assert problems == expected_problems


def test_an_alias_is_the_anchored_object_itself() -> None:
    data, lines, _ = source._read("a: &x [1, 2]\nb: *x\nc:\n  - *x\n", "f.yaml")
    assert data["b"] is data["a"] is data["c"][0]
    # The alias's items have the lines of the anchored block, as in PyYAML's node tree.
    assert lines.lines[("b", 1)] == lines.lines[("a", 1)] == 1
    assert lines.lines[("c", 0, 1)] == 1


def test_a_second_document_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "werkagenda.yaml"
    path.write_text("a: 1\n---\nb: 2\n", encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        read_seed_source(path, "seed/werkagenda.yaml")
    [problem] = caught.value.problems
    assert problem.line == 2
    assert problem.message.startswith("YAML-syntaxfout: but found another document")


def test_an_alias_inside_its_own_anchor_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "werkagenda.yaml"
    path.write_text(MINIMAL.replace("meta:\n", "meta: &m\n  self: *m\n", 1), encoding="utf-8")
    seed = read_seed_source(path, "seed/werkagenda.yaml")
    assert seed.data["meta"]["self"] is seed.data["meta"]
    with pytest.raises(SeedError) as caught:
        validate_seed(seed)
    assert any(p.where == "meta.self" and p.line == 2 for p in caught.value.problems)


def large_seed(updates: int) -> str:
    """MINIMAL with `updates` progress updates after its own."""
    items = "".join(
        f'  - key: vg-extra-{i}\n    afspraak: "1"\n    mijlpaal: A\n'
        f"    datum: 2026-03-{i % 28 + 1:02d}\n    tekst: Bericht {i}.\n"
        for i in range(updates)
    )
    return MINIMAL + items


def test_a_bad_value_deep_in_a_large_file_names_its_line(tmp_path: Path) -> None:
    text = large_seed(3000)
    bad = "    datum: 2026-03-03\n    tekst: Bericht 2858.\n"
    assert text.count(bad) == 1
    text = text.replace(bad, "    datum: 3 maart 2026\n    tekst: Bericht 2858.\n")
    text = text.replace("  - key: vg-extra-2900\n", "  - key: vg-extra-2900\n    kleur: rood\n")
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        validate_seed(read_seed_source(path, "seed/werkagenda.yaml"))
    lines = text.splitlines()
    assert [str(p) for p in caught.value.problems] == [
        f"seed/werkagenda.yaml:{lines.index('    datum: 3 maart 2026') + 1}: "
        "voortgang[2859].datum: ongeldige datum '3 maart 2026'; schrijf de datum als JJJJ-MM-DD",
        f"seed/werkagenda.yaml:{lines.index('    kleur: rood') + 1}: voortgang[2901].kleur: "
        "onbekend veld 'kleur'; controleer de spelling (zie docs/seed-format.md)",
    ]


def test_a_large_file_keeps_every_value(tmp_path: Path) -> None:
    path = tmp_path / "werkagenda.yaml"
    path.write_text(large_seed(500), encoding="utf-8")
    seed = validate_seed(read_seed_source(path, "seed/werkagenda.yaml"))
    last = seed.file.voortgang[-1]
    assert (last.key, last.afspraak, last.mijlpaal, last.datum, last.tekst) == (
        "vg-extra-499",
        "1",
        "A",
        date(2026, 3, 500 % 28),
        "Bericht 499.",
    )


def test_the_project_seed_is_read_in_one_pass_with_the_same_lines() -> None:
    text = (Path(__file__).resolve().parents[2] / "seed" / "werkagenda.yaml").read_text("utf-8")
    data, lines, problems = source._read_events(text, "seed/werkagenda.yaml")
    expected = source._read_composed(text, "seed/werkagenda.yaml")
    assert (data, lines.lines, problems) == (expected[0], expected[1].lines, expected[2])
