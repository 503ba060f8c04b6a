"""Check a parsed seed file: its shape (pydantic) and its meaning (references, dates, duplicates).

Every problem is collected with its line, so the secretariat sees all of them in one run.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from app.domain.periods import Period, PeriodError, parse_period
from app.domain.references import ReferenceError
from app.seeding.commitment_rules import commitment_problems
from app.seeding.schema import (
    AfspraakIn,
    CommitmentIn,
    PartijRefIn,
    SeedFile,
    SeedModel,
    document_reference,
)
from app.seeding.source import Path_, SeedError, SeedProblem, SeedSource, dotted, gc_paused


@dataclass(frozen=True)
class FlatAfspraak:
    path: Path_
    spec: AfspraakIn
    parent_code: str | None


@dataclass
class ValidSeed:
    """A seed file that passed every check, with its party names resolved and its dates parsed."""

    file: SeedFile
    afspraken: list[FlatAfspraak]
    partij_codes: dict[str, str]  # normalised code or alias -> code
    periods: dict[Path_, Period] = field(default_factory=dict)

    def partij_code(self, name: str) -> str:
        """The party code for a code or alias as written in the file."""
        return self.partij_codes[normalise_name(name)]


def normalise_name(name: str) -> str:
    """Case- and space-insensitive form of a party name, so 'BOGIN' finds 'Bogin'."""
    return " ".join(name.split()).casefold()


@gc_paused()
def validate_seed(source: SeedSource) -> ValidSeed:
    """Return the checked seed, or raise SeedError listing every problem with its line."""
    try:
        seed = SeedFile.model_validate(source.data)
    except ValidationError as exc:
        raise SeedError(_shape_problems(source, exc.errors())) from exc
    checker = _Checker(source, seed)
    valid = checker.run()
    if checker.problems:
        raise SeedError(checker.problems)
    return valid


def _shape_problems(source: SeedSource, errors: Sequence[ErrorDetails]) -> list[SeedProblem]:
    by_path: dict[Path_, list[str]] = {}
    for error in errors:
        path = _data_path(source, error["loc"])
        message = _dutch_message(error)
        messages = by_path.setdefault(path, [])
        if message not in messages:
            messages.append(message)
    problems = []
    for path, messages in by_path.items():
        # A union (code or {partij, noot}) reports an error per branch; keep the specific one.
        if len(messages) > 1 and "moet tekst zijn" in messages:
            messages.remove("moet tekst zijn")
        problems.append(source.problem(path, "; ".join(messages)))
    return problems


def _data_path(source: SeedSource, loc: Sequence[str | int]) -> Path_:
    """Drop pydantic's union tags from an error location, keeping the real keys and indexes."""
    path: Path_ = ()
    for part in loc:
        if isinstance(part, int) or (*path, part) in source.lines.lines:
            path = (*path, part)
        elif part in _KNOWN_FIELDS:
            path = (*path, part)  # a missing field has no line of its own
    return path


_KNOWN_FIELDS = {name for model in SeedModel.__subclasses__() for name in model.model_fields}


def _dutch_message(error: ErrorDetails) -> str:
    kind = error["type"]
    context: dict[str, Any] = dict(error.get("ctx") or {})
    field_name = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "missing":
        return f"verplicht veld '{field_name}' ontbreekt; voeg '{field_name}:' toe"
    if kind == "extra_forbidden":
        return f"onbekend veld '{field_name}'; controleer de spelling (zie docs/seed-format.md)"
    if kind in ("string_type",):
        return "moet tekst zijn"
    if kind == "string_too_short":
        return "mag niet leeg zijn"
    if kind == "string_too_long":
        return f"is te lang (hoogstens {context.get('max_length')} tekens)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"moet een geheel getal zijn, niet {error.get('input')!r}"
    if kind == "enum":
        return f"ongeldige waarde {error.get('input')!r}; kies uit {context.get('expected')}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"ongeldige datum {error.get('input')!r}; schrijf de datum als JJJJ-MM-DD"
    if kind == "list_type":
        return "moet een lijst zijn (regels die beginnen met '- ')"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "moet een blok met velden zijn"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"waarde {error.get('input')!r} valt buiten het toegestane bereik ({error['msg']})"
    return str(error["msg"])


class _Checker:
    """Meaning checks; each check appends to `problems` and carries on."""

    def __init__(self, source: SeedSource, seed: SeedFile) -> None:
        self.source = source
        self.seed = seed
        self.problems: list[SeedProblem] = []
        self.names: dict[str, str] = {}
        self.valid = ValidSeed(file=seed, afspraken=[], partij_codes=self.names)

    def add(self, path: Path_, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def run(self) -> ValidSeed:
        self._check_partijen()
        documents = self._unique_keys("documenten", [d.key for d in self.seed.documenten])
        self._check_references()
        self._flatten_afspraken()
        codes = self._afspraak_codes()
        for flat in self.valid.afspraken:
            self._check_afspraak(flat, codes)
        self._check_prerequisite_cycles()
        self._check_commitments(codes, documents)
        self._check_voortgang(documents)
        return self.valid

    def _check_partijen(self) -> None:
        for i, partij in enumerate(self.seed.partijen):
            for j, name in enumerate([partij.code, *partij.aliassen]):
                key = normalise_name(name)
                path: Path_ = (
                    ("partijen", i, "code") if j == 0 else ("partijen", i, "aliassen", j - 1)
                )
                owner = self.names.get(key)
                if owner is not None and owner != partij.code:
                    self.add(path, f"naam '{name}' wordt al gebruikt door partij '{owner}'")
                elif owner == partij.code and j == 0:
                    self.add(path, f"partij '{name}' staat twee keer in de lijst")
                else:
                    self.names[key] = partij.code
        for i, partij in enumerate(self.seed.partijen):
            for j, member in enumerate(partij.leden):
                self._resolve_partij(("partijen", i, "leden", j), member)

    def _resolve_partij(self, path: Path_, name: str) -> None:
        if normalise_name(name) not in self.names:
            self.add(
                path,
                f"onbekende partij '{name}'; gebruik een code of alias uit 'partijen' "
                "of voeg de partij daar toe",
            )

    def _unique_keys(self, block: str, keys: Iterable[str], key_field: str = "key") -> set[str]:
        seen: set[str] = set()
        for i, key in enumerate(keys):
            if key in seen:
                self.add(
                    (block, i, key_field),
                    f"'{key}' komt twee keer voor; een sleutel moet uniek zijn",
                )
            seen.add(key)
        return seen

    def _flatten_afspraken(self) -> None:
        for i, afspraak in enumerate(self.seed.afspraken):
            path: Path_ = ("afspraken", i)
            self.valid.afspraken.append(FlatAfspraak(path, afspraak, None))
            for j, sub in enumerate(afspraak.subafspraken):
                sub_path: Path_ = (*path, "subafspraken", j)
                self.valid.afspraken.append(FlatAfspraak(sub_path, sub, afspraak.code))
                if sub.subafspraken:
                    self.add(
                        (*sub_path, "subafspraken"),
                        "een subafspraak kan zelf geen subafspraken hebben",
                    )

    def _afspraak_codes(self) -> set[str]:
        seen: set[str] = set()
        for flat in self.valid.afspraken:
            if flat.spec.code in seen:
                self.add((*flat.path, "code"), f"afspraak '{flat.spec.code}' komt twee keer voor")
            seen.add(flat.spec.code)
        return seen

    def _check_afspraak(self, flat: FlatAfspraak, codes: set[str]) -> None:
        spec, path = flat.spec, flat.path
        for role in ("opsteller", "samen_met", "informeren"):
            for j, ref in enumerate(getattr(spec, role).partijen):
                name = ref.partij if isinstance(ref, PartijRefIn) else ref
                self._resolve_partij((*path, role, "partijen", j), name)
        numbers: set[int] = set()
        for j, activiteit in enumerate(spec.activiteiten):
            act_path: Path_ = (*path, "activiteiten", j)
            if activiteit.nr in numbers:
                self.add((*act_path, "nr"), f"activiteit {activiteit.nr} komt twee keer voor")
            numbers.add(activiteit.nr)
            for k, name in enumerate(activiteit.partijen):
                self._resolve_partij((*act_path, "partijen", k), name)
            self._parse_period((*act_path, "periode"), activiteit.periode)
        labels: set[str] = set()
        for j, mijlpaal in enumerate(spec.mijlpalen):
            mp_path: Path_ = (*path, "mijlpalen", j)
            if mijlpaal.label in labels:
                self.add((*mp_path, "label"), f"mijlpaal '{mijlpaal.label}' komt twee keer voor")
            labels.add(mijlpaal.label)
            self._parse_period((*mp_path, "periode"), mijlpaal.periode)
        targets: set[tuple[str, str]] = set()
        for j, dep in enumerate(spec.afhankelijkheden):
            dep_path: Path_ = (*path, "afhankelijkheden", j, "afspraak")
            if dep.afspraak not in codes:
                self.add(dep_path, f"afhankelijkheid van onbekende afspraak '{dep.afspraak}'")
            elif dep.afspraak == spec.code:
                self.add(dep_path, "een afspraak kan niet van zichzelf afhangen")
            elif (dep.afspraak, dep.soort) in targets:
                self.add(dep_path, f"afhankelijkheid van '{dep.afspraak}' staat er twee keer")
            targets.add((dep.afspraak, dep.soort))

    def _document_year(self, item: CommitmentIn) -> int | None:
        """The year of the document the text stands in: the first dated one of `documenten`
        (the text is quoted from it), else the year it was made, else the Werkagenda's year."""
        dates = {d.key: d.datum for d in self.seed.documenten if d.datum}
        for key in item.documenten:
            if key in dates:
                return dates[key].year
        if item.herkomst_datum:
            return item.herkomst_datum.year
        return self.seed.meta.context_year

    def _has_document_year(self, item: CommitmentIn) -> bool:
        dated = {d.key for d in self.seed.documenten if d.datum}
        return item.herkomst_datum is not None or any(k in dated for k in item.documenten)

    def _check_deadline(self, path: Path_, item: CommitmentIn) -> None:
        """`termijn`, or else the deadline as written in the year of the document it stands in.

        A `termijn_tekst` that names no period ("zo snel mogelijk") stays text only; one that
        does must agree with a `termijn` given beside it.
        """
        year = self._document_year(item)
        written: Period | None = None
        if item.termijn_tekst:
            try:
                written = parse_period(item.termijn_tekst, context_year=year)
            except PeriodError:
                written = None
        if item.termijn is None:
            if written is not None:
                self.valid.periods[(*path, "termijn")] = written
            return
        self._parse_period((*path, "termijn"), item.termijn)
        given = self.valid.periods.get((*path, "termijn"))
        # Without a dated document the phrase was read in the Werkagenda's year, a guess; a
        # `termijn` written beside it (003's "na de zomer" is 2023) is then the better word.
        if not self._has_document_year(item):
            return
        if written and given and (written.start, written.end) != (given.start, given.end):
            self.add(
                (*path, "termijn"),
                f"termijn '{item.termijn}' spreekt termijn_tekst '{item.termijn_tekst}' tegen "
                f"(dat is {written.canonical}); pas een van beide aan",
            )

    def _parse_period(self, path: Path_, phrase: str | None) -> None:
        if phrase is None:
            return
        where = f"{self.source.file}, regel {self.source.lines.line_of(path)}, {dotted(path)}"
        try:
            self.valid.periods[path] = parse_period(
                phrase, context_year=self.seed.meta.context_year, source=where
            )
        except PeriodError as exc:
            self.add(path, str(exc))

    def _check_prerequisite_cycles(self) -> None:
        graph = {
            flat.spec.code: [
                d.afspraak for d in flat.spec.afhankelijkheden if d.soort == "randvoorwaarde"
            ]
            for flat in self.valid.afspraken
        }
        paths = {flat.spec.code: flat.path for flat in self.valid.afspraken}
        for start in graph:
            stack, seen = [(start, [start])], set()
            while stack:
                node, trail = stack.pop()
                for nxt in graph.get(node, []):
                    if nxt == start:
                        cycle = " → ".join([*trail, nxt])
                        self.add(
                            (*paths[start], "afhankelijkheden"),
                            f"randvoorwaarden vormen een kring: {cycle}",
                        )
                        stack = []
                        break
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append((nxt, [*trail, nxt]))

    def _check_references(self) -> None:
        """One document, one entry: two citations of the same Kamerstuk are refused."""
        seen: dict[str, str] = {}
        for i, spec in enumerate(self.seed.documenten):
            path: Path_ = ("documenten", i, "referentie" if spec.referentie else "citatie")
            try:
                reference = document_reference(spec)
            except ReferenceError as exc:
                self.add(path, str(exc))
                continue
            if reference is None:
                continue
            if reference in seen:
                self.add(
                    path,
                    f"document {reference} staat er al als '{seen[reference]}'; "
                    "gebruik die sleutel",
                )
            seen[reference] = spec.key

    def _check_commitments(self, codes: set[str], documents: set[str]) -> None:
        keys: set[str] = set()
        tk_numbers: dict[str, str] = {}
        blocks: list[tuple[str, list[CommitmentIn]]] = [
            ("toezeggingen", self.seed.toezeggingen),
            ("moties", self.seed.moties),
        ]
        for block, items in blocks:
            for i, item in enumerate(items):
                path: Path_ = (block, i)
                if item.key in keys:
                    self.add(
                        (*path, "key"), f"'{item.key}' komt al voor bij toezeggingen of moties"
                    )
                keys.add(item.key)
                for j, code in enumerate(item.afspraken):
                    if code not in codes:
                        self.add((*path, "afspraken", j), f"onbekende afspraak '{code}'")
                for j, key in enumerate(item.documenten):
                    if key not in documents:
                        self.add(
                            (*path, "documenten", j),
                            f"onbekend document '{key}' (zie 'documenten')",
                        )
                if item.status_bron is not None and item.status_bron not in documents:
                    self.add((*path, "status_bron"), f"onbekend document '{item.status_bron}'")
                self._check_deadline(path, item)
                for where, message in commitment_problems(block, item, documents):
                    self.add((*path, *where), message)
                if item.tk_nummer is not None:
                    if item.tk_nummer in tk_numbers:
                        other = tk_numbers[item.tk_nummer]
                        self.add((*path, "tk_nummer"), f"dit nummer staat al bij '{other}'")
                    tk_numbers[item.tk_nummer] = item.key

    def _check_voortgang(self, documents: set[str]) -> None:
        labels = {
            flat.spec.code: {m.label for m in flat.spec.mijlpalen} for flat in self.valid.afspraken
        }
        self._unique_keys("voortgang", [v.key for v in self.seed.voortgang])
        for i, item in enumerate(self.seed.voortgang):
            path: Path_ = ("voortgang", i)
            if item.afspraak not in labels:
                self.add((*path, "afspraak"), f"onbekende afspraak '{item.afspraak}'")
            elif item.mijlpaal is not None and item.mijlpaal not in labels[item.afspraak]:
                self.add(
                    (*path, "mijlpaal"),
                    f"afspraak {item.afspraak} heeft geen mijlpaal '{item.mijlpaal}'",
                )
            if item.bereikt_op is not None and item.mijlpaal is None:
                self.add(
                    (*path, "bereikt_op"), "'bereikt_op' hoort bij een mijlpaal; vul 'mijlpaal' in"
                )
            if item.bron is not None and item.bron not in documents:
                self.add((*path, "bron"), f"onbekend document '{item.bron}'")
