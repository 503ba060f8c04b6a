"""Bad seed files are refused with a message naming file, line and field, and how to fix it."""

from pathlib import Path

import pytest
import yaml

from app.seeding import source
from app.seeding.source import SeedError, read_seed_source
from app.seeding.validate import ValidSeed, validate_seed

MINIMAL = """\
meta:
  title: Test
  context_year: 2026
partijen:
  - code: VWS
    naam: Ministerie van VWS
    soort: overheid
  - code: NAPCO
    naam: Nederlands Apothekers Collectief
    soort: koepel
    aliassen: [NApCo]
documenten:
  - key: wa
    soort: werkagenda
    citatie: Werkagenda
afspraken:
  - code: "1"
    titel: Eerste afspraak
    tekst: Tekst van de eerste afspraak.
    opsteller:
      partijen: [VWS]
    samen_met:
      partijen: [NApCo]
    mijlpalen:
      - label: A
        tekst: Eerste mijlpaal
        periode: Q2-2026
  - code: "2"
    titel: Tweede afspraak
    tekst: Tekst van de tweede afspraak.
    opsteller:
      partijen: [NAPCO]
    afhankelijkheden:
      - afspraak: "1"
        soort: randvoorwaarde
voortgang:
  - key: vg-1
    afspraak: "1"
    datum: 2026-03-01
    tekst: Gestart.
    bron: wa
"""


def check(tmp_path: Path, text: str) -> ValidSeed:
    path = tmp_path / "werkagenda.yaml"
    path.write_text(text, encoding="utf-8")
    return validate_seed(read_seed_source(path, "seed/werkagenda.yaml"))


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(SeedError) as caught:
        check(tmp_path, text)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_minimal_seed_is_valid(tmp_path: Path) -> None:
    seed = check(tmp_path, MINIMAL)
    assert [a.spec.code for a in seed.afspraken] == ["1", "2"]
    assert seed.partij_code("napco") == "NAPCO"
    assert seed.partij_code("NApCo") == "NAPCO"
    period = seed.periods[("afspraken", 0, "mijlpalen", 0, "periode")]
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-04-01", "2026-06-30")


def test_unknown_party_names_line_field_and_fix(tmp_path: Path) -> None:
    text = MINIMAL.replace("partijen: [NApCo]", "partijen: [KNMPP]")
    [message] = problems(tmp_path, text)
    line = line_of(text, "KNMPP")
    assert message.startswith(f"seed/werkagenda.yaml:{line}: afspraken[0].samen_met.partijen[0]:")
    assert "onbekende partij 'KNMPP'" in message
    assert "voeg de partij daar toe" in message


def test_unknown_period_phrase_names_phrase_and_line(tmp_path: Path) -> None:
    text = MINIMAL.replace("periode: Q2-2026", "periode: Q5-2026")
    [message] = problems(tmp_path, text)
    line = line_of(text, "Q5-2026")
    assert message.startswith(f"seed/werkagenda.yaml:{line}: afspraken[0].mijlpalen[0].periode:")
    assert "'Q5-2026'" in message
    assert "Q2-2026" in message  # an example of what to write instead


def test_duplicate_afspraak_code(tmp_path: Path) -> None:
    text = MINIMAL.replace('code: "2"', 'code: "1"')
    line = line_of(text, "titel: Tweede") - 1
    assert (
        f"seed/werkagenda.yaml:{line}: afspraken[1].code: afspraak '1' komt twee keer voor"
        in problems(tmp_path, text)
    )


def test_missing_required_field(tmp_path: Path) -> None:
    text = MINIMAL.replace("    titel: Tweede afspraak\n", "")
    [message] = problems(tmp_path, text)
    line = line_of(text, 'code: "2"')
    assert message.startswith(f"seed/werkagenda.yaml:{line}: afspraken[1].titel:")
    assert "verplicht veld 'titel' ontbreekt" in message


def test_dependency_on_unknown_afspraak(tmp_path: Path) -> None:
    text = MINIMAL.replace('- afspraak: "1"', '- afspraak: "12"')
    [message] = problems(tmp_path, text)
    line = line_of(text, 'afspraak: "12"')
    assert message.startswith(
        f"seed/werkagenda.yaml:{line}: afspraken[1].afhankelijkheden[0].afspraak:"
    )
    assert "onbekende afspraak '12'" in message


def test_misspelt_field_is_refused_not_ignored(tmp_path: Path) -> None:
    text = MINIMAL.replace("    tekst: Eerste mijlpaal", "    tekts: Eerste mijlpaal")
    messages = problems(tmp_path, text)
    assert any("onbekend veld 'tekts'" in m for m in messages)
    assert any("verplicht veld 'tekst' ontbreekt" in m for m in messages)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    text = MINIMAL.replace("    titel: Eerste afspraak", "    titel: [Eerste afspraak")
    [message] = problems(tmp_path, text)
    assert message.startswith("seed/werkagenda.yaml:")
    assert "YAML-syntaxfout" in message


def test_the_c_loader_reads_the_file_and_its_errors_keep_their_line(tmp_path: Path) -> None:
    # libyaml is part of every PyYAML wheel; the pure-Python loader is only a fallback.
    assert source._LOADER is yaml.CSafeLoader
    lines = MINIMAL.splitlines()
    bad = lines.index("    titel: Tweede afspraak") + 1
    text = MINIMAL.replace("    titel: Tweede afspraak", "    titel: Tweede: afspraak")
    [message] = problems(tmp_path, text)
    assert message.startswith(f"seed/werkagenda.yaml:{bad}: YAML-syntaxfout")
    second = "    tekst: Tekst van de tweede afspraak."
    duplicate = MINIMAL.replace(second, "    tekst: a\n    tekst: b")
    [message] = problems(tmp_path, duplicate)
    assert message.startswith(f"seed/werkagenda.yaml:{bad + 2}: afspraken[1].tekst:")
    assert f"(eerder op regel {bad + 1})" in message


def test_duplicate_key_in_block_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    titel: Eerste afspraak\n", "    titel: Eerste afspraak\n    titel: Nog een\n"
    )
    [message] = problems(tmp_path, text)
    assert f":{line_of(text, 'titel: Nog een')}:" in message
    assert "sleutel 'titel' staat twee keer" in message


def test_invalid_enum_value_lists_the_choices(tmp_path: Path) -> None:
    text = MINIMAL.replace("soort: randvoorwaarde", "soort: voorwaarde")
    [message] = problems(tmp_path, text)
    assert "ongeldige waarde 'voorwaarde'" in message
    assert "randvoorwaarde" in message and "samenhang" in message


def test_prerequisite_cycle_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    samen_met:\n      partijen: [NApCo]\n",
        "    samen_met:\n      partijen: [NApCo]\n    afhankelijkheden:\n"
        '      - afspraak: "2"\n        soort: randvoorwaarde\n',
    )
    messages = problems(tmp_path, text)
    assert any("kring: 1 → 2 → 1" in m for m in messages)


def test_alias_used_by_two_parties_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("soort: overheid\n", "soort: overheid\n    aliassen: [napco]\n")
    messages = problems(tmp_path, text)
    assert any("naam 'NAPCO' wordt al gebruikt door partij 'VWS'" in m for m in messages)


def test_voortgang_on_unknown_mijlpaal(tmp_path: Path) -> None:
    text = MINIMAL.replace("    datum: 2026-03-01\n", "    mijlpaal: Z\n    datum: 2026-03-01\n")
    [message] = problems(tmp_path, text)
    assert "afspraak 1 heeft geen mijlpaal 'Z'" in message


def test_bad_date_says_how_to_write_it(tmp_path: Path) -> None:
    text = MINIMAL.replace("datum: 2026-03-01", "datum: 1 maart 2026")
    [message] = problems(tmp_path, text)
    assert f":{line_of(text, 'datum: 1 maart')}: voortgang[0].datum:" in message
    assert "JJJJ-MM-DD" in message


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL.replace("partijen: [NApCo]", "partijen: [KNMPP]").replace(
        "periode: Q2-2026", "periode: Q5-2026"
    )
    assert len(problems(tmp_path, text)) == 2


def test_unquoted_numbers_are_read_as_codes_and_phrases(tmp_path: Path) -> None:
    text = MINIMAL.replace('code: "2"', "code: 2").replace("periode: Q2-2026", "periode: 2026")
    seed = check(tmp_path, text)
    assert seed.afspraken[1].spec.code == "2"
    assert seed.periods[("afspraken", 0, "mijlpalen", 0, "periode")].end.isoformat() == "2026-12-31"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="kan het bestand niet lezen"):
        read_seed_source(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "periode: Q2-2026",
            "periode: Q4-9999",
            "Jaartal 9999 valt buiten de jaren 2000–2100 in 'Q4-9999'",
            id="plan-phrase",
        ),
        pytest.param(
            "    datum: 2026-03-01\n",
            "    datum: 2026-03-01\n    mijlpaal: A\n    bereikt_op: 0001-01-01\n",
            "datum 0001-01-01 ligt niet tussen 2000 en 2100; controleer het jaartal",
            id="reached-date",
        ),
        pytest.param(
            "datum: 2026-03-01",
            "datum: 9999-12-31",
            "datum 9999-12-31 ligt niet tussen 2000 en 2100; controleer het jaartal",
            id="progress-date",
        ),
    ],
)
def test_years_outside_the_window_are_refused_at_their_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = MINIMAL.replace(old, new)
    assert text != MINIMAL
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert message in found[0]
    needle = new.strip().splitlines()[-1]
    assert f"werkagenda.yaml:{line_of(text, needle)}:" in found[0]


COMMITMENTS = """\
toezeggingen:
  - key: tz-a
    tekst: Een toezegging.
    toegezegd_aan: Tweede Kamer
    gedaan_in: debat
    status_geschiedenis:
      - status: open
        bron: wa
        datum: 2026-03-01
    status: gestand_gedaan
    status_bron: wa
moties:
  - key: mt-a
    tekst: Een motie.
    kamerstuk_nummer: "29 477, nr. 767"
    status: afgedaan
    status_bron: wa
"""


def test_commitment_fields_and_history_are_read(tmp_path: Path) -> None:
    seed = check(tmp_path, MINIMAL + COMMITMENTS).file
    (toezegging,) = seed.toezeggingen
    assert [s.status.value for s in toezegging.status_geschiedenis] == ["open"]
    assert (toezegging.toegezegd_aan, seed.moties[0].kamerstuk_nummer) == (
        "Tweede Kamer",
        "29 477, nr. 767",
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    status: gestand_gedaan\n",
            "    status: afgedaan\n",
            "toezeggingen[0].status: een toezegging wordt gestand gedaan, niet afgedaan",
        ),
        (
            "    status: afgedaan\n",
            "    status: gestand_gedaan\n",
            "moties[0].status: een motie wordt afgedaan, niet gestand gedaan",
        ),
        (
            "    gedaan_in: debat\n",
            "    gedaan_in: debat\n    kamerstuk_nummer: 29477-1\n",
            "toezeggingen[0].kamerstuk_nummer: 'kamerstuk_nummer' hoort bij een motie",
        ),
        (
            '    kamerstuk_nummer: "29 477, nr. 767"\n',
            '    kamerstuk_nummer: "29 477, nr. 767"\n    toegezegd_aan: Tweede Kamer\n',
            "moties[0].toegezegd_aan: 'toegezegd_aan' hoort bij een toezegging",
        ),
        (
            '    kamerstuk_nummer: "29 477, nr. 767"\n',
            '    kamerstuk_nummer: "de motie Bushoff"\n',
            "is geen herkenbare verwijzing",
        ),
        (
            "        bron: wa\n",
            "        bron: onbekend\n",
            "toezeggingen[0].status_geschiedenis[0].bron: onbekend document 'onbekend'",
        ),
        (
            "      - status: open\n        bron: wa\n",
            "      - status: gestand_gedaan\n        bron: wa\n",
            "de laatste stap is de huidige status",
        ),
        (
            "    gedaan_in: debat\n",
            "    gedaan_in: vergadering\n",
            "toezeggingen[0].gedaan_in",
        ),
    ],
)
def test_bad_commitment_fields_are_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = MINIMAL + COMMITMENTS
    assert text.count(old) == 1
    found = problems(tmp_path, text.replace(old, new))
    assert any(message in p for p in found), found
