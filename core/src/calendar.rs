//! The working-day calendar: State Council holiday schedules, built in for 2024–2026.
//!
//! A working day is a day that is not a statutory day off, where Saturdays and Sundays are days off unless the
//! schedule makes them 调休 working days. "Within N working days after day D" ends at 24:00 on the N-th working
//! day after D (D itself is not counted). More years are loaded from a dataset's `calendar.json`, which has the
//! shape of `core/data/calendar.json`. A year with no schedule falls back to weekends only, and every answer that
//! had to look at such a day says so, so that the caller can raise `calendar.unknown-year`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::time::Date;

/// The built-in schedules.
const BUILT_IN: &str = include_str!("../data/calendar.json");

/// One year's schedule, as written in `calendar.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearSchedule {
    /// The year.
    pub year: i32,
    /// Where the schedule comes from (the State Council notice).
    #[serde(default)]
    pub source: Option<String>,
    /// Statutory days off: dates `YYYY-MM-DD` or inclusive ranges `YYYY-MM-DD..YYYY-MM-DD`.
    pub days_off: Vec<String>,
    /// Saturdays and Sundays that are working days (调休), as dates.
    #[serde(default)]
    pub working_days: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Year {
    off: BTreeSet<Date>,
    work: BTreeSet<Date>,
}

/// The working-day calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
}

/// The N-th working day after a day, and whether a year without schedule was looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// The last day (inclusive) of the period.
    pub day: Date,
    /// The first year with no schedule that the computation looked at, if any.
    pub unknown_year: Option<i32>,
}

impl Calendar {
    /// The calendar with the built-in 2024–2026 schedules.
    pub fn built_in() -> Calendar {
        let mut cal = Calendar { years: BTreeMap::new() };
        // The built-in file is checked by a unit test; a failure here could only come from editing it badly.
        if let Ok(years) = parse_schedules("core/data/calendar.json", BUILT_IN) {
            cal.add(years);
        }
        cal
    }

    /// Adds (or replaces) compiled years.
    fn add(&mut self, years: Vec<(i32, Year)>) {
        for (y, year) in years {
            self.years.insert(y, year);
        }
    }

    /// Adds the years of a `calendar.json` text; `file` names it in errors.
    pub fn add_json(&mut self, file: &str, text: &str) -> Result<(), InputError> {
        let schedules: Vec<YearSchedule> = crate::error::parse_json(file, text)?;
        self.add_schedules(file, &schedules)
    }

    /// Adds the years of an already-parsed `calendar` value (the dataset's object form). A dataset may only add
    /// years: a year that is built in, or given twice, is an error, so a stray entry cannot silently replace the
    /// State Council's schedule.
    pub fn add_schedules(&mut self, file: &str, schedules: &[YearSchedule]) -> Result<(), InputError> {
        for (i, s) in schedules.iter().enumerate() {
            let err = |msg: String| InputError::new(file, 0, 0, format!("/{i}/year"), msg);
            if self.years.contains_key(&s.year) {
                return Err(err(format!(
                    "{} 年的节假日安排已内置，calendar.json 只能增加年份 / {} is built in; calendar.json may only add years",
                    s.year, s.year
                )));
            }
            if schedules.iter().take(i).any(|p| p.year == s.year) {
                return Err(err(format!("{} 年重复出现 / year {} is given twice", s.year, s.year)));
            }
        }
        let years = schedules
            .iter()
            .enumerate()
            .map(|(i, s)| compile(file, i, s))
            .collect::<Result<Vec<_>, _>>()?;
        self.add(years);
        Ok(())
    }

    /// Whether `year` has a schedule.
    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The years that have a schedule.
    pub fn known_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// Whether `day` is a working day, and whether its year has a schedule.
    pub fn is_working_day(&self, day: Date) -> (bool, bool) {
        let weekend = matches!(day.0.weekday(), Weekday::Sat | Weekday::Sun);
        match self.years.get(&day.year()) {
            Some(y) => (!y.off.contains(&day) && (!weekend || y.work.contains(&day)), true),
            None => (!weekend, false),
        }
    }

    /// The N-th working day after `day` (`day` itself not counted). N = 0 gives `day`.
    pub fn working_days_after(&self, day: Date, n: u32) -> Deadline {
        let mut unknown_year = None;
        let mut d = day;
        let mut left = n;
        // A year has at least 200 working days, so this ends; the guard keeps a corrupt calendar from looping.
        let mut guard = 0u32;
        while left > 0 && guard < n.saturating_mul(8).saturating_add(3660) {
            d = d.add_days(1);
            guard = guard.saturating_add(1);
            let (working, known) = self.is_working_day(d);
            if !known && unknown_year.is_none() {
                unknown_year = Some(d.year());
            }
            if working {
                left -= 1;
            }
        }
        Deadline { day: d, unknown_year }
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::built_in()
    }
}

fn parse_schedules(file: &str, text: &str) -> Result<Vec<(i32, Year)>, InputError> {
    let schedules: Vec<YearSchedule> = crate::error::parse_json(file, text)?;
    schedules.iter().enumerate().map(|(i, s)| compile(file, i, s)).collect()
}

fn compile(file: &str, index: usize, s: &YearSchedule) -> Result<(i32, Year), InputError> {
    let mut year = Year::default();
    let err = |field: &str, j: usize, msg: String| InputError::new(file, 0, 0, format!("/{index}/{field}/{j}"), msg);
    let in_year = |d: Date| d.year() == s.year;
    for (j, entry) in s.days_off.iter().enumerate() {
        let (a, b) = match entry.split_once("..") {
            Some((a, b)) => (Date::parse(a.trim()), Date::parse(b.trim())),
            None => (Date::parse(entry.trim()), Date::parse(entry.trim())),
        };
        let (a, b) = (a.map_err(|m| err("days_off", j, m))?, b.map_err(|m| err("days_off", j, m))?);
        if a > b || !in_year(a) || !in_year(b) {
            return Err(err(
                "days_off",
                j,
                format!("`{entry}` 不是 {} 年内的有效日期或区间 / is not a date or range within {}", s.year, s.year),
            ));
        }
        let mut d = a;
        while d <= b {
            year.off.insert(d);
            d = d.add_days(1);
        }
    }
    for (j, entry) in s.working_days.iter().enumerate() {
        let d = Date::parse(entry.trim()).map_err(|m| err("working_days", j, m))?;
        if !in_year(d) {
            return Err(err("working_days", j, format!("`{entry}` 不在 {} 年内 / is not within {}", s.year, s.year)));
        }
        if year.off.contains(&d) {
            return Err(err(
                "working_days",
                j,
                format!("`{entry}` 同时列为休息日和工作日 / is listed both as a day off and as a working day"),
            ));
        }
        year.work.insert(d);
    }
    Ok((s.year, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or(Date(chrono::NaiveDate::MIN))
    }

    #[test]
    fn built_in_parses() {
        assert!(parse_schedules("built-in", BUILT_IN).is_ok());
        assert_eq!(Calendar::built_in().known_years().collect::<Vec<_>>(), vec![2024, 2025, 2026]);
    }

    #[test]
    fn worked_examples_of_the_legal_basis() {
        let cal = Calendar::built_in();
        for (from, to) in [
            ("2025-01-27", "2025-02-05"),
            ("2025-04-30", "2025-05-06"),
            ("2025-09-30", "2025-10-09"),
            ("2026-02-13", "2026-02-14"),
            ("2024-02-09", "2024-02-18"),
        ] {
            let got = cal.working_days_after(d(from), 1);
            assert_eq!(got, Deadline { day: d(to), unknown_year: None }, "one working day after {from}");
        }
    }

    #[test]
    fn adjusted_weekends_and_holidays() {
        let cal = Calendar::built_in();
        assert_eq!(cal.is_working_day(d("2025-01-26")), (true, true)); // 调休 Sunday
        assert_eq!(cal.is_working_day(d("2025-10-08")), (false, true)); // Wednesday, holiday
        assert_eq!(cal.is_working_day(d("2024-02-09")), (true, true)); // 除夕 2024 was a working day
        assert_eq!(cal.is_working_day(d("2025-03-01")), (false, true)); // ordinary Saturday
    }

    #[test]
    fn unknown_year_falls_back_to_weekends() {
        let cal = Calendar::built_in();
        let got = cal.working_days_after(d("2026-12-31"), 1);
        assert_eq!(got, Deadline { day: d("2027-01-01"), unknown_year: Some(2027) });
        let got = cal.working_days_after(d("2026-12-30"), 1);
        assert_eq!(got, Deadline { day: d("2026-12-31"), unknown_year: None });
    }

    #[test]
    fn extra_years_load_and_errors_name_the_field() {
        let mut cal = Calendar::built_in();
        let built_in = r#"[{"year": 2025, "days_off": []}]"#;
        assert!(cal.add_json("calendar.json", built_in).is_err());
        let twice = r#"[{"year": 2028, "days_off": []}, {"year": 2028, "days_off": []}]"#;
        assert!(cal.add_json("calendar.json", twice).is_err());
        let both = r#"[{"year": 2028, "days_off": ["2028-01-01"], "working_days": ["2028-01-01"]}]"#;
        assert!(cal.add_json("calendar.json", both).is_err());
        let ok = r#"[{"year": 2027, "days_off": ["2027-01-01"], "working_days": []}]"#;
        assert!(cal.add_json("calendar.json", ok).is_ok());
        assert_eq!(cal.working_days_after(d("2026-12-31"), 1), Deadline { day: d("2027-01-04"), unknown_year: None });
        let bad = r#"[{"year": 2029, "days_off": ["2029-02-30"]}]"#;
        let e = cal.add_json("calendar.json", bad).err().map(|e| e.path);
        assert_eq!(e.as_deref(), Some("/0/days_off/0"));
        let typo = r#"[{"year": 2029, "day_off": []}]"#;
        assert!(cal.add_json("calendar.json", typo).is_err());
    }
}
