"""The typed rule set in force on one local date: what `Rulebook.at(date)` returns.

Plain frozen values, no I/O: the checks, the workflow guards, the services and the
demo read the law from here and from nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, Any, Literal

from assembly.law.geojson import Shape

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

Confidence = Literal["verified", "secondary", "partial", "unverified"]
ProcedureId = Literal["notification", "application"]
Language = Literal["kk", "ru", "en"]


@dataclass(frozen=True)
class Provenance:
    """Where one value in force comes from: the act, and how sure we are of it."""

    key: str  # dotted path, e.g. "law.procedures.notification.lead_working_days"
    value: Any
    since: date  # the effective date of the entry in force
    source: str
    confidence: Confidence


@dataclass(frozen=True)
class Procedure:
    """Notification (Art. 10-11) or application for approval (Art. 12-13)."""

    id: ProcedureId
    lead_working_days: int  # filed at least N working days before the event day
    review_working_days: int  # answered within N working days from registration
    silence: Literal["deemed_accepted", "overdue"]  # what an unanswered notice becomes
    # LAW.md §2: the registration date is the day of submission (Art. 12(1) part 2), or, in
    # the earlier reading, the next working day for a submission on a day off.
    registration: Literal["submission_day", "next_working_day"]
    filing_article: str  # "Art. 10" / "Art. 12"
    review_article: str  # "Art. 11" / "Art. 13"
    # Art. 12(1): a filing is "on paper or an electronic document certified by an EDS":
    # "required" (the organizer's EDS, or a handwritten signature on paper) or
    # "not_required"; a filing without a required one supports ground 14.1.5.
    signature: Literal["required", "not_required"]

    @property
    def requires_signature(self) -> bool:
        """Whether a filing must bear the organizer's signature (Art. 12(1), 14(1)(5))."""
        return self.signature == "required"


@dataclass(frozen=True)
class Form:
    """A form of assembly and where it may be held."""

    id: str  # picket, meeting, rally, demonstration, march
    procedure: ProcedureId
    location: Literal["anywhere", "special_place", "route", "route_or_place"]
    names: Mapping[str, str]  # language -> name


@dataclass(frozen=True)
class Hours:
    """When an assembly may be held, local time."""

    earliest_start: time
    latest_end: time
    same_day: bool
    # The weakest confidence of the three: an unverified one makes outside_hours an
    # advisory (LAW.md: an unconfirmed working value never yields a legal finding).
    confidence: Confidence = "verified"


@dataclass(frozen=True)
class Ground:
    """A refusal ground of the closed list of Art. 14(1)."""

    id: str  # "14.1.4"
    article: str  # "Art. 14(1)(4)"
    names: Mapping[str, str]
    # The finding code that must hold for the ground to be cited (None: reasoning only).
    requires_finding: str | None
    # CC 61-НП (2025-01-20): cited only after an alternative place/time was proposed.
    requires_prior_proposal: bool
    confidence: Confidence
    # Every finding code that supports the ground (place_occupied and place_closed: 14.1.10).
    supported_by: tuple[str, ...] = ()

    @property
    def quotes_act(self) -> bool:
        """Whether the names are the act's own words, fit for a citizen's letter.

        Otherwise a letter cites the article and the officer's reasoning only, and the
        doubt about the reading is shown to officers (GLOSSARY.md, refusal grounds).
        """
        return self.confidence in ("verified", "secondary")


@dataclass(frozen=True)
class FindingRule:
    """What one finding code means in law: article, the ground it supports, severity."""

    code: str
    article: str
    ground: str | None
    severity: Literal["error", "warning"]


@dataclass(frozen=True)
class Outcome:
    """A decision an officer can give (Art. 11(1), 13(1))."""

    id: str  # approve, approve_restricted, propose_change, refuse
    names: Mapping[str, str]
    # Restrictions an officer may impose with approve_restricted, per procedure.
    restrictions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    requires_reasoning: bool = False  # a refusal states its reasoning (LAW.md §4)
    # The name a notification's organizer reads, when it differs (only applications are
    # approved: Art. 13(1); a notification is taken note of: Art. 11(1)).
    notification_names: Mapping[str, str] | None = None

    def names_for(self, procedure: str | None) -> Mapping[str, str]:
        """The outcome's names as the organizer of this procedure reads them."""
        if procedure == "notification" and self.notification_names:
            return self.notification_names
        return self.names


@dataclass(frozen=True)
class Appeal:
    """How a decision is appealed (APPC Art. 91-92): a complaint within a period, then the
    court."""

    complaint_months: int  # APPC Art. 92(1): from the day the organizer learnt of the act
    filed_with: Literal["issuing_body", "superior_body"]  # APPC Art. 91(4)
    article: str  # where the period is written: "Art. 92(1)"
    # The weaker confidence of the two: only a verified route is stated to a citizen as law.
    confidence: Confidence = "verified"

    @property
    def states_the_law(self) -> bool:
        """Whether a letter may state this period to a citizen as the law."""
        return self.confidence == "verified"


@dataclass(frozen=True)
class Place:
    """A special place (site) or a route designated by the city."""

    id: str
    kind: Literal["site", "route"]
    names: Mapping[str, str]
    forms: frozenset[str]
    max_occupancy: int | None  # None: not set in the act (unverified)
    shape: Shape  # Polygon for a site, LineString for a route (lon, lat)
    approximate: bool  # coordinates not surveyed
    corridor_m: float | None = None  # routes: how far from the line still counts as on it
    # Of max_occupancy: an unverified one (a placeholder) yields an advisory, not a finding.
    occupancy_confidence: Confidence = "verified"

    @property
    def geometry(self) -> BaseGeometry:
        """The shapely geometry (built on first use: imports shapely)."""
        return self.shape.geometry


@dataclass(frozen=True)
class ProhibitedObject:
    """An object of Art. 9(5) near which picketing is banned."""

    id: str
    names: Mapping[str, str]
    category: str
    shape: Shape
    sample: bool

    @property
    def geometry(self) -> BaseGeometry:
        """The shapely geometry (built on first use: imports shapely)."""
        return self.shape.geometry


@dataclass(frozen=True)
class RuleSet:
    """Every rule in force in one city on one local date."""

    on: date
    version: str  # stable id of the entries in force, recorded on each notice
    city: str  # "almaty"
    timezone: str  # "Asia/Almaty"
    reference_prefix: str  # "ALA"
    forms: Mapping[str, Form]
    procedures: Mapping[str, Procedure]
    hours: Hours
    outcomes: Mapping[str, Outcome]
    grounds: Mapping[str, Ground]
    findings: Mapping[str, FindingRule]
    places: Mapping[str, Place]  # sites and routes in force on `on`
    picket_buffer_m: float
    prohibited: tuple[ProhibitedObject, ...]
    proposal_answer_working_days: int
    delivery_channels: tuple[str, ...]
    # Channels that must be doubled by registered mail (Art. 11(2), 13(2)).
    channels_needing_registered_mail: tuple[str, ...]
    organizer_min_age: int  # Art. 1(4): organizers are adults
    provenance: tuple[Provenance, ...]
    # Kinds of unsanctioned events officers log (LAW.md §8).
    unsanctioned_categories: tuple[str, ...] = ()
    # Why officers close a special place or route (Art. 14(1)(10)): works, official_event.
    closure_kinds: tuple[str, ...] = ()
    # How many years after the assembly's day a closed notice keeps its organizer's personal
    # data (Law No. 94-V Art. 12; the period is the akimat's: services.retention).
    retention_years: int = 0
    # The appeal route in force (APPC, from 2021-07-01); None: no period is sourced then.
    appeal: Appeal | None = None

    def procedure_of(self, form_id: str) -> Procedure:
        """The procedure (notification or application) a form follows."""
        return self.procedures[self.forms[form_id].procedure]

    def unverified(self) -> list[Provenance]:
        """Values in force not verified in the act: the unverified ones (working values and
        placeholders) first, then the partly read, then those from secondary sources."""
        rank = {"unverified": 0, "partial": 1, "secondary": 2}
        found = [p for p in self.provenance if p.confidence != "verified"]
        return sorted(found, key=lambda p: rank[p.confidence])


@dataclass(frozen=True)
class CalendarOverrides:
    """Government decrees moving days: what the `holidays` package may not know."""

    # Weekend days made working days by decree: date -> the decree (source).
    working_days: Mapping[date, str]
    # Extra days off by decree (moved days off the package lacks): date -> source.
    days_off: Mapping[date, str]
