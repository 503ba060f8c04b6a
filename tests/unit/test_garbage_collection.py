"""Big builds run with fewer garbage collections, and only they (app/garbage_collection.py)."""

import gc
import threading
from collections.abc import Iterator

import pytest

from app.garbage_collection import THRESHOLDS, fewer_collections


@pytest.fixture(autouse=True)
def default_thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def test_inside_a_build_the_thresholds_are_raised_and_put_back_after() -> None:
    with fewer_collections():
        assert gc.get_threshold() == THRESHOLDS
        with fewer_collections():  # a build inside a build
            assert gc.get_threshold() == THRESHOLDS
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.isenabled()


def test_a_failing_build_puts_the_thresholds_back() -> None:
    @fewer_collections()
    def build() -> None:
        assert gc.get_threshold() == THRESHOLDS
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        build()
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_stay_raised_until_the_last_thread_is_done() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[tuple[int, int, int]] = []

    def first() -> None:
        with fewer_collections():
            first_in.set()
            second_done.wait(10)
            seen.append(gc.get_threshold())  # the other build ended meanwhile

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(10)
    with fewer_collections():
        pass
    second_done.set()
    thread.join(10)
    assert seen == [THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)
