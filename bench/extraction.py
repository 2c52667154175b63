"""Scoring the article extractor: PolNeAR (attribution spans) and the two seed articles.

    .venv/bin/python -m bench.extraction --split dev        # figures for bench/RESULTS.md
    .venv/bin/python -m bench.extraction --split train      # tune the rules here, never on dev
    .venv/bin/python -m bench.extraction --seeds            # each seed account: proposed, or why not

PolNeAR (Newell, Margolin & Ruths, LREC 2018) is read in place from ``--polnear`` (default
``../shared/datasets/polnear``); nothing from it is copied into the repository. One annotator's
file per article (the first by name). A gold attribution is *found* when a proposal's content
overlaps at least half of the gold content; a proposal is *right* when at least half of its
content lies in some gold content, or it finds a gold attribution. A seed account (its wording
located in the article) is proposed when a proposal's passage (speaker, cue and content)
covers at least half of it; its speaker is right when the proposal names the seed's speaker
(``bench/extraction_seeds.py``; ``--seeds`` lists every account, and why it is missed).
In PolNeAR the speaker is right when the proposed speaker's words overlap the gold Source
span. Direct quotes: gold contents that open and close with a quotation mark.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench import extraction_seeds
from tracker.services.extraction.propose import Proposal, propose
from tracker.services.extraction.speakers import NoSpeakers
from tracker.services.input.text import fold

SHARED = Path(__file__).resolve().parents[2] / "shared"
OPENERS, CLOSERS = "“\"'‘«「『", "”\"'’»」』"


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    direct: bool


def _spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def read_ann(path: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(where))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    golds = []
    for event in events:
        content = spans.get(event.get("Content", ""), ("", []))[1]
        if not content:
            continue
        source = spans.get(event.get("Source", ""), ("", []))[1]
        words = text[content[0][0] : content[-1][1]].strip().rstrip(".,;:")
        direct = bool(words) and words[0] in OPENERS and words[-1] in CLOSERS
        golds.append(Gold(content, source, direct))
    return golds


def _overlap(a: list[tuple[int, int]], b: tuple[int, int]) -> int:
    return sum(max(0, min(e, b[1]) - max(s, b[0])) for s, e in a)


def score(text: str, golds: list[Gold], proposals: list[Proposal]) -> dict[str, int]:
    counts = dict.fromkeys(
        ["gold", "found", "direct", "direct_found", "proposed", "right", "speaker_checked", "speaker_right"],
        0,
    )
    counts["gold"], counts["proposed"] = len(golds), len(proposals)
    matched: set[int] = set()
    for gold in golds:
        length = sum(e - s for s, e in gold.content)
        hits = [
            i
            for i, p in enumerate(proposals)
            if _overlap(gold.content, (p.content.start, p.content.end)) * 2 >= length
        ]
        counts["direct"] += gold.direct
        if hits:
            counts["found"] += 1
            counts["direct_found"] += gold.direct
            matched.update(hits)
            if gold.source:
                counts["speaker_checked"] += 1
                mention = proposals[hits[0]].speaker
                if (
                    mention.span is not None and _overlap(gold.source, (mention.span.start, mention.span.end))
                ) or any(fold(mention.name) in fold(text[s:e]) for s, e in gold.source):
                    counts["speaker_right"] += 1
    for i, p in enumerate(proposals):
        inside = max((_overlap(g.content, (p.content.start, p.content.end)) for g in golds), default=0)
        if i in matched or inside * 2 >= p.content.end - p.content.start:
            counts["right"] += 1
    return counts


def polnear(root: Path, split: str) -> dict[str, float]:
    published = {}
    for line in (root / "metadata.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if cells[0] == split:
            published[cells[1]] = date.fromisoformat(cells[5])
    totals: dict[str, int] = {}
    chosen: dict[str, Path] = {}
    for ann in sorted((root / split / "attributions").glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for name, ann in sorted(chosen.items()):
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        counts = score(text, read_ann(ann, text), propose(text, published.get(name), NoSpeakers()))
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return {
        "articles": len(chosen),
        **totals,
        "precision": totals["right"] / max(1, totals["proposed"]),
        "recall": totals["found"] / max(1, totals["gold"]),
        "direct_recall": totals["direct_found"] / max(1, totals["direct"]),
        "speaker_rate": totals["speaker_right"] / max(1, totals["speaker_checked"]),
    }


def timing(root: Path, words: int = 2000, rounds: int = 15) -> dict[str, float]:
    pieces, count = [], 0
    for path in sorted((root / "dev" / "text").glob("*.txt")):
        piece = path.read_text(encoding="utf-8")
        pieces.append(piece)
        count += len(piece.split())
        if count >= words:
            break
    text = "\n\n".join(pieces)
    known = extraction_seeds.lexicon(extraction_seeds.read_seeds(Path("seeds")))
    times, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        propose(text, date(2016, 10, 1), known)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    # CPU time as well: on the shared machine the wall clock mostly measures the other jobs.
    return {
        "words": len(text.split()),
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "cpu_median_ms": statistics.median(cpu),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--polnear", type=Path, default=SHARED / "datasets" / "polnear")
    parser.add_argument("--articles", type=Path, default=SHARED / "seed-articles")
    parser.add_argument("--seeds", action="store_true", help="list every seed account, proposed or why not")
    args = parser.parse_args()
    found = extraction_seeds.accounts(Path("seeds"), args.articles)
    if args.seeds:
        print(extraction_seeds.listing(found))
        print(json.dumps(extraction_seeds.summary(found), indent=1))
        return
    result = {
        "polnear": polnear(args.polnear, args.split),
        "seed_articles": extraction_seeds.summary(found),
        "timing": timing(args.polnear),
    }
    print(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
