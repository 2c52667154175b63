"""A deterministic, realistic archive for the benchmark, loaded through the bulk import path.

    .venv/bin/python -m bench.generate --statements 1000000 \
        --database-url sqlite:///bench/data/bench-1m.sqlite

What it makes (all from one seeded ``random.Random``; the same arguments give the same file):

- N statements by N/20 speakers (50k at 1M) whose activity is Zipf-distributed (s = 1): the
  busiest speaker says ~9 % of everything, most say a handful of things;
- two accounts per statement, carried by articles of 2k outlets (themselves Zipf-popular);
  four neighbouring statements share an article, so there are ~N/2 articles;
- aliases: CJK speakers also appear under a romanized spelling, Latin ones without accents
  or with an initial (the importer turns a second spelling of a speaker key into an alias);
- multilingual text: English (Zipf word frequencies, so "the" is in almost every document),
  Korean, Japanese and Chinese originals built from common two-character words (정부, 政府,
  经济…), and French/Spanish/German with accents; CJK statements carry an English wording,
  the native original, and one account in the native language;
- topics (0–2 per statement), partial dates (day, month or year precision);
- conflicts: one per 500 statements, comparing the statement's two accounts on two points.

How it loads: the generator writes the tracker's own CSV shape (docs/data-format.md, one row
per account; a repeated statement key adds that row's account, a repeated speaker key with
another spelling adds an alias) and calls ``tracker.services.importers.run_import(…, "csv")``
, the path ``flask import --format csv`` takes: every record is checked, then BulkWriter
stores the bundle with multi-row INSERTs in one transaction and builds the full-text index
(``search_index.reindex_statements``; the FTS5 triggers fill ``search_fts``). The CSV shape
cannot express conflicts, so those are written afterwards with SQLAlchemy Core executemany
in one transaction (timed separately). Finally ``ANALYZE`` gives the query planner its
statistics (timed separately too).

Besides the database it writes ``<database>.targets.json`` (or ``--targets``): the ids and
terms the load benchmark requests, picked deterministically from the loaded data.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.engine import make_url

from tracker import create_app
from tracker.config import normalize_database_url
from tracker.models import (
    Account,
    Article,
    Conflict,
    ConflictClaim,
    ConflictMember,
    ConflictPoint,
    ConflictStatus,
    Outlet,
    SearchDocument,
    Speaker,
    SpeakerAlias,
    Statement,
    Topic,
    statement_topic,
)
from tracker.services.data import migrations
from tracker.services.data.importers import run_import
from tracker.services.data.importers.base import safe_key, short_hash
from tracker.services.data.importers.tabular import COLUMNS
from tracker.services.input.dates import parse_partial
from tracker.services.input.text import fold, name_key
from tracker.services.search import index as search_index
from tracker.web.database import get_session

DEFAULT_SEED = 20261101
ROOT = Path(__file__).resolve().parent

# -- vocabularies ---------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


EN_WORDS = (
    "the of and to a in that is we will for it not this be our have with are on as they "
    "government people country president said minister must talk peace security would "
    "economy trade all by at from an was there been has more can do no what about support "
    "new years today time policy agreement election war army border talks nuclear summit "
    "market prices jobs workers taxes budget health reform law court vote party leader "
    "allies region ministry sanctions treaty relations cooperation future history freedom "
    "democracy rights energy climate growth crisis inflation housing schools families "
    "children women farmers soldiers police journalists media report reports evidence "
    "claim claims denied confirmed announced promised warned urged rejected accused praised "
    "never always again very clear strong fair honest serious important difficult "
    "together forward open free great good bad wrong true false historic unprecedented "
    "meeting dinner conference interview speech statement readout briefing hearing visit "
    "japan korea china america europe russia ukraine taiwan india france germany brazil "
    "seoul tokyo beijing washington brussels moscow kyiv taipei delhi paris berlin "
    "missile drills exports chips semiconductors tariffs currency bank rates deficit "
    "pension vaccine hospital nurses doctors teachers students universities science "
    "ocean fishing water nuclear_free fukushima typhoon earthquake flood drought "
    "whistleblower scandal investigation prosecutor indictment verdict appeal "
    "cheaper expensive safer dangerous fragile resilient sovereign neutral hostile"
).replace("nuclear_free", "denuclearization").split()
RARE_WORDS = ("quixotic", "palimpsest", "sesquipedalian", "obstreperous", "mellifluous",
              "defenestration", "antidisestablishment", "floccinaucinihilipilification")

KO_WORDS = _words("정부 국민 경제 문제 한국 일본 미국 북한 관계 협력 정책 발표 회담 안보 외교 국회 의원 "
                  "장관 시장 대해 우리 오늘 지금 계속 강조 필요 중요 지원 노력 평화 대화 합의 선거 "
                  "대통령 총리 기자 회견 수출 반도체 물가 일자리")
KO_PARTICLES = ("", "", "은", "는", "이", "가", "을", "를", "의", "에", "도")
KO_ENDINGS = ("입니다", "했습니다", "하겠습니다", "합니다")
JA_WORDS = _words("日本 政府 首相 問題 経済 関係 協力 国民 韓国 中国 米国 会談 安全 保障 外交 政策 発表 "
                  "重要 必要 努力 平和 対話 合意 選挙 国会 大臣 記者 会見 輸出 半導体 物価 雇用 "
                  "ミサイル とても しっかり")
JA_PARTICLES = ("は", "が", "を", "に", "の", "と", "も", "で")
JA_ENDINGS = ("です。", "ます。", "と述べた。", "と強調した。")
ZH_WORDS = _words("中国 政府 发展 经济 问题 合作 关系 国家 人民 美国 日本 韩国 台湾 台独 安全 外交 政策 "
                  "会谈 重要 我们 坚持 推动 和平 对话 共识 选举 主席 总理 记者 出口 芯片 物价 就业 "
                  "一带一路 高质量")
ZH_PARTICLES = ("的", "和", "在", "是", "了", "")
ZH_ENDINGS = ("。", "！", "。")
LATIN: dict[str, tuple[str, ...]] = {
    "fr": _words("le la les des une nous gouvernement président économie réforme sécurité "
                 "été très déjà français européenne élection retraite grève accord"),
    "es": _words("el la los las una nosotros gobierno presidente economía reforma seguridad "
                 "también más aquí elección pensión huelga acuerdo años"),
    "de": _words("der die das und wir Regierung Präsident Wirtschaft Reform Sicherheit "
                 "für über schön Größe Wahl Rente Streik Abkommen Bürger"),
}

KO_FAMILY = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임")
KO_GIVEN = ("민", "준", "서", "연", "지", "현", "우", "수", "영", "호", "재", "석")
KO_ROMAN = {"김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
            "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "민": "min", "준": "jun",
            "서": "seo", "연": "yeon", "지": "ji", "현": "hyun", "우": "woo", "수": "su",
            "영": "young", "호": "ho", "재": "jae", "석": "seok"}
JA_FAMILY = (("岸田", "Kishida"), ("安倍", "Abe"), ("石破", "Ishiba"), ("佐藤", "Sato"),
             ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("河野", "Kono"))
JA_GIVEN = (("文雄", "Fumio"), ("晋三", "Shinzo"), ("茂", "Shigeru"), ("一郎", "Ichiro"),
            ("健", "Ken"), ("花子", "Hanako"), ("太郎", "Taro"), ("洋子", "Yoko"))
ZH_FAMILY = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
             ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"))
ZH_GIVEN = (("伟", "Wei"), ("芳", "Fang"), ("强", "Qiang"), ("明", "Ming"), ("华", "Hua"),
            ("建国", "Jianguo"), ("小平", "Xiaoping"), ("丽", "Li"))
LATIN_FIRST = ("Julián", "José", "María", "François", "Émilie", "Jürgen", "Zoë", "Ana",
               "John", "Mary", "Olaf", "Søren", "Chloé", "Andrés", "Lucía", "Björn",
               "Anna", "David", "Sarah", "Michael", "Ngozi", "Amara", "Priya", "Rahul")
LATIN_LAST = ("Castro", "García", "Müller", "Dubois", "Lefèvre", "Smith", "Jones", "Núñez",
              "Ødegaard", "Schröder", "Martínez", "Okafor", "Sharma", "Nguyen", "Kowalski",
              "Rossi", "Fernández", "Brown", "Johnson", "Weiß", "Costa", "Silva", "Novák")
TOPICS = tuple(f"topic-{name}" for name in _words(
    "economy trade security defence diplomacy japan-korea-relations china-taiwan north-korea "
    "elections health education climate energy housing pensions labour technology "
    "semiconductors media courts corruption migration agriculture fisheries disasters "
    "human-rights ukraine middle-east europe africa latin-america india inflation taxes "
    "budget infrastructure transport space science culture sport religion crime police "
    "military nuclear sanctions tariffs currency banking debt aid food water oceans "
    "arctic cyber privacy ai"))
KINDS = ("direct_quote", "direct_quote", "direct_quote", "paraphrase", "paraphrase", "summary",
         "denial", "written_statement", "official_readout")
OUTLET_WORDS = ("daily", "times", "herald", "news", "post", "shimbun", "ilbo", "ribao", "monde",
                "pais", "zeitung", "wire", "tv", "radio", "gov", "press", "today", "journal")
TLDS = ("com", "kr", "jp", "cn", "fr", "es", "de", "org", "co.uk", "tw")


def zipf_cum_weights(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights 1/rank^s for ranks 1..n (for ``Random.choices``)."""
    return list(itertools.accumulate(1.0 / (rank ** s) for rank in range(1, n + 1)))


EN_CUM = zipf_cum_weights(len(EN_WORDS), 1.0)


# -- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """How big each part of the archive is for N statements."""

    statements: int
    speakers: int
    outlets: int
    conflicts: int

    @classmethod
    def for_statements(cls, n: int) -> Scale:
        """50k speakers and 2k outlets at 1M statements; speakers scale with N."""
        return cls(statements=n, speakers=max(20, n // 20), outlets=max(10, min(2000, n // 5)),
                   conflicts=max(5, n // 500))


@dataclass
class SpeakerPlan:
    """One generated speaker: key, canonical name, an alias spelling, home language."""

    key: str
    name: str
    alias: str | None
    language: str
    wikidata_id: str | None


def _speaker(rng: random.Random, index: int) -> SpeakerPlan:
    key = f"spk-{index:06d}"
    qid = f"Q{1_000_000 + index}" if rng.random() < 0.3 else None
    roll = rng.random()
    if roll < 0.15:
        family, given = rng.choice(KO_FAMILY), rng.choice(KO_GIVEN) + rng.choice(KO_GIVEN)
        roman = f"{KO_ROMAN[family]} {KO_ROMAN[given[0]].capitalize()}-{KO_ROMAN[given[1]]}"
        return SpeakerPlan(key, family + given, roman if rng.random() < 0.6 else None, "ko", qid)
    if roll < 0.30:
        (fam, fam_r), (giv, giv_r) = rng.choice(JA_FAMILY), rng.choice(JA_GIVEN)
        return SpeakerPlan(key, fam + giv, f"{giv_r} {fam_r}" if rng.random() < 0.6 else None, "ja", qid)
    if roll < 0.45:
        (fam, fam_r), (giv, giv_r) = rng.choice(ZH_FAMILY), rng.choice(ZH_GIVEN)
        return SpeakerPlan(key, fam + giv, f"{fam_r} {giv_r}" if rng.random() < 0.6 else None, "zh", qid)
    first, last = rng.choice(LATIN_FIRST), rng.choice(LATIN_LAST)
    name = f"{first} {last}"
    alias = None
    if rng.random() < 0.3:
        plain = name.translate(str.maketrans("áéíóúñüöäÉøØßëç", "aeiounuoaEoOsec"))
        alias = plain if plain != name else f"{first[0]}. {last}"
    language = rng.choice(("en", "en", "en", "fr", "es", "de"))
    return SpeakerPlan(key, name, alias, language, qid)


def _outlet_domain(rng: random.Random, index: int) -> str:
    return f"{rng.choice(OUTLET_WORDS)}-{rng.choice(OUTLET_WORDS)}-{index}.{rng.choice(TLDS)}"


def _english(rng: random.Random, words: int) -> str:
    tokens = rng.choices(EN_WORDS, cum_weights=EN_CUM, k=words)
    if rng.random() < 0.002:
        tokens[rng.randrange(words)] = rng.choice(RARE_WORDS)
    return " ".join(tokens).capitalize() + "."


def _paraphrase(rng: random.Random, wording: str) -> str:
    words = wording.rstrip(".").split()
    for _ in range(max(1, len(words) // 6)):
        words[rng.randrange(len(words))] = rng.choices(EN_WORDS, cum_weights=EN_CUM)[0]
    lead = rng.choice(("", "", "According to officials, ", "Reportedly, ", "In a briefing, "))
    return lead + " ".join(words) + "."


def _korean(rng: random.Random) -> str:
    parts = [rng.choice(KO_WORDS) + rng.choice(KO_PARTICLES) for _ in range(rng.randint(5, 12))]
    return " ".join(parts) + " " + rng.choice(KO_WORDS) + rng.choice(KO_ENDINGS)


def _japanese(rng: random.Random) -> str:
    parts = [rng.choice(JA_WORDS) + rng.choice(JA_PARTICLES) for _ in range(rng.randint(5, 12))]
    return "".join(parts) + rng.choice(JA_WORDS) + rng.choice(JA_ENDINGS)


def _chinese(rng: random.Random) -> str:
    parts = [rng.choice(ZH_WORDS) + rng.choice(ZH_PARTICLES) for _ in range(rng.randint(5, 12))]
    return "".join(parts) + rng.choice(ZH_WORDS) + rng.choice(ZH_ENDINGS)


NATIVE = {"ko": _korean, "ja": _japanese, "zh": _chinese}


def _latin(rng: random.Random, language: str) -> str:
    words = [rng.choice(LATIN[language]) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _said(rng: random.Random) -> str:
    year = max(1990, 2025 - int(rng.expovariate(1 / 7)))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.85:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if roll < 0.95:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def csv_rows(scale: Scale, seed: int = DEFAULT_SEED) -> Iterator[list[str]]:
    """The archive as rows of the tracker's CSV shape (two rows, two accounts, per statement)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    speakers = [_speaker(rng, i) for i in range(scale.speakers)]
    # Zipf over a shuffled order, so activity is not tied to the speaker's number.
    by_rank = list(range(scale.speakers))
    rng.shuffle(by_rank)
    speaker_cum = zipf_cum_weights(scale.speakers, 1.0)
    domains = [_outlet_domain(rng, i) for i in range(scale.outlets)]
    outlet_cum = zipf_cum_weights(scale.outlets, 0.8)
    seen: set[int] = set()
    column = {name: i for i, name in enumerate(COLUMNS)}
    group_outlets: list[str] = []
    for i in range(scale.statements):
        if i % 4 == 0:  # four neighbouring statements share the articles they appear in
            group_outlets = rng.choices(domains, cum_weights=outlet_cum, k=2)
        who = speakers[by_rank[rng.choices(range(scale.speakers), cum_weights=speaker_cum)[0]]]
        language = who.language if rng.random() < 0.7 else "en"
        wording = _english(rng, rng.randint(10, 28))
        original = ""
        if language in NATIVE:
            original = NATIVE[language](rng)
        elif language != "en":
            original = _latin(rng, language)
        name = who.name
        if who.alias and (id(who) in seen) and rng.random() < 0.15:
            name = who.alias
        seen.add(id(who))
        said = _said(rng)
        topics = "|".join(rng.sample(TOPICS, rng.choice((0, 1, 1, 2))))
        key = f"st-{i:07d}"
        first = [""] * len(COLUMNS)
        first[column["key"]] = key
        first[column["speaker"]] = who.key
        first[column["speaker_name"]] = name
        first[column["speaker_wikidata_id"]] = who.wikidata_id or ""
        first[column["said"]] = said
        first[column["wording"]] = wording
        first[column["kind"]] = rng.choice(KINDS)
        first[column["language"]] = language
        first[column["original_text"]] = original
        first[column["topics"]] = topics
        group = i // 4
        first[column["source_url"]] = f"https://{group_outlets[0]}/news/a{group}"
        yield first
        second = [""] * len(COLUMNS)
        second[column["key"]] = key
        second[column["speaker"]] = who.key
        second[column["wording"]] = (NATIVE[language](rng) if language in NATIVE
                                     else _paraphrase(rng, wording))
        second[column["source_url"]] = f"https://{group_outlets[1]}/news/b{group}"
        yield second


def write_csv(path: Path, scale: Scale, seed: int = DEFAULT_SEED) -> int:
    """Write the archive as the tracker's CSV; returns the number of data rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for row in csv_rows(scale, seed):
            writer.writerow(row)
            count += 1
    return count


# -- the Core loader (--via core) ---------------------------------------------------------------

CORE_BATCH = 20_000
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


class CoreLoader:
    """The same archive written straight to the tables with Core executemany, in one transaction.

    It mirrors what the CSV importer makes of the rows (keys, names, aliases, outlets per web
    domain, articles per URL) but builds no per-record check, no bundle and no revisions; the
    search index is then built with ``search_index.reindex_all``.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.ids: dict[str, dict[str, int]] = {"speaker": {}, "outlet": {}, "article": {}, "topic": {}}
        self.names: set[tuple[int, str]] = set()
        self.pending: dict[str, list[dict[str, Any]]] = {name: [] for name in (
            "topic", "speaker", "speaker_alias", "outlet", "article", "statement", "statement_topic",
            "account")}
        self.written: Counter[str] = Counter()
        self.statement_ids: dict[str, int] = {}
        self.last_statement = 0
        self.last_account = 0

    def _id(self, table: str, key: str, row: dict[str, Any]) -> int:
        known = self.ids[table].get(key)
        if known is None:
            known = len(self.ids[table]) + 1
            self.ids[table][key] = known
            self.pending[table].append({"id": known, "key": key, **row})
        return known

    def _alias(self, speaker_id: int, name: str, canonical: bool) -> None:
        if (speaker_id, name) not in self.names:
            self.names.add((speaker_id, name))
            self.pending["speaker_alias"].append({"speaker_id": speaker_id, "name": name,
                                                   "name_key": name_key(name), "is_canonical": canonical})

    def add(self, row: list[str], column: dict[str, int]) -> None:
        """Stage one CSV-shaped row."""
        key, speaker_key, name = row[column["key"]], row[column["speaker"]], row[column["speaker_name"]]
        common = {"created_at": EPOCH, "updated_at": EPOCH, "version": 1}
        if speaker_key not in self.ids["speaker"] and name:
            qid = row[column["speaker_wikidata_id"]] or None
            sid = self._id("speaker", speaker_key, {"name": name, "sort_name": fold(name), "kind": "person",
                                                     "wikidata_id": qid, **common})
            self._alias(sid, name, True)
        elif name:
            self._alias(self.ids["speaker"][speaker_key], name, False)
        url = row[column["source_url"]]
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        outlet = self._id("outlet", safe_key("domain", host), {
            "name": host, "sort_name": fold(host), "kind": "website", "domain": host,
            "url": f"https://{host}/", **common})
        article = self._id("article", f"url:{short_hash(url, 24)}",
                           {"url": url, "outlet_id": outlet, "authors": [], **common})
        statement_id = self.statement_ids.get(key)
        if statement_id is None:
            self.last_statement += 1
            statement_id = self.statement_ids[key] = self.last_statement
            said = parse_partial(row[column["said"]]) if row[column["said"]] else None
            self.pending["statement"].append({
                "id": statement_id, "key": key, "speaker_id": self.ids["speaker"][speaker_key],
                "said_on": said.value if said else None, "said_precision": said.precision if said else None,
                "wording": row[column["wording"]], "kind": row[column["kind"]] or "direct_quote",
                "language": row[column["language"]] or None,
                "original_text": row[column["original_text"]] or None, **common})
            for topic in filter(None, row[column["topics"]].split("|")):
                topic_id = self._id("topic", topic, {"name": topic})
                self.pending["statement_topic"].append({"statement_id": statement_id, "topic_id": topic_id})
        self.last_account += 1
        self.pending["account"].append({
            "id": self.last_account, "key": f"{key}:{short_hash(url, 12)}", "statement_id": statement_id,
            "article_id": article, "wording": row[column["wording"]], "stance": "affirms", **common})
        if len(self.pending["account"]) >= CORE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Insert everything staged, parents first (foreign keys are checked)."""
        tables = {"topic": Topic.__table__, "speaker": Speaker.__table__,
                  "speaker_alias": SpeakerAlias.__table__, "outlet": Outlet.__table__,
                  "article": Article.__table__, "statement": Statement.__table__,
                  "statement_topic": statement_topic, "account": Account.__table__}
        for name, table in tables.items():
            rows = self.pending[name]
            if rows:
                self.connection.execute(insert(table), rows)  # type: ignore[arg-type]
                self.written[name] += len(rows)
                self.pending[name] = []


def load_core(engine: Engine, scale: Scale, seed: int) -> Counter[str]:
    """Write the archive with Core executemany inside one transaction; return rows per table."""
    column = {name: i for i, name in enumerate(COLUMNS)}
    with engine.begin() as connection:
        loader = CoreLoader(connection)
        for row in csv_rows(scale, seed):
            loader.add(row, column)
        loader.flush()
    return loader.written


# -- loading ---------------------------------------------------------------------------------


def add_conflicts(engine: Engine, scale: Scale) -> int:
    """Conflicts between the two accounts of every 500th statement (Core executemany)."""
    step = max(1, scale.statements // scale.conflicts)
    with engine.begin() as connection:
        rows = connection.execute(
            select(Statement.id, Account.id).join(Account, Account.statement_id == Statement.id)
            .where((Statement.id % step) == 0).order_by(Statement.id, Account.id)).tuples().all()
        pairs: dict[int, list[int]] = {}
        for statement_id, account_id in rows:
            pairs.setdefault(statement_id, []).append(account_id)
        chosen = [(s, a) for s, a in pairs.items() if len(a) >= 2][:scale.conflicts]
        if not chosen:
            return 0
        connection.execute(insert(Conflict), [
            {"key": f"conflict-{s}", "title": f"Two versions of statement {s}",
             "summary": "Generated: the accounts disagree on who spoke first and on the figures.",
             "status": ConflictStatus.OPEN if n % 3 else ConflictStatus.RESOLVED}
            for n, (s, _) in enumerate(chosen)])
        ids = dict(connection.execute(
            select(Conflict.key, Conflict.id).where(Conflict.key.like("conflict-%"))).tuples().all())
        members: list[dict[str, Any]] = []
        points: list[dict[str, Any]] = []
        for s, accounts in chosen:
            cid = ids[f"conflict-{s}"]
            members += [{"conflict_id": cid, "position": p, "account_id": a}
                        for p, a in enumerate(accounts[:2])]
            points += [{"conflict_id": cid, "position": 0, "aspect": "Who spoke first"},
                       {"conflict_id": cid, "position": 1, "aspect": "The figures quoted"}]
        connection.execute(insert(ConflictMember), members)
        connection.execute(insert(ConflictPoint), points)
        member_ids = connection.execute(select(ConflictMember.id, ConflictMember.conflict_id)).tuples().all()
        point_ids = connection.execute(select(ConflictPoint.id, ConflictPoint.conflict_id)).tuples().all()
        by_conflict: dict[int, list[int]] = {}
        for mid, cid in member_ids:
            by_conflict.setdefault(cid, []).append(mid)
        claims = [{"point_id": pid, "member_id": mid, "text": f"Version {n + 1} of this point"}
                  for pid, cid in point_ids for n, mid in enumerate(by_conflict.get(cid, []))]
        connection.execute(insert(ConflictClaim), claims)
    return len(chosen)


@dataclass
class Targets:
    """What the load benchmark requests: picked from the loaded data, deterministically."""

    top_speaker: int
    top_speaker_statements: int
    speakers: list[int]
    statements: list[int]
    conflicts: list[int]
    terms: dict[str, str] = field(default_factory=dict)


def pick_targets(engine: Engine, samples: int = 16) -> Targets:
    """A busiest speaker, speakers of evenly spaced statements (activity-weighted), ids, terms."""
    with engine.connect() as connection:
        total = connection.execute(select(func.max(Statement.id))).scalar_one()
        step = max(1, total // samples)
        statement_ids = list(range(step // 2 or 1, total + 1, step))[:samples]
        speakers = connection.execute(
            select(Statement.speaker_id).where(Statement.id.in_(statement_ids))).scalars().all()
        count = func.count()
        top, top_count = connection.execute(
            select(Statement.speaker_id, count).group_by(Statement.speaker_id)
            .order_by(count.desc(), Statement.speaker_id).limit(1)).tuples().one()
        conflicts = connection.execute(select(Conflict.id).order_by(Conflict.id)).scalars().all()
        cstep = max(1, len(conflicts) // samples)
        rare = next((w for w in RARE_WORDS if connection.execute(
            select(SearchDocument.id).where(SearchDocument.text.like(f"%{w}%")).limit(1)).first()),
            RARE_WORDS[0])
    return Targets(
        top_speaker=top, top_speaker_statements=top_count, speakers=sorted(set(speakers)),
        statements=statement_ids, conflicts=list(conflicts[::cstep][:samples]),
        terms={"common_en": "the", "common_ko": "정부", "common_cjk": "政府", "mid_en": "semiconductors",
               "rare": rare})


def count_rows(engine: Engine) -> dict[str, int]:
    """Rows per table after the load."""
    names = ("speaker", "speaker_alias", "outlet", "article", "statement", "account", "account_hop",
             "topic", "statement_topic", "conflict", "conflict_member", "search_document", "revision")
    with engine.connect() as connection:
        return {name: int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())  # noqa: S608
                for name in names}


@dataclass
class LoadReport:
    """What one load took."""

    database: str
    statements: int
    seed: int
    via: str
    csv_rows: int
    generate_seconds: float
    import_seconds: float
    fts_seconds: float | None
    conflicts_seconds: float
    analyze_seconds: float
    rows: dict[str, int]
    peak_rss_mb: float
    import_lines: list[str]

    @property
    def inserted_rows(self) -> int:
        """Every row the import wrote (all tables, FTS shadow tables not counted)."""
        return sum(self.rows.values())

    def summary(self) -> dict[str, Any]:
        """The report with derived rates."""
        data = asdict(self)
        data["inserted_rows"] = self.inserted_rows
        data["csv_rows_per_second"] = round(self.csv_rows / self.import_seconds)
        data["statements_per_second"] = round(self.statements / self.import_seconds)
        data["db_rows_per_second"] = round(self.inserted_rows / self.import_seconds)
        return data


def _reset(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)


def load(database_url: str, statements: int, seed: int = DEFAULT_SEED, csv_path: Path | None = None,
         *, via: str = "import", fresh: bool = True, log: bool = True) -> tuple[LoadReport, Targets]:
    """Generate, migrate, load (``via`` "import" or "core"), add conflicts, ANALYZE."""
    def say(message: str) -> None:
        if log:
            print(message, file=sys.stderr, flush=True)

    database_url = normalize_database_url(database_url)
    scale = Scale.for_statements(statements)
    if fresh:
        _reset(database_url)
    migrations.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "TESTING": True})
    engine: Engine = app.extensions["engine"]
    fts_seconds: float | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            started = time.perf_counter()
            if via == "import":
                path = csv_path or Path(tmp) / f"archive-{statements}.csv"
                written = write_csv(path, scale, seed)
                rows_in: list[list[str]] = []
            else:
                rows_in = list(csv_rows(scale, seed))
                written = len(rows_in)
            generate_seconds = time.perf_counter() - started
            say(f"generated {written:,} rows in {generate_seconds:.1f} s")
            started = time.perf_counter()
            if via == "import":
                with app.app_context():
                    result = run_import(get_session(), path, "csv")
                lines = result.lines()
            else:
                column = {name: i for i, name in enumerate(COLUMNS)}
                with engine.begin() as connection:
                    loader = CoreLoader(connection)
                    for row in rows_in:
                        loader.add(row, column)
                    loader.flush()
                del rows_in
                inserted = time.perf_counter() - started
                lines = [f"core executemany: {sum(loader.written.values()):,} rows in {inserted:.2f} s "
                         f"({dict(loader.written)})"]
                fts_started = time.perf_counter()
                with app.app_context():
                    session = get_session()
                    documents = search_index.reindex_all(session)
                    session.commit()
                fts_seconds = time.perf_counter() - fts_started
                lines.append(f"search_index.reindex_all: {documents:,} documents in {fts_seconds:.2f} s")
            import_seconds = time.perf_counter() - started
        say("\n".join(lines))
        started = time.perf_counter()
        conflicts = add_conflicts(engine, scale)
        conflicts_seconds = time.perf_counter() - started
        say(f"{conflicts:,} conflicts in {conflicts_seconds:.2f} s")
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        analyze_seconds = time.perf_counter() - started
        rows = count_rows(engine)
        targets = pick_targets(engine)
    finally:
        engine.dispose()
    report = LoadReport(
        database=make_url(database_url).render_as_string(hide_password=True), statements=statements,
        seed=seed, via=via, csv_rows=written, generate_seconds=round(generate_seconds, 2),
        import_seconds=round(import_seconds, 2),
        fts_seconds=round(fts_seconds, 2) if fts_seconds is not None else None,
        conflicts_seconds=round(conflicts_seconds, 2), analyze_seconds=round(analyze_seconds, 2), rows=rows,
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), import_lines=lines)
    return report, targets


def targets_path(database_url: str) -> Path:
    """Where the targets of a database live: beside a SQLite file, else under bench/out."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database + ".targets.json")
    return ROOT / "out" / f"{url.database}.targets.json"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'data' / 'bench.sqlite'}")
    parser.add_argument("--via", choices=("import", "core"), default="import",
                        help="import: write the CSV shape and run the CSV importer (default); "
                             "core: Core executemany in one transaction, then search_index.reindex_all")
    parser.add_argument("--csv", type=Path, help="also keep the generated CSV here")
    parser.add_argument("--report", type=Path, help="write the load report (JSON) here")
    parser.add_argument("--csv-only", action="store_true", help="only write the CSV (needs --csv)")
    args = parser.parse_args(argv)
    if args.csv_only:
        if not args.csv:
            parser.error("--csv-only needs --csv")
        print(write_csv(args.csv, Scale.for_statements(args.statements), args.seed))
        return 0
    url = make_url(args.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    report, targets = load(args.database_url, args.statements, args.seed, args.csv, via=args.via)
    summary = report.summary()
    out = targets_path(args.database_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(asdict(targets), ensure_ascii=False, indent=1))
    report_path = args.report or (ROOT / "out" /
                                      f"load-{args.statements}-{args.via}-{url.get_backend_name()}.json")
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps({k: v for k, v in summary.items() if k != "import_lines"}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
