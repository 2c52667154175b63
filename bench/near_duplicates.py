"""Precision and recall of the near-duplicate matcher (services/search/near.py).

    .venv/bin/python -m bench.near_duplicates

Two sets of labelled pairs, both of one speaker's quotations from the shared Quotebank sample
(``../shared/datasets/quotebank/sars_biden_2020.csv.zip``, read in place):

- **Quotebank's own ids**: pairs of rows with the same quoteID are duplicates; pairs of rows of
  one speaker with different quoteIDs are not (Quotebank clustered each quote's variants under
  one id, so two ids are two quotes by its judgement).
- **Perturbed pairs**: each of ``--sample`` quotations (seeded) against a copy changed as an
  editor retyping it might: two words replaced, one word dropped, case and punctuation changed,
  two neighbouring words swapped, or the last tenth of the words cut. Negatives: the perturbed
  copy against every other quotation of the same speaker.

For each threshold: precision = true matches / all matches, recall = true matches / duplicates.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import zipfile
from collections import defaultdict
from pathlib import Path

from tracker.services.search.near import similarity

QUOTEBANK = (Path(__file__).resolve().parents[2] / "shared" / "datasets" / "quotebank"
             / "sars_biden_2020.csv.zip")
THRESHOLDS = (70.0, 75.0, 80.0, 85.0, 88.0, 90.0, 95.0)


def quotations(path: Path) -> list[tuple[str, str, str]]:
    """(quoteID, speaker, quotation) of the attributed rows."""
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    return [(r["quoteID"], r["speaker"], r["quotation"]) for r in rows if r["speaker"] != "None"]


def perturb(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """One editor-like change of a quotation."""
    words = text.split()
    how = rng.randrange(5)
    if how == 0 and len(words) >= 4:
        for at in rng.sample(range(len(words)), 2):
            words[at] = rng.choice(vocabulary)
    elif how == 1 and len(words) >= 3:
        del words[rng.randrange(len(words))]
    elif how == 2:
        return text.upper().replace(",", "").replace(".", "!").replace("'", "’")
    elif how == 3 and len(words) >= 3:
        at = rng.randrange(len(words) - 1)
        words[at], words[at + 1] = words[at + 1], words[at]
    else:
        words = words[:max(1, len(words) - max(1, len(words) // 10))]
    return " ".join(words)


def score(pairs: list[tuple[float, bool]]) -> list[tuple[float, float, float, int, int]]:
    """(threshold, precision, recall, matches, duplicates) for each threshold."""
    out = []
    duplicates = sum(1 for _, same in pairs if same)
    for threshold in THRESHOLDS:
        matched = [same for s, same in pairs if s >= threshold]
        right = sum(matched)
        out.append((threshold, right / len(matched) if matched else 1.0,
                    right / duplicates if duplicates else 1.0, len(matched), duplicates))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=600)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rows = quotations(QUOTEBANK)
    by_speaker: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for quote_id, speaker, text in rows:
        by_speaker[speaker].append((quote_id, text))
    own: list[tuple[float, bool]] = []
    for quotes in by_speaker.values():
        for i, (qa, ta) in enumerate(quotes):
            own.extend((similarity(ta, tb), qa == qb) for qb, tb in quotes[i + 1:])
    rng = random.Random(args.seed)  # noqa: S311 - reproducible test data, not secrets
    vocabulary = sorted({w for _, _, t in rows for w in t.split()})
    perturbed: list[tuple[float, bool]] = []
    picked = rng.sample(rows, min(args.sample, len(rows)))
    for quote_id, speaker, text in picked:
        copy = perturb(text, rng, vocabulary)
        perturbed.append((similarity(text, copy), True))
        perturbed.extend((similarity(copy, other), False) for qid, other in by_speaker[speaker]
                         if qid != quote_id and other != text)
    for label, pairs in (("Quotebank quoteIDs", own), ("perturbed pairs", perturbed)):
        print(f"{label}: {len(pairs):,} pairs")
        for threshold, precision, recall, matched, duplicates in score(pairs):
            print(f"  threshold {threshold:5.1f}: precision {precision:.3f} recall {recall:.3f} "
                  f"({matched:,} matched, {duplicates:,} duplicates)")


if __name__ == "__main__":
    main()
