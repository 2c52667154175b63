"""The declarative base, shared column types and enumerations."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Annotated

from sqlalchemy import JSON, Date, DateTime, Enum, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class StrEnum(str, enum.Enum):
    """An enumeration stored by its value."""

    def __str__(self) -> str:
        return str(self.value)


class DatePrecision(StrEnum):
    """How much a stored date knows: its granularity, and whether it is approximate.

    ``APPROXIMATE`` is an approximate day ("c. 28 June 2022"); an approximate month or year
    has its own value, so "c. June 2022" is never stored (or shown) as a day.
    """

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    APPROXIMATE = "approximate"
    APPROXIMATE_MONTH = "approximate_month"
    APPROXIMATE_YEAR = "approximate_year"


class SpeakerKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    GROUP = "group"


class OutletKind(StrEnum):
    NEWSPAPER = "newspaper"
    NEWS_AGENCY = "news_agency"
    BROADCASTER = "broadcaster"
    GOVERNMENT = "government"
    SOCIAL_ACCOUNT = "social_account"
    WEBSITE = "website"
    OTHER = "other"


class StatementKind(StrEnum):
    DIRECT_QUOTE = "direct_quote"
    PARAPHRASE = "paraphrase"
    SUMMARY = "summary"
    DENIAL = "denial"
    WRITTEN_STATEMENT = "written_statement"
    OFFICIAL_READOUT = "official_readout"


class Stance(StrEnum):
    AFFIRMS = "affirms"
    DIFFERS = "differs"
    DENIES = "denies"


class HopRole(StrEnum):
    SPEAKER = "speaker"
    NARRATOR = "narrator"
    INTERMEDIARY = "intermediary"
    OUTLET = "outlet"


class ConflictStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class UserRole(StrEnum):
    EDITOR = "editor"
    ADMIN = "admin"


def enum_column(kind: type[enum.Enum], name: str) -> Enum:
    """An enum stored by value as a VARCHAR with a named CHECK constraint (portable)."""
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
str200 = Annotated[str, mapped_column(String(200))]
text = Annotated[str, mapped_column(Text)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow)]
json_value = Annotated[object, mapped_column(JSON)]


class Base(DeclarativeBase):
    """Every model's base: named constraints, shared type map."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), date: Date()}  # noqa: RUF012


class Keyed:
    """A stable source id (seed key, import id) so loading the same data twice is a no-op."""

    key: Mapped[str | None] = mapped_column(String(200), unique=True)


class Timestamped:
    """Creation and update times."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class SoftDeleted:
    """Deletes only set ``deleted_at``; every query for readers filters it out."""

    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class Versioned:
    """Optimistic locking: an UPDATE names the version it read, so a stale save is refused."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805
        return {"version_id_col": cls.version}  # type: ignore[attr-defined]
