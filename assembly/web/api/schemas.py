"""The JSON API's request and response shapes (API.md), as pydantic models.

The same models validate requests (`assembly.web.api.endpoint`) and generate the OpenAPI
document (`assembly.web.api.openapi`). They check shape and types only; what the law and
the rules say of the values (a known site, an IIN's checksum, the end after the start) is
checked by the services, which answer with the same field-level errors.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from pydantic_core import PydanticCustomError

from assembly.notices.validation import (
    MAX_ADDRESS,
    MAX_EMAIL,
    MAX_NAME,
    MAX_PARTICIPANTS,
    MAX_PURPOSE,
)
from assembly.services.decisions import MAX_REASONING
from assembly.services.listing import COUNT_AHEAD
from assembly.services.signatures import MAX_SIGNATURE_CHARS

MAX_INSTANT = 64  # an ISO 8601 instant with an offset is far shorter
MAX_ID = 64  # ids of forms, places, grounds, outcomes
MAX_LIST = 20  # grounds, restrictions, channels
MAX_STATEMENT = 5000
MAX_PER_PAGE = 100

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"-?[0-9]{1,9}")  # ASCII digits only


def _date_text(value: Any) -> Any:
    # A query's date is YYYY-MM-DD only (pydantic alone would also read "0" as 1970-01-01).
    if isinstance(value, str) and not _DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")
    return value


def _integer_text(value: Any) -> Any:
    # A query's number is digits only (pydantic alone would also read "3.0").
    if isinstance(value, str) and not _INTEGER.fullmatch(value):
        raise PydanticCustomError("int_parsing", "Input should be a whole number")
    return value


QueryDate = Annotated[date, BeforeValidator(_date_text)]
QueryInt = Annotated[int, BeforeValidator(_integer_text)]

Instant = Field(max_length=MAX_INSTANT, json_schema_extra={"format": "date-time"})


# Every model's validator and serializer are built when it is first used (defer_build),
# not when the module is imported: a web worker builds only those of the operations it
# answers (the OpenAPI document builds them all), and `assembly` commands none.


class Request(BaseModel):
    """A request body: JSON types exactly (no "300" for 300), no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Query(BaseModel):
    """Query parameters: text read as numbers and dates; unknown parameters are ignored."""

    model_config = ConfigDict(extra="ignore", defer_build=True)


class Response(BaseModel):
    """A response body (documented; the views build plain dicts of this shape)."""

    model_config = ConfigDict(defer_build=True)


# --- requests ---------------------------------------------------------------------------

class TokenRequest(Request):
    email: str = Field(min_length=1, max_length=MAX_EMAIL)
    password: str = Field(min_length=1, max_length=1024)


class Point(Request):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class PlaceIn(Request):
    """Exactly one of `site`, `route` or `point` (pickets); an address may come with it."""

    site: str | None = Field(default=None, max_length=MAX_ID)
    route: str | None = Field(default=None, max_length=MAX_ID)
    point: Point | None = None
    address: str | None = Field(default=None, max_length=MAX_ADDRESS)


class OrganizerIn(Request):
    """A person (`full_name`, `iin`) or an organization (`name`, `bin`), Art. 1(4)."""

    kind: Literal["person", "organization"]
    full_name: str | None = Field(default=None, max_length=MAX_NAME)
    iin: str | None = Field(default=None, max_length=MAX_NAME)
    name: str | None = Field(default=None, max_length=MAX_NAME)
    bin: str | None = Field(default=None, max_length=MAX_NAME)
    address: str = Field(max_length=MAX_ADDRESS)
    email: str | None = Field(default=None, max_length=MAX_EMAIL)
    phone: str | None = Field(default=None, max_length=MAX_NAME)


class DraftIn(Request):
    """A notice draft (API.md "Notice draft"): the content of Art. 10(3) / 12(2)."""

    form: str = Field(max_length=MAX_ID)
    purpose: str = Field(max_length=MAX_PURPOSE)
    starts_at: str = Instant
    ends_at: str = Instant
    place: PlaceIn
    expected_participants: int = Field(ge=1, le=MAX_PARTICIPANTS)
    sound_amplification: StrictBool | None = False
    vehicles: StrictBool | None = False
    structures: StrictBool | None = False
    organizer: OrganizerIn


Signature = Field(
    default=None, max_length=MAX_SIGNATURE_CHARS,
    description="The base64 of a detached CMS (CAdES-BES) over the UTF-8 bytes of the "
                "canonical `document` that the matching `/document` operation returns for "
                "the same body (NCALayer's createCAdESFromBase64)")


class FilingIn(DraftIn):
    """A draft to file, with the organizer's EDS over its canonical document."""

    signature: str | None = Signature


class ScanIn(Request):
    """A scan of a paper notice: a PDF, JPEG or PNG, its content in base64."""

    name: str = Field(min_length=1, max_length=255)
    type: Literal["application/pdf", "image/jpeg", "image/png"]
    content: str = Field(min_length=1)


class PaperIn(Request):
    """A notice received on paper (Art. 12(1)), registered by the officer who took it."""

    draft: DraftIn
    received_at: str = Instant
    signed_by_hand: StrictBool = Field(
        description="Whether the organizer (or representative) signed the paper notice")
    scan: ScanIn


class PrecheckIn(DraftIn):
    """A draft and, optionally, the instant it would be filed (default: now)."""

    filed_at: str | None = Field(default=None, max_length=MAX_INSTANT,
                                 json_schema_extra={"format": "date-time"})


class ProposalIn(Request):
    """Another time and/or place; what is left out stays as filed."""

    starts_at: str | None = Field(default=None, max_length=MAX_INSTANT,
                                  json_schema_extra={"format": "date-time"})
    ends_at: str | None = Field(default=None, max_length=MAX_INSTANT,
                                json_schema_extra={"format": "date-time"})
    place: PlaceIn | None = None


class DecisionIn(Request):
    """An officer's decision (LAW.md §3-§4)."""

    outcome: str = Field(max_length=MAX_ID)
    grounds: list[str] = Field(default_factory=list, max_length=MAX_LIST)
    reasoning: str | None = Field(default=None, max_length=MAX_REASONING)
    restrictions: list[str] = Field(default_factory=list, max_length=MAX_LIST)
    proposal: ProposalIn | None = None
    channels: list[str] = Field(default_factory=list, max_length=MAX_LIST)
    signature: str | None = Signature


class ProposalResponseIn(Request):
    accept: StrictBool


class WithdrawalIn(Request):
    statement: str = Field(max_length=MAX_STATEMENT)


class UnsanctionedIn(Request):
    """An assembly held without the required notice or approval (LAW.md §8)."""

    occurred_at: str = Instant
    place: PlaceIn
    form: str = Field(max_length=MAX_ID)
    category: str | None = Field(default=None, max_length=MAX_ID)
    estimated_participants: int = Field(ge=1, le=10_000_000)
    description: str = Field(max_length=5000)
    source: str = Field(max_length=300)
    related_notice: str | None = Field(default=None, max_length=20)


class NoticeListQuery(Query):
    status: str | None = Field(default=None, max_length=MAX_ID)
    year: QueryInt | None = Field(default=None, ge=2000, le=2100)
    place: str | None = Field(default=None, max_length=MAX_ID)
    page: QueryInt = Field(default=1, ge=1, le=1_000_000)
    per_page: QueryInt = Field(default=20, ge=1, le=MAX_PER_PAGE)
    after: str | None = Field(
        default=None, max_length=40,
        description="The `next_after` of the previous page: the page after it, read from "
                    "the index at any depth (`page` is then ignored)")


class OnQuery(Query):
    on: QueryDate | None = Field(default=None, description="Local date (default: today)")


class OccupancyQuery(Query):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: QueryDate | None = Field(default=None, alias="from", description="Default: today")
    to: QueryDate | None = Field(default=None, description="Default: 30 days after `from`")
    place: str | None = Field(default=None, max_length=MAX_ID)


class YearQuery(Query):
    year: QueryInt = Field(ge=2000, le=2100)


class OptionalYearQuery(Query):
    year: QueryInt | None = Field(default=None, ge=2000, le=2100, description="Default: this year")


# --- responses --------------------------------------------------------------------------

class FieldErrorOut(Response):
    field: str | None = Field(description="Dotted path of the field; null for the request")
    code: str
    message: str


class ErrorResponse(Response):
    errors: list[FieldErrorOut]


class IndexOut(Response):
    """GET /api/v1: where the document and the main resources are."""

    name: str
    version: str
    openapi: str
    links: dict[str, str]


class TokenOut(Response):
    token: str
    role: Literal["citizen", "officer", "manager", "admin"]
    expires_at: datetime


class FindingOut(Response):
    code: str
    article: str
    ground: str | None
    # advisory: rests on an unconfirmed working value; it cites no ground (LAW.md §5).
    severity: Literal["error", "warning", "advisory"]
    message: str


class PrecheckOut(Response):
    procedure: Literal["notification", "application"]
    rules_version: str
    registration_date: date
    latest_filing_date: date
    decision_due: datetime
    findings: list[FindingOut]
    ok: bool


class PointOut(Response):
    lat: float
    lon: float


class PlaceOut(Response):
    site: str | None = None
    route: str | None = None
    point: PointOut | None = None
    address: str | None = None


class OrganizerOut(Response):
    kind: Literal["person", "organization"]
    full_name: str | None = None
    iin: str | None = None
    name: str | None = None
    bin: str | None = None
    address: str
    email: str | None = None
    phone: str | None = None


class DocumentOut(Response):
    """A canonical document to sign, and the SHA-256 (hex) of its UTF-8 bytes."""

    document: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ProposalOut(Response):
    starts_at: datetime
    ends_at: datetime
    place: PlaceOut


class DecisionOut(Response):
    outcome: str
    grounds: list[str]
    reasoning: str | None
    restrictions: list[str]
    proposal: ProposalOut | None
    decided_at: datetime
    on_time: bool
    signed: bool = Field(description="Whether the deciding officer certified it with an EDS")


class HistoryEntry(Response):
    model_config = ConfigDict(populate_by_name=True)

    at: datetime
    from_: str | None = Field(alias="from")
    to: str
    trigger: str
    actor_role: str


class NoticeSummary(Response):
    reference: str = Field(pattern=r"^[A-Z]{3}-\d{4}-\d{6}$")
    procedure: Literal["notification", "application"]
    form: str
    status: Literal["received", "in_review", "change_proposed", "approved", "deemed_accepted",
                    "refused", "withdrawn", "held", "terminated"]
    filed_at: datetime
    registration_date: date
    decision_due: datetime
    overdue: bool
    starts_at: datetime
    ends_at: datetime
    place: PlaceOut
    expected_participants: int


class NoticeOut(NoticeSummary):
    purpose: str
    sound_amplification: bool
    vehicles: bool
    structures: bool
    organizer: OrganizerOut | None = Field(
        description="The organizer's personal data: only for the notice's owner and "
                    "officers; null for anyone else")
    findings: list[FindingOut]
    channel: Literal["electronic", "paper"]
    signature: Literal["verified", "revocation_unchecked", "missing", "not_required",
                       "signed_on_paper"] = Field(
        description="The organizer's signature: an EDS verified (revocation checked, or "
                    "not checkable: officers check it), missing where the rules require "
                    "one (ground 14.1.5), not required, or a paper filing signed by hand")
    decision: DecisionOut | None
    proposal_answer_due: datetime | None
    history: list[HistoryEntry]


class NoticePage(Response):
    items: list[NoticeSummary]
    page: int
    per_page: int
    total: int = Field(description="How many notices match; when `total_exact` is false, "
                       f"at least this many (counted up to {COUNT_AHEAD:,} past the page's end)")
    total_exact: bool = Field(description="Whether `total` is the exact count")
    next_after: str | None = Field(
        default=None, description="Pass as `after` for the next page; null on the last page")


class Feature(Response):
    type: Literal["Feature"]
    id: str
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollection(Response):
    type: Literal["FeatureCollection"]
    features: list[Feature]
    properties: dict[str, Any]


class OccupancyEntry(Response):
    id: str = Field(description="A random identifier of the entry, stable over time; "
                                "nothing leads from it to the notice's reference")
    place: str
    date: date
    starts_at: datetime
    ends_at: datetime
    form: str
    expected_participants: int
    status: str


class OccupancyOut(Response):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    items: list[OccupancyEntry]


class UnsanctionedPlaceOut(Response):
    lat: float
    lon: float
    address: str | None
    nearest_place: str | None
    nearest_place_m: float | None


class UnsanctionedOut(Response):
    id: int
    occurred_at: datetime
    occurred_on: date
    place: UnsanctionedPlaceOut
    form: str
    category: str
    estimated_participants: int
    description: str
    source: str
    related_notice: str | None


class UnsanctionedList(Response):
    year: int
    items: list[UnsanctionedOut]


class ApprovedBreakdown(Response):
    approved: int
    approve_restricted: int
    deemed_accepted: int
    change_accepted: int


class MonthCount(Response):
    month: int = Field(ge=1, le=12)
    received: int
    approved: int
    refused: int
    withdrawn: int
    lapsed: int
    pending: int


class Breakdown(Response):
    approved: ApprovedBreakdown
    refused_by_ground: dict[str, int]
    by_form: dict[str, int]
    by_place: dict[str, int]
    by_month: list[MonthCount]
    decided_on_time: int
    decided_late: int


class YearlyReport(Response):
    year: int
    received: int
    approved: int
    refused: int
    withdrawn: int
    lapsed: int = Field(description="Undecided when the event started (counted apart)")
    pending: int
    unsanctioned_events: int
    breakdown: Breakdown


class VerificationOut(Response):
    """The public check of a decision letter (GET /verify/{id}): no personal data."""

    genuine: bool = Field(description="Recorded by the akimat, its sealed audit trail intact")
    status: str = Field(description="The notice's status, or `superseded` by a later decision")
    place: str | None
    starts_at: datetime
    ends_at: datetime
    form: str
    signed_by_position: str | None
    current: bool = Field(description="Genuine, the latest decision, not withdrawn or "
                                      "terminated since")
    outcome: str
    decided_at: datetime
