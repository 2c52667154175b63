"""Family names: where A–Z files a person, and names typed in either order."""

from __future__ import annotations

import pytest

from tracker.services.input.names import family_sort_name, name_orders
from tracker.services.input.text import name_key


@pytest.mark.parametrize(
    ("name", "country", "aliases", "family"),
    [
        ("Joe Biden", "US", ["Biden", "拜登"], "biden"),  # an alias alone is the family name
        ("Joseph R. Biden Jr.", "US", [], "biden"),  # no suffix, last word otherwise
        ("Fumio Kishida", "JP", ["Kishida Wenxiong", "Kishida", "岸田文雄"], "kishida"),
        ("Kishida Fumio", "JP", ["Kishida"], "kishida"),  # Japanese order, as the alias shows
        ("Xi Jinping", None, ["习近平", "President Xi"], "xi"),  # a title and the family name
        ("Yoon Suk-yeol", "KR", ["Yin Xiyue", "Yoon Suk Yeol"], "yoon"),  # Korean names: family first
        ("Kim Jong Un", "KP", ["Kim Jong-un"], "kim"),
        ("Rumen Radev", "BG", ["RADF"], "radev"),
        ("Ursula von der Leyen", "DE", [], "von"),  # the particle goes with the family name
        ("岸田文雄", "JP", [], "岸田文雄"),  # Han characters: family name first, as written
    ],
)
def test_people_are_filed_by_family_name(name: str, country: str | None, aliases: list[str],
                                         family: str) -> None:
    filed = family_sort_name(name, True, country, aliases)
    assert filed.split()[0] == family
    assert sorted(filed.split()) == sorted(family_sort_name(name, False).split())  # nothing lost


def test_organizations_are_filed_as_written() -> None:
    assert family_sort_name("White House", False, "US", ["House"]) == "white house"
    assert family_sort_name("Madonna", True) == "madonna"


def test_a_name_in_either_order_has_the_same_keys() -> None:
    assert name_key("Fumio Kishida") in name_orders("Kishida Fumio")
    assert name_key("Suk-yeol Yoon") in name_orders("Yoon Suk-yeol")
    assert name_orders("Kishida Fumio")[0] == name_key("Kishida Fumio")
    assert name_orders("Kishida") == ["kishida"]
    assert name_orders("  ") == []
