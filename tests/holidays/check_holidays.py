#!/usr/bin/env python3
"""Independent check of core/data/holidays.txt (written by scripts/holidays.py with lunar_python).

This uses other implementations than the generator's:
  - 春节 (正月初一), 端午 (五月初五), 中秋 (八月十五): the lunar tables of `lunardate`;
  - 清明: an astronomical computation with `ephem`: the instant the sun's apparent geocentric ecliptic longitude (of
    date) reaches 15°, found by bisection, in Beijing time (UTC+8).
It checks every year 2025..=2099 (none missing, none extra, none twice, every line well-formed), lists each line or
year that is wrong, and closes with `N passed, M failed`; it exits 1 if any failed.

Needs: pip install lunardate==0.3.0 ephem==4.2.1   (tests/holidays/run.sh installs them into a virtualenv)
Usage: python3 tests/holidays/check_holidays.py [PATH]   (default: core/data/holidays.txt of this repository)
"""

import datetime as dt
import math
import re
import sys
from pathlib import Path

import ephem
from lunardate import LunarDate

FIRST_YEAR, LAST_YEAR = 2025, 2099
DEFAULT = Path(__file__).resolve().parent.parent.parent / "core" / "data" / "holidays.txt"
LINE = re.compile(r"(\d{4}) (\d\d-\d\d) (\d\d-\d\d) (\d\d-\d\d) (\d\d-\d\d)")
BEIJING = dt.timedelta(hours=8)
KNOWN = {
    2024: ("02-10", "04-04", "06-10", "09-17"),
    2025: ("01-29", "04-04", "05-31", "10-06"),
    2026: ("02-17", "04-05", "06-19", "09-25"),
    2027: ("02-06", "04-05", "06-09", "09-15"),
}


def sun_longitude(when: ephem.Date) -> float:
    """The sun's apparent geocentric ecliptic longitude of date, in degrees."""
    sun = ephem.Sun()
    sun.compute(when, epoch=when)
    ecliptic = ephem.Ecliptic(ephem.Equatorial(sun.g_ra, sun.g_dec, epoch=when), epoch=when)
    return math.degrees(ecliptic.lon)


def qingming(year: int) -> dt.date:
    """The Beijing-time date on which the sun's apparent longitude reaches 15° (it does so between 28 Mar and 12 Apr)."""
    low, high = ephem.Date(dt.datetime(year, 3, 28)), ephem.Date(dt.datetime(year, 4, 12))
    if not sun_longitude(low) < 15 <= sun_longitude(high):
        raise RuntimeError(f"15° is not bracketed in {year}")
    while high - low > 1e-7:  # days: about 9 ms
        middle = ephem.Date((low + high) / 2)
        if sun_longitude(middle) < 15:
            low = middle
        else:
            high = middle
    return (ephem.Date(high).datetime() + BEIJING).date()


def lunar(year: int, month: int, day: int) -> dt.date:
    return LunarDate(year, month, day, False).to_solar_date()


def expected(year: int) -> tuple:
    days = (lunar(year, 1, 1), qingming(year), lunar(year, 5, 5), lunar(year, 8, 15))
    if any(day.year != year for day in days):
        raise RuntimeError(f"{year}: a holiday falls outside the year: {days}")
    return tuple(day.strftime("%m-%d") for day in days)


def self_test() -> None:
    """This check's own method must reproduce the published dates (State Council schedules 2024-2026, 2027 calendar)."""
    for year, known in KNOWN.items():
        if expected(year) != known:
            raise RuntimeError(f"the check computes {year} {' '.join(expected(year))}, published {' '.join(known)}")


def main() -> int:
    self_test()
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    passed, failures = 0, []
    seen = set()
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{path}: {error}")
        print(f"0 passed, {LAST_YEAR - FIRST_YEAR + 1} failed")
        return 1
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    in_header = True
    for number, line in enumerate(lines, 1):
        if in_header and line.startswith("#"):
            continue
        in_header = False
        match = LINE.fullmatch(line)
        if not match:
            failures.append(f"line {number}: malformed: {line!r}")
            continue
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            failures.append(f"line {number}: year {year} is outside {FIRST_YEAR}..={LAST_YEAR}")
            continue
        if year in seen:
            failures.append(f"line {number}: year {year} appears twice")
            continue
        seen.add(year)
        got = match.groups()[1:]
        want = expected(year)
        if got == want:
            passed += 1
        else:
            names = ("chunjie", "qingming", "duanwu", "zhongqiu")
            wrong = ", ".join(f"{n} {g} (expected {w})" for n, g, w in zip(names, got, want) if g != w)
            failures.append(f"{year}: {wrong}")
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if year not in seen:
            failures.append(f"{year}: missing")
    for failure in failures:
        print(failure)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
