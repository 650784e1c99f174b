"""IIN and BIN: checksum, birth date, century and sex, age (LAW.md §6)."""

from __future__ import annotations

from datetime import date

import pytest

from assembly.notices.identity import (
    age_on,
    bin_problem,
    check_digit,
    iin_birth_date,
    iin_problem,
    iin_sex,
    is_valid_checksum,
    make_bin,
    make_iin,
)

# Worked by hand:
# 900101300017: 9*1 + 1*4 + 1*6 + 3*7 + 1*11 = 51; 51 mod 11 = 7.
# 900101300811: first pass 9 + 4 + 6 + 21 + 8*10 + 1*11 = 131, mod 11 = 10; second pass
#   9*3 + 1*6 + 1*8 + 3*9 + 8*1 + 1*2 = 78, mod 11 = 1.
# 90010130080?: first pass 120 mod 11 = 10, second pass 76 mod 11 = 10: no valid number.
# 100340012341 (BIN): 1 + 3*4 + 4*5 + 1*8 + 2*9 + 3*10 + 4*11 = 133; 133 mod 11 = 1.
VALID_IINS = ["900101300017", "900101300811", "850715401236", "050228600424", "991231100070"]


@pytest.mark.parametrize("iin", VALID_IINS)
def test_hand_checked_iins_are_valid(iin: str) -> None:
    assert is_valid_checksum(iin)
    assert iin_problem(iin) is None


@pytest.mark.parametrize(
    "iin",
    ["900101300018", "900101300810", "900101300016", "850715401237"],
)
def test_a_wrong_check_digit_is_a_checksum_problem(iin: str) -> None:
    assert not is_valid_checksum(iin)
    assert iin_problem(iin) == "checksum"


@pytest.mark.parametrize("last", list("0123456789"))
def test_eleven_digits_whose_both_passes_give_ten_make_no_valid_number(last: str) -> None:
    assert check_digit("90010130080") is None
    assert iin_problem("90010130080" + last) == "checksum"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "90010130001",
        "9001013000170",
        "90010130001x",
        " 900101300017",
        "９００１０１３０００１７",
    ],
    ids=["empty", "eleven", "thirteen", "letter", "space", "full-width digits"],
)
def test_anything_but_twelve_ascii_digits_is_a_format_problem(text: str) -> None:
    assert iin_problem(text) == "format"
    assert bin_problem(text) == "format"
    assert not is_valid_checksum(text)


@pytest.mark.parametrize(
    ("iin", "born", "sex"),
    [
        ("900101300017", date(1990, 1, 1), "male"),
        ("850715401236", date(1985, 7, 15), "female"),
        ("050228600424", date(2005, 2, 28), "female"),
        ("991231100070", date(1899, 12, 31), "male"),
    ],
)
def test_the_birth_date_century_and_sex_come_from_digits_one_to_seven(
    iin: str, born: date, sex: str
) -> None:
    assert iin_birth_date(iin) == born
    assert iin_sex(iin) == sex


@pytest.mark.parametrize(
    ("digit7", "year"), [(1, 1805), (2, 1805), (3, 1905), (4, 1905), (5, 2005), (6, 2005)]
)
def test_digit_seven_sets_the_century(digit7: int, year: int) -> None:
    iin = f"050601{digit7}00000"
    assert iin_birth_date(iin) == date(year, 6, 1)


def test_digit_seven_zero_leaves_the_birth_date_unknown_but_valid() -> None:
    iin = make_iin(date(1990, 1, 1), "male", 1)
    foreign = iin[:6] + "0" + iin[7:11]
    foreign += str(check_digit(foreign))
    assert iin_birth_date(foreign) is None
    assert iin_sex(foreign) is None
    assert iin_problem(foreign) is None


@pytest.mark.parametrize(
    "stem",
    ["9013013000", "9002303000", "0102295000", "9001017000"],
    ids=["month 13", "30 February", "29 February 2001", "century digit 7"],
)
def test_an_impossible_birth_date_is_a_birth_date_problem(stem: str) -> None:
    first_eleven = next(stem + str(d) for d in range(10) if check_digit(stem + str(d)) is not None)
    iin = first_eleven + str(check_digit(first_eleven))
    assert iin_birth_date(iin) is None
    assert iin_problem(iin) == "birth_date"


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2003, 5, 20), date(2021, 5, 19), 17),
        (date(2003, 5, 20), date(2021, 5, 20), 18),
        (date(2003, 5, 20), date(2021, 5, 21), 18),
        (date(2004, 2, 29), date(2022, 2, 27), 17),
        (date(2004, 2, 29), date(2022, 2, 28), 18),  # common year: 28 February
        (date(2004, 2, 29), date(2024, 2, 28), 19),
        (date(2004, 2, 29), date(2024, 2, 29), 20),
        (date(2021, 5, 20), date(2021, 5, 20), 0),
    ],
)
def test_age_counts_full_years(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_age_before_birth_is_refused() -> None:
    with pytest.raises(ValueError):
        age_on(date(2003, 5, 20), date(2003, 5, 19))


def test_a_made_iin_skips_a_serial_without_a_check_digit() -> None:
    assert make_iin(date(1990, 1, 1), "male", 80) == "900101300811"


@pytest.mark.parametrize("born", [date(1899, 3, 1), date(1957, 11, 30), date(2008, 2, 29)])
@pytest.mark.parametrize("sex", ["male", "female"])
@pytest.mark.parametrize("serial", [0, 80, 4711, 9999])
def test_made_iins_are_valid_and_read_back(born: date, sex: str, serial: int) -> None:
    iin = make_iin(born, sex, serial)  # type: ignore[arg-type]
    assert iin_problem(iin) is None
    assert iin_birth_date(iin) == born
    assert iin_sex(iin) == sex


@pytest.mark.parametrize(
    ("born", "sex", "serial"),
    [
        (date(1799, 1, 1), "male", 1),
        (date(2100, 1, 1), "male", 1),
        (date(1990, 1, 1), "x", 1),
        (date(1990, 1, 1), "male", 10000),
    ],
)
def test_make_iin_refuses_what_an_iin_cannot_encode(born: date, sex: str, serial: int) -> None:
    with pytest.raises(ValueError):
        make_iin(born, sex, serial)  # type: ignore[arg-type]


def test_a_hand_checked_bin_is_valid_and_a_wrong_digit_is_not() -> None:
    assert bin_problem("100340012341") is None
    assert bin_problem("100340012342") == "checksum"


@pytest.mark.parametrize("serial", [0, 1234, 99999])
@pytest.mark.parametrize("entity_type", [4, 5, 6])
def test_made_bins_are_valid_and_carry_the_registration_month(
    serial: int, entity_type: int
) -> None:
    bin_ = make_bin(date(2010, 3, 17), serial, entity_type=entity_type)
    assert bin_problem(bin_) is None
    assert bin_[:6] == f"1003{entity_type}0"


def test_make_bin_of_the_hand_checked_number() -> None:
    assert make_bin(date(2010, 3, 1), 1234) == "100340012341"
