"""Bounded pagination: the parameters it accepts and the facts it gives the JSON answers."""

from __future__ import annotations

import pytest

from tracker.services.input.parameters import ParameterError
from tracker.services.pages.pagination import MAX_PAGE, Page, page_args, read_int


def test_page_arguments_default_and_bounds() -> None:
    assert page_args({}) == (1, 50)
    assert page_args({}, 20, 100) == (1, 20)
    assert page_args({"page": "3", "per_page": "200"}) == (3, 200)
    assert page_args({"page": str(MAX_PAGE), "per_page": "1"}) == (MAX_PAGE, 1)
    assert page_args({"page": "", "per_page": ""}, 7) == (1, 7)
    assert page_args({"page": "1", "per_page": "1"}) == (1, 1)


@pytest.mark.parametrize("args,name", [({"page": "0"}, "page"), ({"page": str(MAX_PAGE + 1)}, "page"),
                                       ({"per_page": "0"}, "per_page"), ({"per_page": "201"}, "per_page"),
                                       ({"page": "x"}, "page"), ({"per_page": "1.5"}, "per_page")])
def test_page_arguments_out_of_bounds_are_refused_by_name(args: dict[str, str], name: str) -> None:
    with pytest.raises(ParameterError) as caught:
        page_args(args)
    assert caught.value.parameter == name


def test_read_int_names_the_bounds() -> None:
    assert read_int({"n": "5"}, "n", 1, 5, 9) == 5 and read_int({"n": "9"}, "n", 1, 5, 9) == 9
    with pytest.raises(ParameterError, match="between 5 and 9, not 10"):
        read_int({"n": "10"}, "n", 1, 5, 9)
    with pytest.raises(ParameterError, match="“x” is not a whole number"):
        read_int({"n": "x"}, "n", 1, 5, 9)


def test_meta_of_an_exact_page() -> None:
    first = Page(items=[1, 2], page=1, per_page=2, total=5)
    assert first.meta() == {"page": 1, "per_page": 2, "total": 5, "pages": 3, "next_page": 2,
                            "previous_page": None}
    last = Page(items=[5], page=3, per_page=2, total=5)
    assert last.meta() == {"page": 3, "per_page": 2, "total": 5, "pages": 3, "next_page": None,
                           "previous_page": 2}
    assert Page(items=[], page=1, per_page=10, total=0).pages == 1
    assert Page(items=[3, 4], page=2, per_page=2, total=5).meta()["previous_page"] == 1


def test_meta_of_a_bounded_count() -> None:
    page = Page(items=[1] * 10, page=2, per_page=10, total=1000, exact=False, more=True)
    meta = page.meta()
    assert meta["total_is_lower_bound"] is True and meta["next_page"] == 3 and meta["pages"] == 100
    beyond = Page(items=[1] * 10, page=120, per_page=10, total=1000, exact=False, more=True)
    assert beyond.pages == 121
    end = Page(items=[1], page=120, per_page=10, total=1000, exact=False, more=False)
    assert end.pages == 120 and end.meta()["next_page"] is None
