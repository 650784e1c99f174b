"""Filing step by step: each step checks its own fields, the review shows the live precheck
with the deadlines and findings, and a submit files the notice once."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from assembly.models import CitizenDraft, Notice
from assembly.notices.identity import make_iin
from tests.conftest import at
from tests.integration.conftest import run_at_once
from tests.web.citizen_helpers import (
    FILED,
    LATE,
    ORDER,
    STEPS,
    complete_draft,
    continue_anyway,
    fill_steps,
    notices_count,
    start_draft,
)
from tests.web.conftest import PASSWORD, html


@pytest.fixture
def citizen_client(client, login, now):
    """A client signed in as a citizen reading English, on the last timely day."""
    now(FILED)
    client.user = login(client, "citizen", language="en")
    return client


def field_error(body: str, field: str) -> str:
    return body.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]


def test_a_rally_filed_step_by_step_is_listed_in_my_notices_with_its_reference(
    citizen_client, session
):
    draft_id = complete_draft(citizen_client)

    response = citizen_client.submit(f"/file/{draft_id}/review")

    assert response.status_code == 302
    assert response.headers["Location"] == "/my/notices/ALA-2021-000001/filed"
    notice = session.scalars(select(Notice)).one()
    assert notice.owner_id == citizen_client.user.id
    assert (notice.form, notice.place_id, notice.status) == ("rally", "sary-arka-square",
                                                            "received")
    assert notice.starts_at == at("2021-05-20T11:00:00+06:00")
    assert notice.sound_amplification is True and notice.vehicles is False
    assert notice.organizer_phone == "+77011234567"
    assert session.get(CitizenDraft, draft_id) is None  # a filed draft is not a draft
    session.rollback()
    listed = html(citizen_client.get("/my/notices"))
    assert "ALA-2021-000001" in listed and "Registered — under review" in listed
    assert "square behind the Sary-Arka cinema" in listed
    assert "May 20, 2021, 11:00–13:00" in listed
    assert "The akimat's answer is due by May 18, 2021" in listed


def test_the_review_shows_the_deadlines_and_no_problem_for_a_timely_rally(citizen_client):
    body = html(citizen_client.get(f"/file/{complete_draft(citizen_client)}/review"))

    result = body.split('id="result-title"', 1)[1].split("</section>", 1)[0]
    assert "No problem found." in result
    assert result.count("May 13, 2021") == 2  # registered today, the latest day to file
    assert "May 18, 2021, 23:59" in result
    assert 'class="map-site map-highlighted"' in result
    assert "Public discussion of the city&#39;s parks" in body  # everything typed, to check
    assert "File the notice</button>" in body


def test_the_review_lists_a_late_filing_finding_when_filed_too_late(citizen_client, now):
    now(LATE)
    body = html(citizen_client.get(f"/file/{complete_draft(citizen_client)}/review"))

    findings = body.split('class="findings"', 1)[1].split("</ol>", 1)[0]
    assert "Filed too late: the latest filing date for this event was May 13, 2021" in findings
    assert "registration date is May 14, 2021" in findings
    assert "supports refusal ground 14.1.4" in findings
    assert "May 19, 2021, 23:59" in body  # three working days after Fri 14 May
    assert "You may still file it as it is" in body


TITLES = {"form": "What kind of assembly", "when": "When", "place": "Where",
          "organizer": "Organizer"}
STEP_ERRORS = [
    ("form", {"form": ""}, "form", "Choose the form of assembly."),
    ("form", {"purpose": "   "}, "purpose", "Write the purpose of the assembly."),
    ("when", {"date": ""}, "date", "Enter the date of the assembly, e.g. 20.05.2021."),
    ("when", {"date": "20/05/2021"}, "date", "Enter a date, e.g. 20.05.2021."),
    ("when", {"date": "2019-06-01"}, "date", "No rules for assemblies are in force on this date."),
    ("when", {"start_time": "11h"}, "start_time", "Enter a time in hours and minutes"),
    ("when", {"end_time": "10:00"}, "end_time", "The end must be later than the start."),
    ("place", {"place": ""}, "place",
     "Choose the place."),
    ("place", {"place": "point", "lat": "north", "lon": "76.9"}, "lat",
     "Enter a number of degrees"),
    ("place", {"place": "point", "lat": "", "lon": "76.9"}, "lat",
     "Enter the latitude, e.g. 43.2389."),
    ("place", {"expected_participants": "many"}, "expected_participants",
     "Enter a whole number greater than zero."),
    ("organizer", {"organizer_name": ""}, "organizer_name",
     "Enter the full name: surname, name and patronymic, if any."),
    ("organizer", {"organizer_id_number": "900315400018"}, "organizer_id_number",
     "Invalid IIN"),
    ("organizer", {"organizer_email": "aigerim@"}, "organizer_email",
     "Enter a valid e-mail address"),
    ("organizer", {"organizer_phone": "12345"}, "organizer_phone", "Enter a mobile number"),
]


@pytest.mark.parametrize(("step", "change", "field", "message"), STEP_ERRORS,
                         ids=[f"{s}-{f}-{i}" for i, (s, _, f, _) in enumerate(STEP_ERRORS)])
def test_each_step_shows_its_errors_beside_the_field_and_does_not_move_on(
    citizen_client, session, step, change, field, message
):
    if step == "form":
        response = citizen_client.submit("/file", {**STEPS["form"], **change})
    else:
        draft_id = start_draft(citizen_client)
        fill_steps(citizen_client, draft_id, upto=step)
        response = citizen_client.submit(f"/file/{draft_id}/{step}", {**STEPS[step], **change})

    assert response.status_code == 422
    body = html(response)
    assert message in field_error(body, field)
    summary = body.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'<a href="#{field}">' in summary
    assert f"<h1>{TITLES[step]}</h1>" in body
    kept = session.scalars(select(CitizenDraft)).one()  # what was typed is kept anyway
    assert kept.data[field] == {**STEPS[step], **change}.get(field, "")
    session.rollback()


def test_a_step_shows_only_its_own_errors_not_those_of_later_steps(citizen_client):
    body = html(citizen_client.submit("/file", {"purpose": "Parks"}))
    assert 'id="form-error"' in body
    for later in ("date", "place", "organizer_name", "organizer_id_number"):
        assert f'href="#{later}"' not in body


def test_the_review_of_an_unfinished_draft_says_what_is_missing_and_offers_no_filing(
    citizen_client,
):
    draft_id = start_draft(citizen_client)
    fill_steps(citizen_client, draft_id, upto="organizer")
    body = html(citizen_client.get(f"/file/{draft_id}/review"))

    problems = body.split('id="problems-title"', 1)[1].split("</div>", 1)[0]
    assert f'href="/file/{draft_id}/organizer?return=review">Organizer</a>' in problems
    assert ("IIN of the person, or BIN of the organization: Enter the IIN: the 12 digits of "
            "the identity document.") in problems
    assert "Result of the check" not in body and "File the notice</button>" not in body


def test_filing_an_unfinished_draft_is_refused_with_what_is_missing(citizen_client, session):
    draft_id = start_draft(citizen_client)
    response = citizen_client.submit(f"/file/{draft_id}/review")
    assert response.status_code == 422
    assert f'href="/file/{draft_id}/when">When</a>' in html(response)
    assert notices_count(session) == 0


def test_a_double_submit_files_the_notice_once(citizen_client, session):
    draft_id = complete_draft(citizen_client)

    first = citizen_client.submit(f"/file/{draft_id}/review")
    second = citizen_client.submit(f"/file/{draft_id}/review")

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert notices_count(session) == 1


def test_a_draft_submitted_again_under_its_id_returns_the_notice_filed_from_it(
    citizen_client, session
):
    draft_id = complete_draft(citizen_client)
    data = dict(session.get(CitizenDraft, draft_id).data)
    session.rollback()
    first = citizen_client.submit(f"/file/{draft_id}/review")
    # The draft is back (a concurrent request still held it): its key files nothing new.
    session.add(CitizenDraft(id=draft_id, owner_id=citizen_client.user.id, data=data,
                             updated_at=at(FILED)))
    session.commit()

    again = citizen_client.submit(f"/file/{draft_id}/review")

    assert again.headers["Location"] == first.headers["Location"]
    assert notices_count(session) == 1


def test_two_submits_at_once_file_the_notice_once(app, citizen_client, session):
    draft_id = complete_draft(citizen_client)
    other = app.test_client()  # the same citizen in another tab, or a resent request
    other.submit("/sign-in", {"email": citizen_client.user.email, "password": PASSWORD})
    clients = [citizen_client, other]

    results = run_at_once(2, lambda i: clients[i].submit(f"/file/{draft_id}/review"))

    assert [r.status_code for r in results] == [302, 302], results
    assert results[0].headers["Location"] == results[1].headers["Location"]
    assert notices_count(session) == 1


@pytest.mark.parametrize(
    ("day", "listed", "absent", "capacity"),
    [
        ("2021-05-20", ["Shokan Ualikhanov Square", "Shevchenko Street"], "Imanov", "500"),
        ("2024-10-01", ["Amangeldy Imanov Square", "Zhambyl Street"], "Ualikhanov", "1,000"),
    ],
)
def test_the_place_step_shows_the_places_in_force_on_the_chosen_day_with_capacity(
    citizen_client, day, listed, absent, capacity
):
    draft_id = start_draft(citizen_client)
    fill_steps(citizen_client, draft_id, upto="place", when={"date": day})
    body = html(citizen_client.get(f"/file/{draft_id}/place"))

    legend = body.split('class="map-legend"', 1)[1].split("</ol>", 1)[0]
    for name in listed:
        assert name in legend
    assert absent not in legend
    sary_arka = legend.split("Sary-Arka", 1)[1].split("</li>", 1)[0]
    assert f"Maximum occupancy: {capacity} people." in sary_arka


def test_a_picket_s_point_is_marked_on_the_map_with_the_banned_zones(citizen_client):
    draft_id = start_draft(citizen_client, form="picket")
    fill_steps(citizen_client, draft_id, upto="organizer",
               place={"place": "point", "lat": "43.2389", "lon": "76.8897",
                      "expected_participants": "1"})
    body = html(citizen_client.get(f"/file/{draft_id}/place"))

    assert 'class="map-point"' in body and "The dot marks the point given" in body
    assert 'class="map-zone"' in body
    assert 'value="43.2389"' in body


def test_the_wizard_steps_are_listed_with_the_current_one_marked(citizen_client):
    draft_id = start_draft(citizen_client)
    body = html(citizen_client.get(f"/file/{draft_id}/when"))
    steps = body.split('class="wizard-steps"', 1)[1].split("</nav>", 1)[0]
    assert "Step 2 of 5" in steps
    assert '<strong aria-current="step">When</strong>' in steps
    for step in ORDER:
        if step != "when":
            assert f'href="/file/{draft_id}/{step}"' in steps


def test_an_unknown_step_is_not_found(citizen_client):
    draft_id = start_draft(citizen_client)
    assert citizen_client.get(f"/file/{draft_id}/payment").status_code == 404


def test_the_wizard_reads_in_kazakh(citizen_client):
    draft_id = start_draft(citizen_client)
    body = html(citizen_client.get(f"/file/{draft_id}/when?lang=kk"))
    assert "Қашан" in body  # "When"
    assert "Сақтап, жалғастыру" in body


# The law at the step that owns the answer (issue 15.1): "When" says a date is too late and
# which is the earliest still possible, "Where" says a crowd is over the occupancy,
# "Organizer" says an organizer is under age; the review links each finding to its step,
# and "Change" from the review returns to it.


def findings_panel(body: str) -> str:
    return body.split("data-step-findings", 1)[1].split("</div>", 1)[0]


def test_a_date_too_late_is_said_at_when_with_the_earliest_date_still_possible(
    citizen_client, now
):
    now(LATE)  # Fri 14 May: a rally on Thu 20 May is one working day late
    draft_id = start_draft(citizen_client)
    url = f"/file/{draft_id}/when"
    shown = citizen_client.submit(url + "?lang=en", STEPS["when"])
    assert shown.status_code == 200  # the same step again, not the next one
    panel = findings_panel(html(shown))
    assert "Filed too late: the latest filing date for this event was May 13, 2021" in panel
    assert "The earliest date you can still choose is May 21, 2021." in panel
    moved = continue_anyway(citizen_client, url, STEPS["when"], shown)  # as it is
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/place")


def test_a_timely_date_moves_on_at_once_and_the_hint_gives_the_earliest_date(citizen_client):
    draft_id = start_draft(citizen_client)
    page = html(citizen_client.get(f"/file/{draft_id}/when?lang=en"))
    assert "If you file today, the earliest date you can still choose is May 20, 2021." in page
    response = citizen_client.submit(f"/file/{draft_id}/when", STEPS["when"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/place")


def test_hours_outside_the_permitted_ones_are_said_at_when(citizen_client):
    draft_id = start_draft(citizen_client)
    late_evening = {**STEPS["when"], "start_time": "21:00", "end_time": "23:30"}
    shown = citizen_client.submit(f"/file/{draft_id}/when?lang=en", late_evening)
    assert shown.status_code == 200
    assert "23:30, outside 09:00 – 20:00" in findings_panel(html(shown))


def test_a_crowd_over_the_occupancy_is_said_at_where(citizen_client):
    draft_id = start_draft(citizen_client)
    fill_steps(citizen_client, draft_id, upto="place")
    crowd = {**STEPS["place"], "expected_participants": "50000"}
    shown = citizen_client.submit(f"/file/{draft_id}/place?lang=en", crowd)
    assert shown.status_code == 200
    assert ("Expected participants (50000) exceed the maximum occupancy of square behind "
            "the Sary-Arka cinema (500).") in findings_panel(html(shown))


def test_an_organizer_under_age_is_said_at_organizer(citizen_client):
    draft_id = start_draft(citizen_client)
    fill_steps(citizen_client, draft_id, upto="organizer")
    minor = {**STEPS["organizer"], "organizer_id_number": make_iin(date(2010, 1, 1), "male", 7)}
    shown = citizen_client.submit(f"/file/{draft_id}/organizer?lang=en", minor)
    assert shown.status_code == 200
    assert "The organizer must be an adult" in findings_panel(html(shown))


def test_each_step_shows_only_the_findings_it_can_fix(citizen_client, now):
    now(LATE)
    draft_id = start_draft(citizen_client)
    fill_steps(citizen_client, draft_id, upto="place")  # "When" was continued as it was
    response = citizen_client.submit(f"/file/{draft_id}/place", STEPS["place"])
    assert response.status_code == 302  # the late date is not the place's to fix


def test_the_review_links_a_finding_to_its_step_and_change_returns_to_the_review(
    citizen_client, now
):
    now(LATE)
    draft_id = complete_draft(citizen_client)
    review = html(citizen_client.get(f"/file/{draft_id}/review?lang=en"))
    findings = review.split('class="findings"', 1)[1].split("</ol>", 1)[0]
    assert f'href="/file/{draft_id}/when?return=review"' in findings
    step = html(citizen_client.get(f"/file/{draft_id}/when?return=review&lang=en"))
    assert 'name="return" value="review"' in step and "Save and return to the check" in step
    assert "The earliest date you can still choose is May 21, 2021." in step
    checked = re.search(r'name="checked" value="([^"]+)"', step).group(1)
    later = {**STEPS["when"], "date": "2021-05-21", "return": "review", "checked": checked}
    back = citizen_client.submit(f"/file/{draft_id}/when", later)
    assert back.status_code == 302 and back.headers["Location"] == f"/file/{draft_id}/review"
    assert "Filed too late" not in html(citizen_client.get(f"/file/{draft_id}/review"))


def test_change_from_the_review_with_nothing_changed_goes_straight_back(citizen_client):
    draft_id = complete_draft(citizen_client)
    review = html(citizen_client.get(f"/file/{draft_id}/review"))
    assert f'href="/file/{draft_id}/place?return=review"' in review
    response = citizen_client.submit(f"/file/{draft_id}/place",
                                     {**STEPS["place"], "return": "review"})
    assert response.headers["Location"] == f"/file/{draft_id}/review"
