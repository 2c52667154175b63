"""Precision and recall of the grouping of one quote reported in several places (issue 15).

    .venv/bin/python -m bench.clusters --database-url sqlite:////tmp/bench-clusters.sqlite

Builds an archive through the command line (``flask db upgrade``, ``flask seed``, ``flask
import`` of ``../shared/datasets/quotebank/sars_biden_2020.csv.zip``), then imports a second
Quotebank file written to a temporary folder (never into the repository): ``--sample``
quotations of the first (seeded), each perturbed as another outlet might render it
(``bench.near_duplicates.perturb``) under a new quoteID and another outlet's URL. Then:

- **Quotebank's own ids**, over the rows of the shared file: two rows are the same quote when
  they share a quoteID; the archive puts two rows together when they are one statement (one
  quoteID is one statement with an account per URL) or in one group (``StatementCluster``).
  Pairwise precision and recall.
- **Perturbed copies**: a copy is right when it is in its original's group; recall = right /
  copies; precision = right / copies put in any group.

The database file is replaced. One run; counts, not timings.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bench.near_duplicates import perturb
from bench.speakers import flask
from tracker.models import Statement, StatementCluster

QUOTEBANK = (Path(__file__).resolve().parents[2] / "shared" / "datasets" / "quotebank"
             / "sars_biden_2020.csv.zip")


def rows_of(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of the Quotebank CSV in the zip."""
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return list(reader.fieldnames or []), list(reader)


def groups(url: str) -> tuple[dict[str, int], dict[str, int]]:
    """Statement key -> its group (the group's first statement, or itself); key -> its id."""
    engine = create_engine(url)
    with Session(engine) as session:
        root = dict(session.execute(select(StatementCluster.statement_id, StatementCluster.cluster_id))
                    .tuples().all())
        ids = {key: sid for key, sid in session.execute(
            select(Statement.key, Statement.id).where(Statement.key.like("quotebank:%"))).tuples() if key}
    engine.dispose()
    return {key: root.get(sid, sid) for key, sid in ids.items()}, ids


def pairs(labels: list[tuple[str, int]]) -> tuple[int, int, int]:
    """(pairs alike in both, pairs put together, pairs truly together) over (truth, predicted)."""
    def together(counter: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())
    return (together(Counter(labels)), together(Counter(p for _, p in labels)),
            together(Counter(t for t, _ in labels)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="sqlite:////tmp/bench-clusters.sqlite")
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    url: str = args.database_url
    if not QUOTEBANK.exists():
        sys.exit(f"{QUOTEBANK} is missing: nothing to measure")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    flask(url, "db", "upgrade")
    flask(url, "seed")
    flask(url, "import", str(QUOTEBANK), "--format", "quotebank")
    header, rows = rows_of(QUOTEBANK)
    rng = random.Random(args.seed)  # noqa: S311 - reproducible test data, not secrets
    vocabulary = sorted({w for r in rows for w in r["quotation"].split()})
    attributed = [r for r in rows if r["speaker"] != "None" and len(r["quotation"]) >= 20]
    picked = rng.sample(attributed, min(args.sample, len(attributed)))
    with tempfile.TemporaryDirectory() as folder:
        copies = Path(folder) / "perturbed.csv"
        with copies.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=header)
            writer.writeheader()
            for n, r in enumerate(picked):
                writer.writerow({**r, "quoteID": f"perturbed-{n:04d}",
                                 "quotation": perturb(r["quotation"], rng, vocabulary),
                                 "urls": f"['https://other-outlet.example.org/{n}']"})
        flask(url, "import", str(copies), "--format", "quotebank")
    group, ids = groups(url)
    labels = [(r["quoteID"], group[f"quotebank:{r['quoteID'].lower()}"]) for r in rows
              if f"quotebank:{r['quoteID'].lower()}" in group]
    both, predicted, truth = pairs(labels)
    print(f"Quotebank quoteIDs: {len(labels):,} rows, {truth:,} pairs share a quoteID, "
          f"{predicted:,} pairs put together, {both:,} both: precision {both / predicted:.3f}, "
          f"recall {both / truth:.3f}")
    statements = Counter(p for _, p in labels)
    print(f"  {len(statements):,} groups; {sum(1 for n in statements.values() if n > 1):,} of several rows")
    right = grouped = 0
    for n, r in enumerate(picked):
        copy, original = group[f"quotebank:perturbed-{n:04d}"], group[f"quotebank:{r['quoteID'].lower()}"]
        grouped += copy != ids[f"quotebank:perturbed-{n:04d}"]
        right += copy == original
    print(f"perturbed copies: {len(picked)}, in their original's group {right}, in any group {grouped}: "
          f"precision {right / grouped if grouped else 1:.3f}, recall {right / len(picked):.3f}")


if __name__ == "__main__":
    main()
