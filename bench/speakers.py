"""Speaker resolution on the shared data: seeds, the Quotebank sample and LIAR train in one archive.

    .venv/bin/python -m bench.speakers --database-url sqlite:////tmp/speakers.sqlite

Builds the archive through the command line (``flask db upgrade``, ``flask seed``, ``flask
import`` of ``../shared/datasets/quotebank/sars_biden_2020.csv.zip`` and
``../shared/datasets/liar/train.tsv``, then both imports again), and reports the live
speakers after each step, the duplicates left (live speakers sharing a Wikidata id; live
persons sharing a normalised name in some order, ``names.name_orders``), the persons that are
variants of one another's names (``variants.name_variant``: titles, suffixes, middle names aside;
never merged, only queued), the review queue, and each step's seconds (one run: a count of the
work, not a benchmark).
The database file is replaced. Nothing from the datasets is copied into the repository.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from tracker import models
from tracker.models import Speaker, SpeakerKind
from tracker.services.input import names, variants

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
FILES = ((DATASETS / "quotebank" / "sars_biden_2020.csv.zip", "quotebank"),
         (DATASETS / "liar" / "train.tsv", "liar"))


def flask(url: str, *args: str) -> float:
    """Run one ``flask --app tracker`` command against the archive; returns its seconds."""
    env = {**os.environ, "DATABASE_URL": url}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "tracker", *args],  # noqa: S603 - our own CLI
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def figures(url: str) -> dict[str, int]:
    """Live speakers, duplicates left by Wikidata id and by normalised name, open reviews."""
    engine = create_engine(url)
    with Session(engine) as session:
        live = (Speaker.deleted_at.is_(None), Speaker.merged_into_id.is_(None))
        rows = session.execute(select(Speaker.name, Speaker.wikidata_id, Speaker.kind).where(*live)).all()
        by_qid = Counter(q for _, q, _ in rows if q)
        persons = [n for n, _, k in rows if k == SpeakerKind.PERSON]
        by_name = Counter(min(names.name_orders(n) or [n]) for n in persons)
        variant = variants.name_variant
        by_variant = Counter(variant(n) for n in persons)
        review = getattr(models, "SpeakerReview", None)  # absent before issue 15 (for the "before" run)
        reviews = session.scalar(select(func.count()).select_from(review)
                                 .where(review.status == "open")) or 0 if review is not None else -1
    engine.dispose()
    return {"speakers": len(rows), "dup_wikidata": sum(n - 1 for n in by_qid.values() if n > 1),
            "dup_name": sum(n - 1 for n in by_name.values() if n > 1),
            "names_duplicated": sum(1 for n in by_name.values() if n > 1),
            "variant_persons": sum(n - 1 for n in by_variant.values() if n > 1) - sum(
                n - 1 for n in by_name.values() if n > 1), "open_reviews": reviews}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench-speakers.sqlite")
    args = parser.parse_args()
    url: str = args.database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    flask(url, "db", "upgrade")
    flask(url, "seed")
    print("after seeds", figures(url))
    for path, fmt in FILES:
        if not path.exists():
            sys.exit(f"{path} is missing: nothing to measure")
        seconds = flask(url, "import", str(path), "--format", fmt)
        print(f"after {fmt} ({seconds:.1f} s)", figures(url))
    seconds = sum(flask(url, "import", str(path), "--format", fmt) for path, fmt in FILES)
    print(f"after both again ({seconds:.1f} s)", figures(url))


if __name__ == "__main__":
    main()
