"""Read-only copies of database rows, for values that a worker keeps across requests.

An ORM object carries SQLAlchemy's state (its identity, its session, the values it was loaded
with) and pydantic's bookkeeping: about a kilobyte and a half beside its own values. The
Werkagenda every worker keeps (app/afspraken/cache.py) holds 8,000 of them at 50 times the
seed's size, some 11 MB per worker. A frozen row has the model's columns as slots and its own
plain properties (`Partij.label`, `Mijlpaal.due_date`), so templates and code read it as they
read the object; it cannot be changed, and a session never sees it. To write, read the row in
the request's session.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import SQLModel

T = TypeVar("T")


class FrozenRow:
    """The base of every frozen row class: a frozen dataclass with slots, one field per column
    (made by `row_class_of`), so no attribute can be set once it is made."""

    __slots__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__[:3])
        return f"{type(self).__name__}({shown}, ...)"


def frozen_copy(value: T) -> T:
    """`value` with every ORM object in it replaced by a frozen row, however deep it lies in
    dataclasses, lists, tuples and dicts; what the value shares stays shared (one party in many
    afspraken is one copy), and a part without ORM objects is the same object. For values
    without cycles, as the pages' read models are."""
    copies: dict[int, Any] = {}

    def copy(part: Any) -> Any:
        key = id(part)
        if key not in copies:
            copies[key] = _copied(part, copy)
        return copies[key]

    return copy(value)  # type: ignore[no-any-return]


def _copied(part: Any, copy: Any) -> Any:
    if isinstance(part, str | int | float | FrozenRow | None):
        return part
    if isinstance(part, SQLModel) and hasattr(part, "__table__"):
        return frozen(part)
    if dataclasses.is_dataclass(part) and not isinstance(part, type):
        changes = {
            f.name: new
            for f in dataclasses.fields(part)
            if f.init and (new := copy(old := getattr(part, f.name))) is not old
        }
        return dataclasses.replace(part, **changes) if changes else part
    if type(part) is list:
        items = [copy(item) for item in part]
        return items if any(n is not o for n, o in zip(items, part, strict=True)) else part
    if type(part) is tuple:
        items = [copy(item) for item in part]
        same = all(n is o for n, o in zip(items, part, strict=True))
        return part if same else tuple(items)
    if isinstance(part, dict):
        changed = {k: new for k, old in part.items() if (new := copy(old)) is not old}
        if not changed:
            return part
        result = part.copy()  # keeps a defaultdict's factory
        result.update(changed)
        return result
    return part


_CLASSES: dict[type, type[FrozenRow]] = {}


def frozen(obj: T, **changes: Any) -> T:
    """A read-only copy of the ORM object (or frozen row) `obj` with the same column values,
    but for `changes`.

    Typed as the model: it reads like one (columns and the model's properties), which is all
    a kept value is for; relationships and ORM methods are not there."""
    row_class = type(obj) if isinstance(obj, FrozenRow) else row_class_of(type(obj))
    values = (changes[n] if n in changes else getattr(obj, n) for n in row_class.__slots__)
    return row_class(*values)  # type: ignore[return-value]


def select_columns(model: type[Any]) -> sa.Select[Any]:
    """A select of `model`'s columns in the order `frozen_rows` takes them: for reading many
    rows without making ORM objects first (add where, order_by as to any select)."""
    mapper: sa.orm.Mapper[Any] = sa.inspect(model)
    return sa.select(*(mapper.columns[name] for name in row_class_of(model).__slots__))


def frozen_rows(model: type[T], rows: Iterable[Sequence[Any]]) -> list[T]:
    """Frozen rows of `model` from the result of its `select_columns`."""
    row_class = row_class_of(model)
    return [row_class(*values) for values in rows]  # type: ignore[misc]


def row_class_of(model: type) -> type[FrozenRow]:
    """The frozen row class of an ORM model: its columns as slots, its own properties."""
    row_class = _CLASSES.get(model)
    if row_class is None:
        mapper: sa.orm.Mapper[Any] = sa.inspect(model)
        columns = tuple(attr.key for attr in mapper.column_attrs)
        properties = {n: v for n, v in vars(model).items() if isinstance(v, property)}
        # A dataclass for its generated __init__: one call makes a row (50,000 in a brief).
        row_class = _CLASSES[model] = dataclasses.make_dataclass(
            f"Frozen{model.__name__}",
            columns,
            bases=(FrozenRow,),
            # Slots given here, not by slots=True, whose new class breaks the frozen check's
            # super() for names that are no field (CPython 3.11).
            namespace={"__slots__": columns, "__module__": __name__, **properties},
            frozen=True,
            eq=False,  # the same row is the same object, as in a session
            repr=False,
        )
    return row_class
