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
from tracker.models.imports import IMPORT_STATUSES, ImportCheckpoint, ImportJob
from tracker.models.search import SearchDocument
from tracker.models.source import Article, Outlet
from tracker.models.speaker import Speaker, SpeakerAlias, SpeakerReview, SpeakerRole, SpeakerSource
from tracker.models.statement import Account, AccountHop, Statement, StatementCluster, statement_topic
from tracker.models.token import ApiToken
from tracker.models.user import ImportRun, ImportRunRange, Revision, User

__all__ = [
    "IMPORT_STATUSES",
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
    "ImportJob",
    "ImportRun",
    "ImportRunRange",
    "Outlet",
    "OutletKind",
    "Revision",
    "SearchDocument",
    "Speaker",
    "SpeakerAlias",
    "SpeakerKind",
    "SpeakerReview",
    "SpeakerRole",
    "SpeakerSource",
    "Stance",
    "Statement",
    "StatementCluster",
    "StatementKind",
    "Topic",
    "User",
    "UserRole",
    "statement_topic",
]
