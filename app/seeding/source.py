"""Read the seed YAML while remembering the line of every key and list item, for error messages."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class SeedProblem:
    """One thing wrong with the seed file, located by line and field path."""

    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}{line}:{where} {self.message}"


class SeedError(Exception):
    """The seed file cannot be loaded; `problems` says every reason found, with its line."""

    def __init__(self, problems: Sequence[SeedProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class LineIndex:
    """Maps a field path like ('afspraken', 3, 'mijlpalen', 0, 'periode') to its line (1-based)."""

    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


@dataclass(frozen=True)
class SeedSource:
    data: Any
    lines: LineIndex
    file: str

    def problem(self, path: Sequence[str | int], message: str, where: str = "") -> SeedProblem:
        """A problem located at `path` in this file."""
        return SeedProblem(self.file, self.lines.line_of(path), where or dotted(path), message)


def dotted(path: Sequence[str | int]) -> str:
    """('afspraken', 3, 'titel') -> 'afspraken[3].titel'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_seed_source(path: Path, display_name: str | None = None) -> SeedSource:
    """Parse the YAML file; syntax errors and duplicate keys raise SeedError with their line."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(
            [SeedProblem(name, None, "", f"kan het bestand niet lezen: {exc}")]
        ) from exc
    except UnicodeDecodeError as exc:
        problem = SeedProblem(
            name, None, "", "het bestand is geen UTF-8-tekst; sla het op als UTF-8"
        )
        raise SeedError([problem]) from exc
    try:
        node, data = _parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML-syntaxfout: {exc.problem or exc}"
        hint = (
            " Controleer inspringing, dubbele punten en aanhalingstekens op deze regel"
            " of de regel erboven."
        )
        raise SeedError([SeedProblem(name, line, "", message + hint)]) from exc
    except yaml.YAMLError as exc:
        raise SeedError([SeedProblem(name, None, "", f"YAML-syntaxfout: {exc}")]) from exc
    index = LineIndex()
    problems: list[SeedProblem] = []
    if node is not None:
        _index_node(node, (), index, problems, name)
    if problems:
        raise SeedError(problems)
    return SeedSource(data=data, lines=index, file=name)


# libyaml's parser is about ten times faster (a seed load is read in every reseed). The pure-Python
# parser still reads a file libyaml refuses, so a syntax error is worded the same either way.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for the lines) and its data, from one parse."""
    try:
        return _parse_with(_FAST_LOADER, text)
    except yaml.YAMLError:
        return _parse_with(yaml.SafeLoader, text)


def _parse_with(loader_class: type[yaml.SafeLoader], text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def _index_node(
    node: yaml.Node, path: Path_, index: LineIndex, problems: list[SeedProblem], name: str
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    SeedProblem(
                        name,
                        line,
                        dotted((*path, key)),
                        f"sleutel '{key}' staat twee keer in hetzelfde blok (eerder op regel "
                        f"{seen[key]}); verwijder een van beide",
                    )
                )
            seen[key] = line
            index.lines[(*path, key)] = line
            _index_node(value_node, (*path, key), index, problems, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            index.lines[(*path, i)] = item.start_mark.line + 1
            _index_node(item, (*path, i), index, problems, name)
