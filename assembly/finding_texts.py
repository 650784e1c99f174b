"""The messages of the finding codes of LAW.md §5, as msgids (English); kk and ru are in the
catalogs. `assembly.i18n.finding_message` looks them up by "<code>.advisory" (a finding
measured against an unconfirmed working value), "<code>.<when>", "<code>.<form>", then
"<code>"."""

from __future__ import annotations


def N_(msgid: str) -> str:  # noqa: N802 - the gettext marker the extractor knows
    """Mark a string for translation; it is translated where it is shown."""
    return msgid


# Messages of finding codes (LAW.md §5), looked up as assembly.i18n.finding_message says.
FINDING_MESSAGES: dict[str, str] = {
    "unknown": N_("The check “%(code)s” found a problem."),
    "late_filing": N_(
        "Filed too late: the latest filing date for this event was %(latest)s, "
        "and the registration date is %(registration)s."
    ),
    "outside_hours": N_(
        "Outside the permitted hours: assemblies are held from %(earliest)s to %(latest)s "
        "local time; this one is set for %(start)s – %(end)s."
    ),
    "not_a_special_place": N_(
        "Meetings and rallies may only be held at a special place in force on %(date)s; "
        "the place given is not one."
    ),
    "not_the_route": N_(
        "This assembly may only be held on a route in force on %(date)s; "
        "the place given is not one."
    ),
    "not_the_route.march": N_(
        "A march may only follow a route in force on %(date)s; the place given is not one."
    ),
    "not_the_route.demonstration": N_(
        "A demonstration may only be held on a route or at a special place in force "
        "on %(date)s; the place given is neither."
    ),
    "over_capacity": N_(
        "Expected participants (%(expected)s) exceed the maximum occupancy of %(place)s "
        "(%(capacity)s)."
    ),
    # Officers read which notices are in the way; everyone else only where and when.
    "place_occupied.full": N_(
        "The place is already taken at this time by another assembly (%(references)s), "
        "from %(taken_from)s to %(taken_until)s: %(place)s."
    ),
    "place_occupied": N_(
        "The place is already taken at this time by another assembly, from %(taken_from)s "
        "to %(taken_until)s: %(place)s."
    ),
    "place_occupied.plain": N_("The place is already taken at this time by another "
                               "assembly: %(place)s."),
    "prohibited_zone": N_(
        "Picketing is banned within %(buffer)s m of: %(objects)s; "
        "this point is %(distance)s m away."
    ),
    "organizer_not_adult": N_(
        "The organizer must be an adult: on the day of the event (%(date)s) "
        "they are not yet %(min_age)s."
    ),
    # The organizer is the person who files (Art. 1(4)): an adult when filing too.
    "organizer_not_adult.filing": N_(
        "The organizer must be an adult when filing and on the day of the event: on the day "
        "of filing (%(date)s) they are not yet %(min_age)s."
    ),
    "place_closed": N_(
        "The place is closed from %(closed_from)s to %(closed_until)s (works or an official "
        "event): %(place)s."
    ),
    "signature_missing": N_(
        "The notice came without the signature of the organizer or of the organizer's "
        "representative, which was required."
    ),
    # Advisories: measured against a working value no act confirms (LAW.md).
    "outside_hours.advisory": N_(
        "To check with the akimat: the assembly is set for %(start)s – %(end)s, outside "
        "%(earliest)s – %(latest)s. These hours are an unconfirmed working value: no act "
        "setting them has been found, so this is not a legal requirement."
    ),
    "over_capacity.advisory": N_(
        "To check with the akimat: the expected number of participants (%(expected)s) is "
        "above %(capacity)s, the working value used for the maximum occupancy of %(place)s. "
        "The act does not confirm this value, so this is not a legal requirement."
    ),
}
