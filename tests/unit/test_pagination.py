"""Pages of long lists (app/pagination.py): which slice a page number shows, and bad numbers."""

import pytest

from app.pagination import PER_PAGE, group_by, paginate, paginate_items


def test_a_list_of_one_page_has_no_page_links() -> None:
    page, problem = paginate_items(list(range(PER_PAGE)), {})
    assert problem is None
    assert (page.number, page.count, page.paged) == (1, 1, False)
    assert page.items == list(range(PER_PAGE))


def test_page_two_holds_the_next_fifty() -> None:
    page, problem = paginate_items(list(range(120)), {"pagina": "2"})
    assert problem is None
    assert (page.number, page.count, page.paged) == (2, 3, True)
    assert page.items == list(range(50, 100))
    assert (page.previous, page.next) == (1, 3)
    last, _ = paginate_items(list(range(120)), {"pagina": "3"})
    assert last.items == list(range(100, 120))
    assert last.next is None


def test_a_group_is_never_split_over_two_pages() -> None:
    # 49 single rows, then a parent with six children: the seventh row of page 1 is the parent's.
    rows = [f"{n}" for n in range(49)] + ["5", "5a", "5b", "5c", "5d", "5e", "5f", "60"]
    groups = group_by(rows, lambda code: code.rstrip("abcdef"))
    first, _ = paginate(groups, {})
    assert first.items[-7:] == ["5", "5a", "5b", "5c", "5d", "5e", "5f"]
    assert len(first.items) == 56  # 50 groups, not 50 rows
    second, _ = paginate(groups, {"pagina": "2"})
    assert second.items == ["60"]


@pytest.mark.parametrize(
    ("text", "number", "message"),
    [
        ("0", 1, "Pagina 0 bestaat niet; pagina 1 wordt getoond."),
        ("-1", 1, "Pagina -1 bestaat niet; pagina 1 wordt getoond."),
        ("abc", 1, "Pagina 'abc' is geen paginanummer; pagina 1 wordt getoond."),
        ("2.5", 1, "Pagina '2.5' is geen paginanummer"),
        ("٣", 1, "is geen paginanummer"),  # a non-ASCII digit
        ("99999", 3, "Pagina 99999 bestaat niet: er zijn 3 pagina's. Pagina 3 wordt getoond."),
        ("9" * 5000, 3, "er zijn 3 pagina's. Pagina 3 wordt getoond."),
        (" 2 ", 2, None),
        ("", 1, None),
    ],
)
def test_a_bad_page_number_shows_the_nearest_page_with_a_dutch_message(
    text: str, number: int, message: str | None
) -> None:
    page, problem = paginate_items(list(range(120)), {"pagina": text})
    assert page.number == number
    assert page.items == list(range(120))[(number - 1) * 50 : number * 50]
    if message is None:
        assert problem is None
    else:
        assert problem is not None and message in problem


def test_a_page_beyond_a_single_page_says_there_is_one() -> None:
    page, problem = paginate_items([1, 2, 3], {"pagina": "4"})
    assert page.items == [1, 2, 3]
    assert problem == "Pagina 4 bestaat niet: er is maar één pagina. Pagina 1 wordt getoond."


def test_an_empty_list_is_one_empty_page() -> None:
    page, problem = paginate_items([], {})
    assert (page.items, page.number, page.count, problem) == ([], 1, 1, None)


@pytest.mark.parametrize(
    ("number", "count", "links"),
    [
        (1, 2, [1, 2]),
        (1, 17, [1, 2, 3, None, 17]),
        (6, 17, [1, None, 4, 5, 6, 7, 8, None, 17]),
        (4, 17, [1, 2, 3, 4, 5, 6, None, 17]),
        (17, 17, [1, None, 15, 16, 17]),
    ],
)
def test_page_links_show_the_ends_and_the_neighbours(
    number: int, count: int, links: list[int | None]
) -> None:
    page, _ = paginate_items(list(range(count * 50)), {"pagina": str(number)})
    assert page.numbers() == links
