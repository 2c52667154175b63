"""The domain model; names follow DOMAIN.md."""

from tracker.models.base import (
    Base,
    ConflictStatus,
    DatePrecision,
    HopRole,
    OutletKind,
    SpeakerKind,
    Stance,
    StatementKind,
    UserRole,
)
from tracker.models.conflict import Conflict, ConflictClaim, ConflictMember, ConflictPoint
from tracker.models.event import Event, Topic
from tracker.models.search import SearchDocument
from tracker.models.source import Article, Outlet
from tracker.models.speaker import Speaker, SpeakerAlias, SpeakerReview, SpeakerRole
from tracker.models.statement import Account, AccountHop, Statement, statement_topic
from tracker.models.token import ApiToken
from tracker.models.user import ImportCheckpoint, Revision, User

__all__ = [
    "Account",
    "AccountHop",
    "ApiToken",
    "Article",
    "Base",
    "Conflict",
    "ConflictClaim",
    "ConflictMember",
    "ConflictPoint",
    "ConflictStatus",
    "DatePrecision",
    "Event",
    "HopRole",
    "ImportCheckpoint",
    "Outlet",
    "OutletKind",
    "Revision",
    "SearchDocument",
    "Speaker",
    "SpeakerAlias",
    "SpeakerKind",
    "SpeakerReview",
    "SpeakerRole",
    "Stance",
    "Statement",
    "StatementKind",
    "Topic",
    "User",
    "UserRole",
    "statement_topic",
]
