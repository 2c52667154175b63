"""The house rules (scripts/architecture.py): this checkout keeps them, and the check catches
each kind of breach in a tree made to break them."""

from __future__ import annotations

from pathlib import Path

from scripts import architecture


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root


def test_this_checkout_keeps_the_house_rules() -> None:
    assert architecture.check() == []


def test_the_check_finds_every_kind_of_breach(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "tracker/__init__.py": "",
        "tracker/db.py": "",
        "tracker/models/__init__.py": "from tracker.services.pages import browse\n",  # upwards
        "tracker/services/__init__.py": "",
        "tracker/services/pages/__init__.py": "",
        "tracker/services/pages/browse.py": "from tracker.services.search import query\n",
        "tracker/services/search/__init__.py": "",
        # a circle seen only by the type checker is a circle all the same
        "tracker/services/search/query.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                            "    from tracker.services.pages import browse\n",
        "tracker/services/search/text.py": "from flask import request\n",
        "tracker/views/__init__.py": "from tracker.api import read\n",  # sideways
        "tracker/api/__init__.py": "",
        "tracker/api/read.py": "from sqlalchemy import select\n\ndef f():\n    return select(1)\n",
        "tracker/views/editing/statements.py": "from sqlalchemy import select\nselect(1)\n",
        **{f"tracker/web/m{i}.py": "" for i in range(13)},
        "tracker/web/__init__.py": "",
        "tests/long.py": "x = 1\n" * 401,
    })
    breaches = "\n".join(architecture.check(root))
    assert "import circle: tracker.services.pages.browse <-> tracker.services.search.query" in breaches
    assert "service packages in a circle: tracker.services.pages <-> tracker.services.search" in breaches
    assert "tracker.models imports tracker.services.pages.browse" in breaches
    assert "tracker.views imports tracker.api.read" in breaches
    assert "tracker.services.search.text imports flask" in breaches
    assert "tracker/web/ holds 13 modules" in breaches
    assert "tests/long.py has 401 lines" in breaches
    assert "tracker/api/read.py:4 runs select(: queries belong in tracker/services" in breaches
    assert "tracker/views/editing/statements.py:2 runs select(" in breaches  # no file is exempt


def test_a_package_importing_its_own_submodules_is_no_circle(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "tracker/__init__.py": "",
        "tracker/services/__init__.py": "",
        "tracker/services/data/__init__.py": "from tracker.services.data.run import go\n",
        "tracker/services/data/run.py": "from tracker.services.data import bulk\n",
        "tracker/services/data/bulk.py": "",
    })
    assert architecture.check(root) == []
