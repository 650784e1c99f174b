"""The working days the `holidays` package knows, computed for the work calendar in a child
process (`workdays.days_apart`: `python -m assembly.law.package_days`).

The package knows Kazakhstan's public holidays and the days off moved by Government decree,
which the work calendar needs (LAW.md §2); importing it loads every calendar it knows
(Chinese, Hebrew, Hindu, Islamic...) and dateutil, about 4 MB in each web worker for a few
hundred dates. So the calendar asks a child for the days of some years on which the package's
answer differs from Monday-Friday (`exceptional_days`) and keeps them: the same answers.

The child reads {"country": "KZ", "years": [2021, ...]} and writes {"2021": ["2021-01-01",
...], ...}.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Sequence
from datetime import MAXYEAR, MINYEAR, date, timedelta
from importlib import resources

import holidays


def country_holidays(country: str) -> holidays.HolidayBase:
    """The package's holidays of `country`, loading that country's module alone.

    `holidays.country_holidays("KZ")` imports the package's `countries` package, whose
    `__init__` imports every country it knows (some 280 modules, about 8 MB in each web
    worker) to return one. The same class is read here from its own module, executed under
    a private name (`_assembly_holidays_<module>`: the package's `countries` is never
    imported, nor shadowed), so the dates are the package's own: a unit test compares them
    with `holidays.country_holidays`. A code the registry does not know goes to the package.
    """
    from holidays.registry import COUNTRIES

    found = next(((module_name, names[0]) for module_name, names in COUNTRIES.items()
                  if country in names[1:]), None)
    if found is None:
        return holidays.country_holidays(country)
    module_name, class_name = found
    name = f"_assembly_holidays_{module_name}"
    module = sys.modules.get(name)
    if module is None:
        origin = resources.files("holidays").joinpath("countries", f"{module_name}.py")
        spec = importlib.util.spec_from_file_location(name, str(origin))
        if spec is None or spec.loader is None:  # not a file: the package's own way
            return holidays.country_holidays(country)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    entity: type[holidays.HolidayBase] = getattr(module, class_name)
    return entity()


def exceptional_days(package: holidays.HolidayBase, year: int) -> frozenset[date]:
    """The days of `year` on which the package's `is_working_day` is not "Monday-Friday":
    holidays and days off on weekdays, and weekend days worked instead."""
    # A day off moved in year Y+1's data may come from a weekend day of year Y
    # (e.g. 2013-12-28 worked for 2014-01-03): load both sides first.
    for near in (year - 1, year, year + 1):
        if MINYEAR <= near <= MAXYEAR:
            _ = date(near, 1, 1) in package  # populates the year (expand=True)
    first = date(year, 1, 1)
    days = (date(year, 12, 31) - first).days + 1
    return frozenset(day for day in (first + timedelta(days=n) for n in range(days))
                     if package.is_working_day(day) != (day.weekday() < 5))


def package_days(country: str, years: Sequence[int]) -> dict[int, frozenset[date]]:
    """The exceptional days of each year of `years` in `country`, by the package."""
    package = country_holidays(country)
    return {year: exceptional_days(package, year) for year in years}


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    days = package_days(str(request["country"]), [int(y) for y in request["years"]])
    sys.stdout.write(json.dumps({str(year): sorted(d.isoformat() for d in found)
                                 for year, found in days.items()}))


if __name__ == "__main__":
    main()
