"""The domain model; names follow DOMAIN.md."""

from .base import (
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
from .conflict import Conflict, ConflictClaim, ConflictMember, ConflictPoint
from .event import Event, Topic
from .search import SearchDocument
from .source import Article, Outlet
from .speaker import Speaker, SpeakerAlias, SpeakerRole
from .statement import Account, AccountHop, Statement, statement_topic
from .token import ApiToken
from .user import Revision, User

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
    "Outlet",
    "OutletKind",
    "Revision",
    "SearchDocument",
    "Speaker",
    "SpeakerAlias",
    "SpeakerKind",
    "SpeakerRole",
    "Stance",
    "Statement",
    "StatementKind",
    "Topic",
    "User",
    "UserRole",
    "statement_topic",
]
