"""Pages of a long list: which slice a `?pagina=` shows, and the page numbers to link to.

A list only gets pages when it holds more than one page's worth, so the seed-size lists look as
they always did. A page number that is not a number, or lies outside the list, shows the nearest
page that exists with a Dutch message; it never fails the request. Counts and summaries above a
list are the caller's, over every item: a page only chooses which rows are drawn.
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.inputs import parse_int

T = TypeVar("T")

PER_PAGE = 50
PARAM = "pagina"
# Far beyond any list; what the integer parse accepts before it says "no number".
_MAX_PAGE = 10**9


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 1) and how many pages there are."""

    items: list[T]
    number: int
    count: int

    @property
    def paged(self) -> bool:
        """Whether there is more than one page (else no page links are drawn)."""
        return self.count > 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers to link: the first, the last and `around` either side of this one;
        None marks a gap ("…")."""
        shown = {1, self.count, *range(self.number - around, self.number + around + 1)}
        out: list[int | None] = []
        for n in sorted(n for n in shown if 1 <= n <= self.count):
            if out and out[-1] is not None and n > out[-1] + 1:
                out.append(None)
            out.append(n)
        return out


def paginate(
    groups: Sequence[Sequence[T]], args: Mapping[str, str], *, per_page: int = PER_PAGE
) -> tuple[Page[T], str | None]:
    """The page `args[PARAM]` asks for, counted in groups (a row with the rows that belong under
    it), and a Dutch message when another page is shown than the one asked for."""
    count = max(1, -(-len(groups) // per_page))
    number, problem = _page_number(args.get(PARAM, ""), count)
    chosen = groups[(number - 1) * per_page : number * per_page]
    return Page([item for group in chosen for item in group], number, count), problem


def paginate_items(
    items: Sequence[T], args: Mapping[str, str], *, per_page: int = PER_PAGE
) -> tuple[Page[T], str | None]:
    """`paginate` for a flat list: every item is a group of one."""
    count = max(1, -(-len(items) // per_page))
    number, problem = _page_number(args.get(PARAM, ""), count)
    return Page(list(items[(number - 1) * per_page : number * per_page]), number, count), problem


def group_by(items: Sequence[T], key: Callable[[T], Hashable]) -> list[list[T]]:
    """Runs of neighbouring items with the same key, so that a page never splits one."""
    groups: list[list[T]] = []
    last: Hashable = object()
    for item in items:
        k = key(item)
        if not groups or k != last:
            groups.append([])
        groups[-1].append(item)
        last = k
    return groups


def _page_number(text: str, count: int) -> tuple[int, str | None]:
    text = text.strip()
    if not text:
        return 1, None
    number = parse_int(text, low=-_MAX_PAGE, high=_MAX_PAGE)
    if number is None and text.isascii() and text.isdigit():
        number = _MAX_PAGE  # a number with more digits than any page: past the last page
    if number is None:
        return 1, f"Pagina '{text[:40]}' is geen paginanummer; pagina 1 wordt getoond."
    if number < 1:
        return 1, f"Pagina {number} bestaat niet; pagina 1 wordt getoond."
    if number > count:
        pages = "is maar één pagina" if count == 1 else f"zijn {count} pagina's"
        return count, f"Pagina {number} bestaat niet: er {pages}. Pagina {count} wordt getoond."
    return number, None
