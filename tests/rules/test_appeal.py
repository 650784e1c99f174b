"""The appeal route a decision letter states, as dated data: the complaint period of the
APPC (No. 350-VI Art. 92(1), in force 2021-07-01) and where the complaint is filed
(Art. 91(4)); before the APPC no period is in the rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assembly.law.describe import describe
from assembly.law.rulebook import Rulebook, RulesError
from assembly.law.ruleset import Appeal

from .conftest import edit_yaml

APPC_IN_FORCE = date(2021, 7, 1)


def test_a_complaint_is_filed_with_the_akimat_within_three_months_from_the_appc(
    shipped: Rulebook,
) -> None:
    appeal = shipped.at(APPC_IN_FORCE).appeal

    assert appeal == Appeal(complaint_months=3, filed_with="issuing_body",
                            article="Art. 92(1)", confidence="verified")
    assert appeal.states_the_law
    assert shipped.at(date(2025, 2, 1)).appeal == appeal


def test_before_the_appc_no_complaint_period_is_in_the_rules(shipped: Rulebook) -> None:
    assert shipped.at(date(2021, 6, 30)).appeal is None


def test_the_complaint_period_names_its_article_and_act(shipped: Rulebook) -> None:
    rules = shipped.at(APPC_IN_FORCE)
    period = [p for p in rules.provenance if p.key == "law.appeal.complaint_period"]
    act = [p for p in rules.provenance if p.key == "law.acts.appc-350"]

    assert [(p.value["months"], p.since, p.confidence) for p in period] == [
        (3, APPC_IN_FORCE, "verified")]
    assert period[0].source == "APPC No. 350-VI Art. 92(1)"
    assert act and act[0].value == APPC_IN_FORCE and "K2000000350" in act[0].source


def test_assembly_rules_lists_the_appeal_route_in_force(shipped: Rulebook) -> None:
    after = describe(shipped.at(date(2021, 8, 2)))
    before = describe(shipped.at(date(2021, 5, 20)))

    assert ("Appeal: a complaint filed with the issuing body within 3 month(s) of learning of"
            " the decision (APPC Art. 92(1)); verified") in after
    assert "Appeal: no complaint period in the rules" in before


def test_an_unverified_complaint_period_is_listed_among_the_values_to_check(
    rules_copy: Path,
) -> None:
    def unverify(data: Any) -> None:
        data["appeal"]["complaint_period"]["appc-350"]["confidence"] = "unverified"

    edit_yaml(rules_copy / "kz/law.yaml", unverify)
    rules = Rulebook.load(rules_copy).at(APPC_IN_FORCE)

    assert rules.appeal is not None and not rules.appeal.states_the_law
    assert "law.appeal.complaint_period" in [p.key for p in rules.unverified()]


@pytest.mark.parametrize(("value", "expected"), [
    ({"months": 0}, "complaint_period.appc-350.value.months: expected a whole number of at "
                    "least 1"),
    ({"weeks": 12}, "complaint_period.appc-350.value.weeks: unknown key"),
    ("three months", "complaint_period.appc-350.value: expected a mapping"),
])
def test_a_malformed_complaint_period_is_refused_naming_file_and_key(
    rules_copy: Path, value: Any, expected: str
) -> None:
    def change(data: Any) -> None:
        data["appeal"]["complaint_period"]["appc-350"]["value"] = value

    edit_yaml(rules_copy / "kz/law.yaml", change)
    with pytest.raises(RulesError) as caught:
        Rulebook.load(rules_copy)

    assert str(caught.value).startswith("rules/kz/law.yaml: appeal."), str(caught.value)
    assert expected in str(caught.value)


def test_a_complaint_filed_nowhere_the_code_names_is_refused(rules_copy: Path) -> None:
    def change(data: Any) -> None:
        data["appeal"]["filed_with"]["appc-350"]["value"] = "the_president"

    edit_yaml(rules_copy / "kz/law.yaml", change)
    with pytest.raises(RulesError, match=r"appeal\.filed_with\.appc-350\.value: expected one of "
                                         r"issuing_body, superior_body"):
        Rulebook.load(rules_copy)
