"""Conflicts: accounts or statements that disagree about the same moment or fact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import (
    Base,
    ConflictStatus,
    Keyed,
    SoftDeleted,
    Timestamped,
    Versioned,
    enum_column,
    intpk,
)

if TYPE_CHECKING:
    from tracker.models.statement import Account, Statement


class Conflict(Keyed, Timestamped, SoftDeleted, Versioned, Base):
    """Two or more versions of one moment, a summary, and the points on which they differ."""

    __tablename__ = "conflict"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ConflictStatus] = mapped_column(
        enum_column(ConflictStatus, "conflict_status"), default=ConflictStatus.OPEN, index=True
    )
    resolution: Mapped[str | None] = mapped_column(Text)

    members: Mapped[list[ConflictMember]] = relationship(
        back_populates="conflict", order_by="ConflictMember.position", cascade="all, delete-orphan"
    )
    points: Mapped[list[ConflictPoint]] = relationship(
        back_populates="conflict", order_by="ConflictPoint.position", cascade="all, delete-orphan"
    )


class ConflictMember(Base):
    """One side of a conflict: an account or a statement (exactly one of them)."""

    __tablename__ = "conflict_member"
    __table_args__ = (
        UniqueConstraint("conflict_id", "position"),
        CheckConstraint(
            "(account_id IS NULL) <> (statement_id IS NULL)", name="account_xor_statement"
        ),
    )

    id: Mapped[intpk]
    conflict_id: Mapped[int] = mapped_column(ForeignKey("conflict.id", ondelete="CASCADE"))
    position: Mapped[int]
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id"), index=True)

    conflict: Mapped[Conflict] = relationship(back_populates="members")
    account: Mapped[Account | None] = relationship()
    statement: Mapped[Statement | None] = relationship()


class ConflictPoint(Base):
    """A point on which the versions differ, with what each version claims."""

    __tablename__ = "conflict_point"
    __table_args__ = (UniqueConstraint("conflict_id", "position"),)

    id: Mapped[intpk]
    conflict_id: Mapped[int] = mapped_column(ForeignKey("conflict.id", ondelete="CASCADE"))
    position: Mapped[int]
    aspect: Mapped[str] = mapped_column(String(500))

    conflict: Mapped[Conflict] = relationship(back_populates="points")
    claims: Mapped[list[ConflictClaim]] = relationship(
        back_populates="point", cascade="all, delete-orphan", order_by="ConflictClaim.id"
    )


class ConflictClaim(Base):
    """What one member of a conflict says on one point."""

    __tablename__ = "conflict_claim"
    __table_args__ = (UniqueConstraint("point_id", "member_id"),)

    id: Mapped[intpk]
    point_id: Mapped[int] = mapped_column(ForeignKey("conflict_point.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(
        ForeignKey("conflict_member.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)

    point: Mapped[ConflictPoint] = relationship(back_populates="claims")
    member: Mapped[ConflictMember] = relationship()
