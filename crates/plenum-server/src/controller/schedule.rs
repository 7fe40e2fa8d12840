//! Meeting schedules: validation of what a client sends, and expansion of recurring meetings
//! into occurrences (daily, weekly on given weekdays, monthly, yearly; every n-th; until a date
//! or a count), in the meeting's own time zone so that 10:00 stays 10:00 across daylight-saving
//! changes. Pure functions over the values passed in.

use crate::error::ApiError;
use jiff::civil::{Date, DateTime, Weekday as JWeekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use plenum_protocol::api::{
    Frequency, OccurrenceChange, Recurrence, RecurrenceEnd, Schedule, Weekday,
};

/// Most occurrences ever generated for one meeting in one query.
const MAX_CANDIDATES: usize = 20_000;

/// A schedule checked and parsed.
#[derive(Clone, Debug)]
pub struct Parsed {
    start: DateTime,
    end: DateTime,
    tz: TimeZone,
    recurrence: Option<Recurrence>,
    until: Option<Date>,
}

/// One occurrence.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// The regular local start (the key of single-occurrence changes).
    pub original_start: DateTime,
    /// Start.
    pub start: ZonedDateTime,
    /// End.
    pub end: ZonedDateTime,
}

fn field(name: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::field(name, message)
}

/// Parses a local `YYYY-MM-DDTHH:MM`.
pub fn local(value: &str, name: &'static str) -> Result<DateTime, ApiError> {
    value.parse::<DateTime>().map_err(|_| {
        field(
            name,
            format!("{value:?} is not a local date and time (YYYY-MM-DDTHH:MM)"),
        )
    })
}

fn weekday(w: Weekday) -> JWeekday {
    match w {
        Weekday::Mon => JWeekday::Monday,
        Weekday::Tue => JWeekday::Tuesday,
        Weekday::Wed => JWeekday::Wednesday,
        Weekday::Thu => JWeekday::Thursday,
        Weekday::Fri => JWeekday::Friday,
        Weekday::Sat => JWeekday::Saturday,
        Weekday::Sun => JWeekday::Sunday,
    }
}

/// Checks a schedule; `None` for unscheduled meetings.
pub fn parse(schedule: &Schedule) -> Result<Option<Parsed>, ApiError> {
    let Schedule::Timed {
        start,
        end,
        time_zone,
        recurrence,
    } = schedule
    else {
        return Ok(None);
    };
    let tz = TimeZone::get(time_zone).map_err(|_| {
        field(
            "schedule.time_zone",
            format!("unknown time zone {time_zone:?}"),
        )
    })?;
    let start = local(start, "schedule.start")?;
    let end = local(end, "schedule.end")?;
    if end <= start {
        return Err(field("schedule.end", "the end must be after the start"));
    }
    if end
        .date()
        .since(start.date())
        .map(|s| s.get_days())
        .unwrap_or(i32::MAX)
        > 7
    {
        return Err(field("schedule.end", "a meeting lasts at most a week"));
    }
    let mut until = None;
    if let Some(r) = recurrence {
        if !(1..=99).contains(&r.interval) {
            return Err(field(
                "schedule.recurrence.interval",
                "the interval must be between 1 and 99",
            ));
        }
        if r.frequency != Frequency::Weekly && !r.weekdays.is_empty() {
            return Err(field(
                "schedule.recurrence.weekdays",
                "weekdays only go with weekly repetition",
            ));
        }
        match &r.end {
            RecurrenceEnd::Never => {}
            RecurrenceEnd::Count { count } if !(1..=1000).contains(count) => {
                return Err(field(
                    "schedule.recurrence.end.count",
                    "the count must be between 1 and 1000",
                ));
            }
            RecurrenceEnd::Count { .. } => {}
            RecurrenceEnd::Until { date } => {
                let d: Date = date.parse().map_err(|_| {
                    field(
                        "schedule.recurrence.end.date",
                        format!("{date:?} is not a date (YYYY-MM-DD)"),
                    )
                })?;
                if d < start.date() {
                    return Err(field(
                        "schedule.recurrence.end.date",
                        "the repetition ends before it starts",
                    ));
                }
                until = Some(d);
            }
        }
    }
    Ok(Some(Parsed {
        start,
        end,
        tz,
        recurrence: recurrence.clone(),
        until,
    }))
}

impl Parsed {
    fn zoned(&self, dt: DateTime) -> ZonedDateTime {
        // Local times that fall into a daylight-saving gap move forward, as calendars do.
        dt.to_zoned_datetime(self.tz.clone())
            .unwrap_or_else(|_| Timestamp::UNIX_EPOCH.to_zoned_datetime(self.tz.clone()))
    }

    fn instance(&self, original: DateTime) -> Instance {
        let length = self.start.duration_until(self.end);
        let end = original.checked_add(length).unwrap_or(original);
        Instance {
            original_start: original,
            start: self.zoned(original),
            end: self.zoned(end),
        }
    }

    /// Regular local starts in order, until `stop` returns true (or the rule ends).
    fn starts(&self, mut visit: impl FnMut(DateTime) -> bool) {
        let Some(rule) = &self.recurrence else {
            visit(self.start);
            return;
        };
        let count = match rule.end {
            RecurrenceEnd::Count { count } => Some(count as usize),
            _ => None,
        };
        let time = self.start.time();
        let interval = i64::from(rule.interval);
        let mut produced = 0usize;
        let mut candidates = 0usize;
        let mut emit = |date: Date, produced: &mut usize| -> bool {
            if date < self.start.date() {
                return true;
            }
            if self.until.is_some_and(|u| date > u) || count.is_some_and(|c| *produced >= c) {
                return false;
            }
            *produced += 1;
            visit(date.to_datetime(time))
        };
        let start = self.start.date();
        for k in 0.. {
            candidates += 1;
            if candidates > MAX_CANDIDATES {
                return;
            }
            let go_on = match rule.frequency {
                Frequency::Daily => match start.checked_add(jiff::Span::new().days(k * interval)) {
                    Ok(d) => emit(d, &mut produced),
                    Err(_) => false,
                },
                Frequency::Weekly => {
                    let days: Vec<JWeekday> = if rule.weekdays.is_empty() {
                        vec![start.weekday()]
                    } else {
                        let mut d: Vec<JWeekday> =
                            rule.weekdays.iter().map(|w| weekday(*w)).collect();
                        d.sort_by_key(|w| w.to_monday_zero_offset());
                        d.dedup();
                        d
                    };
                    let monday = start
                        .checked_sub(
                            jiff::Span::new()
                                .days(i64::from(start.weekday().to_monday_zero_offset())),
                        )
                        .unwrap_or(start);
                    match monday.checked_add(jiff::Span::new().weeks(k * interval)) {
                        Ok(week) => days.iter().all(|w| {
                            week.checked_add(
                                jiff::Span::new().days(i64::from(w.to_monday_zero_offset())),
                            )
                            .map(|d| emit(d, &mut produced))
                            .unwrap_or(false)
                        }),
                        Err(_) => false,
                    }
                }
                Frequency::Monthly => {
                    let months =
                        i64::from(start.year()) * 12 + i64::from(start.month() - 1) + k * interval;
                    let (y, m) = ((months / 12) as i16, (months % 12 + 1) as i8);
                    // Months without this day (the 31st, February 30th) are skipped.
                    match Date::new(y, m, start.day()) {
                        Ok(d) => emit(d, &mut produced),
                        Err(_) => y <= 9999,
                    }
                }
                Frequency::Yearly => {
                    let y = i64::from(start.year()) + k * interval;
                    match Date::new(y as i16, start.month(), start.day()) {
                        Ok(d) => emit(d, &mut produced),
                        Err(_) => y <= 9999,
                    }
                }
            };
            if !go_on {
                return;
            }
        }
    }

    /// First start and last end in UTC milliseconds (`None` end: repeats forever).
    pub fn bounds(&self) -> (i64, Option<i64>) {
        let first = self.zoned(self.start).timestamp().as_millisecond();
        let open_ended = self
            .recurrence
            .as_ref()
            .is_some_and(|r| r.end == RecurrenceEnd::Never);
        if open_ended {
            return (first, None);
        }
        let mut last = self.start;
        self.starts(|s| {
            last = s;
            true
        });
        // Moved occurrences can end up to a week later.
        let end = self.instance(last).end.timestamp().as_millisecond() + 7 * 24 * 3_600_000;
        (first, Some(end))
    }

    /// Occurrences overlapping `[from, to)`, with single-occurrence changes applied.
    pub fn between(
        &self,
        from: Timestamp,
        to: Timestamp,
        changes: &[OccurrenceChange],
    ) -> Vec<Instance> {
        let mut out = Vec::new();
        // Occurrences moved into the window from outside it.
        for c in changes {
            if let (Ok(original), Some(s), Some(e)) =
                (c.original_start.parse::<DateTime>(), &c.start, &c.end)
                && !c.cancelled
                && let (Ok(s), Ok(e)) = (s.parse::<DateTime>(), e.parse::<DateTime>())
            {
                let i = Instance {
                    original_start: original,
                    start: self.zoned(s),
                    end: self.zoned(e),
                };
                if i.start.timestamp() < to && i.end.timestamp() > from && self.is_regular(original)
                {
                    out.push(i);
                }
            }
        }
        let horizon = to
            .checked_add(jiff::SignedDuration::from_hours(7 * 24))
            .unwrap_or(to);
        self.starts(|original| {
            let i = self.instance(original);
            if i.start.timestamp() >= horizon {
                return false;
            }
            let changed = changes
                .iter()
                .any(|c| c.original_start.parse::<DateTime>().ok() == Some(original));
            if !changed && i.start.timestamp() < to && i.end.timestamp() > from {
                out.push(i);
            }
            true
        });
        out.sort_by_key(|i| i.start.timestamp());
        out
    }

    /// Whether `original` is one of the rule's regular starts.
    pub fn is_regular(&self, original: DateTime) -> bool {
        let mut found = false;
        self.starts(|s| {
            found = s == original;
            !found && s < original
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn timed(start: &str, end: &str, recurrence: Option<Recurrence>) -> Schedule {
        Schedule::Timed {
            start: start.into(),
            end: end.into(),
            time_zone: "Europe/Berlin".into(),
            recurrence,
        }
    }

    fn rule(
        frequency: Frequency,
        interval: u32,
        weekdays: Vec<Weekday>,
        end: RecurrenceEnd,
    ) -> Option<Recurrence> {
        Some(Recurrence {
            frequency,
            interval,
            weekdays,
            end,
        })
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn starts(p: &Parsed, from: &str, to: &str) -> Vec<String> {
        p.between(ts(from), ts(to), &[])
            .iter()
            .map(|i| i.start.strftime("%Y-%m-%d %H:%M %:z").to_string())
            .collect()
    }

    #[test]
    fn weekly_on_two_days_keeps_local_time_across_dst() {
        let s = timed(
            "2026-10-19T10:00",
            "2026-10-19T11:00",
            rule(
                Frequency::Weekly,
                1,
                vec![Weekday::Wed, Weekday::Mon],
                RecurrenceEnd::Until {
                    date: "2026-11-04".into(),
                },
            ),
        );
        let p = parse(&s).unwrap().unwrap();
        assert_eq!(
            starts(&p, "2026-10-01T00:00Z", "2027-01-01T00:00Z"),
            [
                "2026-10-19 10:00 +02:00",
                "2026-10-21 10:00 +02:00",
                "2026-10-26 10:00 +01:00",
                "2026-10-28 10:00 +01:00",
                "2026-11-02 10:00 +01:00",
                "2026-11-04 10:00 +01:00",
            ]
        );
        let (first, last) = p.bounds();
        assert_eq!(first, ts("2026-10-19T08:00Z").as_millisecond());
        assert!(last.unwrap() >= ts("2026-11-04T10:00Z").as_millisecond());
    }

    #[test]
    fn monthly_skips_months_without_the_day_and_counts() {
        let s = timed(
            "2027-01-31T09:00",
            "2027-01-31T09:30",
            rule(
                Frequency::Monthly,
                1,
                vec![],
                RecurrenceEnd::Count { count: 3 },
            ),
        );
        let p = parse(&s).unwrap().unwrap();
        assert_eq!(
            starts(&p, "2027-01-01T00:00Z", "2028-01-01T00:00Z"),
            [
                "2027-01-31 09:00 +01:00",
                "2027-03-31 09:00 +02:00",
                "2027-05-31 09:00 +02:00"
            ]
        );
    }

    #[test]
    fn every_other_day_forever_only_inside_the_window() {
        let s = timed(
            "2026-01-01T08:00",
            "2026-01-01T09:00",
            rule(Frequency::Daily, 2, vec![], RecurrenceEnd::Never),
        );
        let p = parse(&s).unwrap().unwrap();
        assert_eq!(
            starts(&p, "2026-03-01T00:00Z", "2026-03-05T00:00Z"),
            ["2026-03-02 08:00 +01:00", "2026-03-04 08:00 +01:00"]
        );
        assert_eq!(p.bounds().1, None);
    }

    #[test]
    fn changes_cancel_and_move_occurrences() {
        let s = timed(
            "2026-12-01T10:00",
            "2026-12-01T11:00",
            rule(
                Frequency::Daily,
                1,
                vec![],
                RecurrenceEnd::Count { count: 3 },
            ),
        );
        let p = parse(&s).unwrap().unwrap();
        let changes = [
            OccurrenceChange {
                original_start: "2026-12-02T10:00".into(),
                cancelled: true,
                start: None,
                end: None,
            },
            OccurrenceChange {
                original_start: "2026-12-03T10:00".into(),
                cancelled: false,
                start: Some("2026-12-10T15:00".into()),
                end: Some("2026-12-10T16:00".into()),
            },
        ];
        let got: Vec<String> = p
            .between(ts("2026-11-01T00:00Z"), ts("2027-01-01T00:00Z"), &changes)
            .iter()
            .map(|i| i.start.strftime("%m-%d %H:%M").to_string())
            .collect();
        assert_eq!(got, ["12-01 10:00", "12-10 15:00"]);
        assert!(p.is_regular("2026-12-03T10:00".parse().unwrap()));
        assert!(!p.is_regular("2026-12-03T11:00".parse().unwrap()));
    }

    #[test]
    fn bad_schedules_name_their_field() {
        let cases = [
            (
                timed("2026-01-01T10:00", "2026-01-01T09:00", None),
                "schedule.end",
            ),
            (
                Schedule::Timed {
                    start: "2026-01-01T10:00".into(),
                    end: "2026-01-01T11:00".into(),
                    time_zone: "Mars/Olympus".into(),
                    recurrence: None,
                },
                "schedule.time_zone",
            ),
            (
                timed("yesterday", "2026-01-01T11:00", None),
                "schedule.start",
            ),
            (
                timed(
                    "2026-01-01T10:00",
                    "2026-01-01T11:00",
                    rule(Frequency::Daily, 0, vec![], RecurrenceEnd::Never),
                ),
                "schedule.recurrence.interval",
            ),
            (
                timed(
                    "2026-01-01T10:00",
                    "2026-01-01T11:00",
                    rule(
                        Frequency::Daily,
                        1,
                        vec![Weekday::Mon],
                        RecurrenceEnd::Never,
                    ),
                ),
                "schedule.recurrence.weekdays",
            ),
            (
                timed(
                    "2026-01-01T10:00",
                    "2026-01-01T11:00",
                    rule(
                        Frequency::Daily,
                        1,
                        vec![],
                        RecurrenceEnd::Count { count: 0 },
                    ),
                ),
                "schedule.recurrence.end.count",
            ),
            (
                timed(
                    "2026-01-01T10:00",
                    "2026-01-01T11:00",
                    rule(
                        Frequency::Daily,
                        1,
                        vec![],
                        RecurrenceEnd::Until {
                            date: "2025-12-31".into(),
                        },
                    ),
                ),
                "schedule.recurrence.end.date",
            ),
        ];
        for (s, expected) in cases {
            match parse(&s) {
                Err(ApiError::InvalidRequest { field: Some(f), .. }) => assert_eq!(f, expected),
                other => panic!("{s:?}: {other:?}"),
            }
        }
        assert!(parse(&Schedule::Unscheduled).unwrap().is_none());
    }

    proptest! {
        #[test]
        fn expansion_is_ordered_bounded_and_inside_the_window(
            freq in prop_oneof![Just(Frequency::Daily), Just(Frequency::Weekly), Just(Frequency::Monthly), Just(Frequency::Yearly)],
            interval in 1u32..5,
            day in 1i8..29,
            hour in 0i8..23,
            count in 1u32..50,
        ) {
            let start = format!("2026-03-{day:02}T{hour:02}:30");
            let end = format!("2026-03-{day:02}T{hour:02}:59");
            let s = timed(&start, &end, rule(freq, interval, vec![], RecurrenceEnd::Count { count }));
            let p = parse(&s).unwrap().unwrap();
            let (from, to) = (ts("2026-01-01T00:00Z"), ts("2080-01-01T00:00Z"));
            let got = p.between(from, to, &[]);
            prop_assert!(got.len() <= count as usize);
            prop_assert!(got.windows(2).all(|w| w[0].start.timestamp() < w[1].start.timestamp()));
            let (first, last) = p.bounds();
            for i in &got {
                prop_assert!(i.start.timestamp().as_millisecond() >= first);
                prop_assert!(i.end.timestamp().as_millisecond() <= last.unwrap());
            }
        }
    }
}
