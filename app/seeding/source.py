"""Read the seed YAML while remembering the line of every key and list item, for error messages.

One pass over libyaml's events builds both (`_read_events`); PyYAML's node tree and constructor
remain for the YAML that pass leaves to them (`_read_composed`), and the tests hold the two equal.
"""

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


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


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: building hundreds of thousands of objects that all
    stay alive (YAML nodes, ORM rows) otherwise sets it off again and again, for nothing to
    collect; at 50 times the seed it took three quarters of the parse."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def dotted(path: Sequence[str | int]) -> str:
    """('afspraken', 3, 'titel') -> 'afspraken[3].titel'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@gc_paused()
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
        data, index, problems = _read(text, name)
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
    if problems:
        raise SeedError(problems)
    return SeedSource(data=data, lines=index, file=name)


Read = tuple[Any, LineIndex, list[SeedProblem]]


def _read(text: str, name: str) -> Read:
    """The data, the line of every key and list item, and the duplicate keys, in one pass."""
    try:
        return _read_events(text, name)
    except _Unusual:
        # Explicit tags, merge keys (`<<`), a block as a key, an alias of a block it sits in:
        # YAML the seed never needs. Where a file has them, PyYAML's constructor gives them
        # their exact meaning (or its error, with the line).
        return _read_composed(text, name)


class _Unusual(Exception):
    """The file uses a YAML feature the one-pass reader leaves to PyYAML's constructor."""


_STR = "tag:yaml.org,2002:str"
# What a plain scalar may resolve to and still be built here; anything else (merge keys `<<`,
# the `=` value key) goes through the constructor.
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


class _Block:
    """A mapping or list being built: where it sits, and what an anchor on it must remember."""

    __slots__ = ("data", "is_mapping", "path", "seen", "key", "key_path", "line", "anchor")

    def __init__(self, is_mapping: bool, line: int, anchor: str | None) -> None:
        self.data: Any = {} if is_mapping else []
        self.is_mapping = is_mapping
        self.path: Path_ = ()
        self.seen: dict[str, int] = {}  # key as written -> its line, for duplicate keys
        self.key: Any = _NO_KEY  # the key whose value comes next
        self.key_path: Path_ = ()  # its path, with the key as written (as the index names it)
        self.line = line
        self.anchor = anchor


class _Anchored:
    """An anchored block while it is read: the lines under it, to copy to each alias of it."""

    __slots__ = ("lines", "problems")

    def __init__(self, problems: int) -> None:
        self.lines: list[tuple[Path_, int]] = []
        self.problems = problems


_NO_KEY = object()
# An anchor's value, its line and the lines under it (relative to it); None while it is open.
Anchor = tuple[Any, int, Sequence[tuple[Path_, int]]] | None


def _read_events(text: str, name: str) -> Read:
    """Build the data straight from libyaml's events, recording lines on the way.

    PyYAML's usual route composes a node tree, constructs the data from it and (for the lines)
    walks the tree a third time; at 50 times the seed that was most of a reseed. The values are
    the ones PyYAML's safe constructor makes (plain scalars are resolved by the loader's own
    rules, an alias is the anchored object itself), and an alias gets the lines of its anchor,
    as the node tree gave them.
    """
    loader = _LOADER(text)
    try:
        get_event = loader.get_event
        resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = loader.resolve
        constructors: dict[str | None, Callable[[Any, yaml.Node], Any]] = loader.yaml_constructors
        tags: dict[str, str] = {}  # plain scalar -> its resolved tag
        built: dict[tuple[str, str], Any] = {}  # (tag, text) -> value, for the non-text ones
        index = LineIndex()
        lines = index.lines
        problems: list[SeedProblem] = []
        stack: list[_Block] = []
        anchors: dict[str, Anchor] = {}
        recording: list[_Anchored] = []  # the anchored blocks open around this event
        root: Any = None
        documents = 0

        def mark(path: Path_, line: int) -> None:
            lines[path] = line
            for anchored in recording:
                anchored.lines.append((path, line))

        # The loop runs once per event, 800,000 times at 50 times the seed: it holds what it
        # looks up in locals, and writes the line index itself (`mark` only inside an anchor).
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, mapping_end = yaml.MappingStartEvent, yaml.MappingEndEvent
        sequence_start, sequence_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent
        document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
        text_tag, no_key = _STR, _NO_KEY
        while True:
            event: Any = get_event()
            kind = type(event)
            child: _Block | None = None
            copied: Sequence[tuple[Path_, int]] = ()
            if kind is scalar_event:
                if event.tag is not None:
                    raise _Unusual
                value = event.value
                if event.implicit[0]:
                    tag = tags.get(value)
                    if tag is None:
                        tag = tags[value] = resolve(yaml.ScalarNode, value, (True, False))
                    if tag != text_tag:
                        if tag not in _PLAIN_TAGS:
                            raise _Unusual
                        cache_key = (tag, value)
                        if cache_key in built:
                            value = built[cache_key]
                        else:
                            node = yaml.ScalarNode(tag, value)
                            value = built[cache_key] = constructors[tag](loader, node)
                line = event.start_mark.line + 1
                if event.anchor is not None:
                    if event.anchor in anchors:
                        raise _Unusual  # a second anchor of that name: the composer refuses it
                    anchors[event.anchor] = (value, line, ())
            elif kind is mapping_start or kind is sequence_start:
                if event.tag is not None:
                    raise _Unusual
                line = event.start_mark.line + 1
                child = _Block(kind is mapping_start, line, event.anchor)
                if event.anchor is not None:
                    if event.anchor in anchors:
                        raise _Unusual
                    anchors[event.anchor] = None
                value = child.data
            elif kind is mapping_end or kind is sequence_end:
                done = stack.pop()
                if done.anchor is not None:
                    anchored = recording.pop()
                    # A duplicate key under the anchor is reported once; an alias of that block
                    # leaves the file to the constructor, which reports it at every use.
                    if len(problems) == anchored.problems:
                        cut = len(done.path)
                        relative = [(path[cut:], at) for path, at in anchored.lines]
                        anchors[done.anchor] = (done.data, done.line, relative)
                continue
            elif kind is alias_event:
                target = anchors.get(event.anchor)
                if target is None:
                    raise _Unusual  # undefined, still open (recursive), or holding a problem
                value, line, copied = target
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        None,
                        "but found another document",
                        event.start_mark,
                    )
                continue
            elif kind is stream_end:
                return root, index, problems
            else:  # the start of the stream, the end of the document
                continue
            if not stack:
                root = value
                path: Path_ = ()
            elif not (parent := stack[-1]).is_mapping:
                path = (*parent.path, len(parent.data))
                parent.data.append(value)
                lines[path] = line
                if recording:
                    mark(path, line)
            elif parent.key is no_key:
                if child is not None or kind is alias_event:
                    raise _Unusual  # a block as a key: the constructor refuses it with its line
                raw = event.value
                parent.key = value
                parent.key_path = path = (*parent.path, raw)
                earlier = parent.seen.get(raw)
                if earlier is not None:
                    problems.append(_duplicate(name, line, path, raw, earlier))
                parent.seen[raw] = line
                lines[path] = line
                if recording:
                    mark(path, line)
                continue
            else:
                parent.data[parent.key] = value
                parent.key = no_key
                if child is None and not copied:
                    continue
                path = parent.key_path
            for relative_path, at in copied:
                mark((*path, *relative_path), at)
            if child is not None:
                child.path = path
                stack.append(child)
                if child.anchor is not None:
                    recording.append(_Anchored(len(problems)))
    finally:
        loader.dispose()


def _duplicate(name: str, line: int, path: Path_, key: str, earlier: int) -> SeedProblem:
    return SeedProblem(
        name,
        line,
        dotted(path),
        f"sleutel '{key}' staat twee keer in hetzelfde blok (eerder op regel {earlier}); "
        "verwijder een van beide",
    )


def _read_composed(text: str, name: str) -> Read:
    """PyYAML's node tree and constructor, then a walk over the tree for the lines."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    index = LineIndex()
    problems: list[SeedProblem] = []
    if node is not None:
        _index_node(node, (), index, problems, name, set())
    return data, index, problems


def _index_node(
    node: yaml.Node,
    path: Path_,
    index: LineIndex,
    problems: list[SeedProblem],
    name: str,
    open_nodes: set[int],
) -> None:
    # An alias of a block it sits inside would be walked for ever; the constructor has built it.
    if id(node) in open_nodes:
        return
    open_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(_duplicate(name, line, (*path, key), key, seen[key]))
            seen[key] = line
            index.lines[(*path, key)] = line
            _index_node(value_node, (*path, key), index, problems, name, open_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            index.lines[(*path, i)] = item.start_mark.line + 1
            _index_node(item, (*path, i), index, problems, name, open_nodes)
    open_nodes.discard(id(node))
