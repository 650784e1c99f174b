"""SQLAlchemy 2.x typed models."""

from assembly.models.audit import NoticeEvent
from assembly.models.base import Base
from assembly.models.closure import Closure
from assembly.models.counts import NoticeCount
from assembly.models.delivery import Delivery
from assembly.models.draft import CitizenDraft
from assembly.models.notice import (
    GO_AHEAD_STATES,
    PENDING_STATES,
    Decision,
    DecisionGround,
    Notice,
    NoticeFinding,
    ReferenceCounter,
)
from assembly.models.ops import JobRun
from assembly.models.outbox import DatasetLoad, OutboxMessage
from assembly.models.signature import PaperFiling, Signature
from assembly.models.unsanctioned import UnsanctionedEvent
from assembly.models.user import ROLES, ApiToken, SignInThrottle, User, WebSession

__all__ = [
    "GO_AHEAD_STATES",
    "PENDING_STATES",
    "ROLES",
    "ApiToken",
    "Base",
    "CitizenDraft",
    "Closure",
    "DatasetLoad",
    "Decision",
    "DecisionGround",
    "Delivery",
    "JobRun",
    "Notice",
    "NoticeCount",
    "NoticeEvent",
    "NoticeFinding",
    "OutboxMessage",
    "PaperFiling",
    "ReferenceCounter",
    "SignInThrottle",
    "Signature",
    "UnsanctionedEvent",
    "User",
    "WebSession",
]
