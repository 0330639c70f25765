//! Dates and times of the data contract.
//!
//! Every date is `YYYY-MM-DD`; every time is RFC 3339. A time without an offset is read as
//! Asia/Shanghai (+08:00). All "year", "day" and "working day" arithmetic happens in Asia/Shanghai,
//! which has kept a fixed offset of +08:00 without daylight saving since 1991, so a fixed offset is
//! exact for every date this tool deals with and needs no time-zone database (which keeps the
//! WebAssembly build small).

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Offset of Asia/Shanghai in seconds.
const SHANGHAI_OFFSET_SECS: i32 = 8 * 3600;

/// The Asia/Shanghai offset (+08:00).
pub fn shanghai() -> FixedOffset {
    // Eight hours is always within chrono's ±24 h range; the UTC fallback only keeps this free of unwraps.
    FixedOffset::east_opt(SHANGHAI_OFFSET_SECS).unwrap_or(chrono::Utc.fix())
}

/// A calendar date, `YYYY-MM-DD`, strictly four-digit year, two-digit month and day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Parses a strict `YYYY-MM-DD` date.
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if !shape_ok {
            return Err(format!("日期须为 YYYY-MM-DD 格式 / date must be YYYY-MM-DD, got `{s}`"));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Date).map_err(|_| format!("日期不存在 / no such date `{s}`"))
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The date `days` days later (or earlier when negative); saturates at chrono's limits.
    pub fn add_days(self, days: i64) -> Date {
        let d = chrono::Duration::days(days);
        Date(self.0.checked_add_signed(d).unwrap_or(if days >= 0 { NaiveDate::MAX } else { NaiveDate::MIN }))
    }

    /// Whole days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i64 {
        (self.0 - earlier.0).num_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written out rather than through chrono's strftime, which parses its format string on every call.
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A calendar date, YYYY-MM-DD."
        })
    }
}

/// A point in time. Read from RFC 3339; a time without an offset is Asia/Shanghai.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Timestamp {
    /// Parses an RFC 3339 time; without an offset it is read as +08:00.
    pub fn parse(s: &str) -> Result<Timestamp, String> {
        if let Some(t) = Self::parse_plain(s) {
            return Ok(Timestamp(t));
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(Timestamp(t));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dt%H:%M:%S%.f"] {
            if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
                // Only shapes with a four-digit year are accepted, as in RFC 3339.
                if s.as_bytes().get(4) == Some(&b'-')
                    && let Some(t) = n.and_local_timezone(shanghai()).single()
                {
                    return Ok(Timestamp(t));
                }
            }
        }
        Err(format!("时间须为 RFC 3339 格式（如 2025-03-01T09:00:00+08:00）/ time must be RFC 3339, got `{s}`"))
    }

    /// The usual shape, `YYYY-MM-DDTHH:MM:SS+HH:MM` (or `Z`), read without chrono's general parser; `None` for
    /// anything else (fractions, leap seconds, other separators), which the general parser then reads. Where both
    /// read a text, they give the same time.
    fn parse_plain(s: &str) -> Option<DateTime<FixedOffset>> {
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Option<u32> {
            b.get(from..from + len)?
                .iter()
                .try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        let at = |i: usize, c: u8| b.get(i) == Some(&c);
        if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
            return None;
        }
        let offset = match (b.len(), b.get(19)) {
            (20, Some(b'Z')) => 0,
            (25, Some(&sign @ (b'+' | b'-'))) if at(22, b':') => {
                let (hours, minutes) = (num(20, 2)?, num(23, 2)?);
                if minutes >= 60 {
                    return None;
                }
                let secs = i32::try_from(hours * 3600 + minutes * 60).ok()?;
                if sign == b'-' { -secs } else { secs }
            }
            _ => return None,
        };
        let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 2)?, num(8, 2)?)?;
        let (h, m, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        if sec >= 60 {
            return None;
        }
        let time = chrono::NaiveTime::from_hms_opt(h, m, sec)?;
        FixedOffset::east_opt(offset)?.from_local_datetime(&date.and_time(time)).single()
    }

    /// The calendar day of this time in Asia/Shanghai.
    pub fn local_date(self) -> Date {
        Date(self.0.with_timezone(&shanghai()).date_naive())
    }

    /// The calendar year of this time in Asia/Shanghai.
    pub fn local_year(self) -> i32 {
        self.local_date().year()
    }

    /// This time in Asia/Shanghai, for messages.
    pub fn display_local(self) -> String {
        use chrono::Timelike;
        let t = self.0.with_timezone(&shanghai());
        let (year, fields) = (t.year(), [t.month(), t.day(), t.hour(), t.minute()]);
        if !(0..=9999).contains(&year) {
            return t.format("%Y-%m-%d %H:%M").to_string();
        }
        // Written digit by digit: chrono's `format` reads its pattern again on every call, and messages
        // quote these times by the hundred thousand in a county's batch.
        fn push(out: &mut String, n: u32, width: u32) {
            for place in (0..width).rev() {
                out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
            }
        }
        let mut out = String::with_capacity(16);
        push(&mut out, year.unsigned_abs(), 4);
        for (sep, n) in ['-', '-', ' ', ':'].into_iter().zip(fields) {
            out.push(sep);
            push(&mut out, n, 2);
        }
        out
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339())
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$",
            "description": "An RFC 3339 time; without an offset it is read as Asia/Shanghai (+08:00)."
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn display_local_writes_what_chrono_would() {
        for text in [
            "2025-03-01T09:05:00+08:00",
            "2025-12-31T16:00:00Z",
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T15:59:59Z",
            "9999-12-31T16:00:00Z",
            "2024-02-29T23:59:59-12:00",
        ] {
            let Ok(t) = Timestamp::parse(text) else { panic!("{text} parses") };
            assert_eq!(
                t.display_local(),
                t.0.with_timezone(&shanghai()).format("%Y-%m-%d %H:%M").to_string(),
                "{text}"
            );
        }
    }

    use super::*;

    #[test]
    fn the_plain_reader_agrees_with_chrono() {
        let cases = [
            "2025-03-01T09:00:00+08:00",
            "2025-03-01T09:00:00Z",
            "2025-12-31T23:59:59-05:30",
            "2024-02-29T00:00:00+00:00",
            "2025-02-29T00:00:00+08:00",
            "2025-02-30T00:00:00+08:00",
            "2025-13-01T00:00:00+08:00",
            "2025-03-01T24:00:00+08:00",
            "2025-03-01T09:60:00+08:00",
            "2025-03-01T09:00:60+08:00",
            "2025-03-01T09:00:00+24:00",
            "2025-03-01T09:00:00+23:59",
            "2025-03-01T09:00:00+08:60",
            "2025-03-01T09:00:00+00:99",
            "2025-03-01T09:00:00-99:00",
            "2025-03-01T09:00:00.5+08:00",
            "2025-03-01t09:00:00+08:00",
            "2025-03-01 09:00:00+08:00",
            "2025-03-01T09:00:00+0800",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "+2025-03-01T09:00:00Z",
            "2025-03-01T0a:00:00+08:00",
        ];
        for c in cases {
            if let Some(t) = Timestamp::parse_plain(c) {
                assert_eq!(Ok(t), DateTime::parse_from_rfc3339(c), "{c}");
            }
            // Whatever the path, the result is the general parser's when it reads the text.
            if let Ok(t) = DateTime::parse_from_rfc3339(c) {
                assert_eq!(Timestamp::parse(c), Ok(Timestamp(t)), "{c}");
            }
        }
        assert!(Timestamp::parse_plain("2025-03-01T09:00:00+08:00").is_some());
        assert!(Timestamp::parse_plain("2025-03-01T09:00:00Z").is_some());
        // Offsets chrono refuses stay refused.
        assert!(Timestamp::parse("2025-03-01T09:00:00+08:60").is_err());
    }

    #[test]
    fn time_without_offset_is_shanghai() {
        let a = Timestamp::parse("2025-03-01T09:00:00").ok();
        let b = Timestamp::parse("2025-03-01T01:00:00Z").ok();
        assert!(a.is_some());
        assert_eq!(a, b.map(|t| Timestamp(t.0.with_timezone(&shanghai()))));
        assert_eq!(a.map(|t| t.0.timestamp()), b.map(|t| t.0.timestamp()));
    }

    #[test]
    fn utc_evening_is_next_shanghai_day() {
        let t = Timestamp::parse("2025-12-31T16:30:00Z").ok();
        assert_eq!(t.map(|t| t.local_date().to_string()), Some("2026-01-01".to_string()));
        assert_eq!(t.map(|t| t.local_year()), Some(2026));
    }

    #[test]
    fn strict_dates() {
        assert!(Date::parse("2025-02-30").is_err());
        assert!(Date::parse("2025-2-3").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Timestamp::parse("2025-02-30T09:00:00+08:00").is_err());
        assert!(Timestamp::parse("yesterday").is_err());
    }
}
