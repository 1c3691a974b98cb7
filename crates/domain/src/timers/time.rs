//! The pure rules that turn a timer's run into entries' hours: the cap, the split at the
//! person's midnights, the board's rounding, and the most one entry holds. The rules are stated
//! once, on the wire types (`budget_contract::timer`).

use budget_contract::board::TimeRounding;
use budget_contract::limits::MAX_ENTRY_CENTIHOURS;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, Utc};

/// Seconds in a hundredth of an hour.
const SECONDS_PER_CENTIHOUR: i64 = 36;

/// The hundredths of an hour `seconds` of a timer's time make under `rule`: `none` to the
/// nearest hundredth (half up), the others up to whole steps of 1, 6 or 15 minutes and then up
/// to the hundredth. Never 0: no time at all counts as its first second, and `none` gives at
/// least 0.01.
pub fn rounded_centihours(seconds: i64, rule: TimeRounding) -> i64 {
    let seconds = seconds.max(1);
    match rule {
        TimeRounding::None => {
            ((seconds + SECONDS_PER_CENTIHOUR / 2) / SECONDS_PER_CENTIHOUR).max(1)
        }
        TimeRounding::UpTo1Minute => up_to_minutes(seconds, 1),
        TimeRounding::UpTo6Minutes => up_to_minutes(seconds, 6),
        TimeRounding::UpTo15Minutes => up_to_minutes(seconds, 15),
    }
}

/// `seconds` up to whole steps of `step` minutes, then up to the hundredth of an hour.
fn up_to_minutes(seconds: i64, step: i64) -> i64 {
    let minutes = ceil_div(seconds, step * 60) * step;
    ceil_div(minutes * 100, 60)
}

fn ceil_div(numerator: i64, denominator: i64) -> i64 {
    (numerator + denominator - 1) / denominator
}

/// The hundredths of an hour `seconds` make, to the nearest (half up), 0 for none: how much
/// time a cap left out.
pub fn nearest_centihours(seconds: i64) -> i64 {
    (seconds.max(0) + SECONDS_PER_CENTIHOUR / 2) / SECONDS_PER_CENTIHOUR
}

/// One day's part of a timer's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayPart {
    /// The person's day, at their offset.
    pub work_date: NaiveDate,
    /// Whole seconds of it.
    pub seconds: i64,
}

/// The run from `start` to `end` split at the midnights of `offset_minutes` east of UTC, one
/// part per day, oldest first. Days with no whole second are left out, unless the run has none
/// at all (stopped as it started): then its one day, with 0 seconds.
pub fn split_at_midnights(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    offset_minutes: i32,
) -> Vec<DayPart> {
    // Offsets are checked when a timer starts; one out of range counts as UTC.
    let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap_or_else(|| Utc.fix());
    let end = end.max(start);
    let local_start = start.with_timezone(&offset).naive_local();
    let local_end = end.with_timezone(&offset).naive_local();
    let mut parts = Vec::new();
    let mut cursor = local_start;
    while cursor < local_end {
        let day = cursor.date();
        let next_midnight = day
            .succ_opt()
            .and_then(|next| next.and_hms_opt(0, 0, 0))
            .unwrap_or(local_end);
        let until = next_midnight.min(local_end);
        let seconds = (until - cursor).num_seconds();
        if seconds > 0 {
            parts.push(DayPart {
                work_date: day,
                seconds,
            });
        }
        if until <= cursor {
            break;
        }
        cursor = until;
    }
    if parts.is_empty() {
        parts.push(DayPart {
            work_date: local_start.date(),
            seconds: 0,
        });
    }
    parts
}

/// A day's hundredths as entries of at most 16.00 hours each: full ones, then the rest.
pub fn entry_sizes(centihours: i64) -> Vec<i64> {
    let mut sizes = Vec::new();
    let mut left = centihours;
    while left > MAX_ENTRY_CENTIHOURS {
        sizes.push(MAX_ENTRY_CENTIHOURS);
        left -= MAX_ENTRY_CENTIHOURS;
    }
    if left > 0 {
        sizes.push(left);
    }
    sizes
}

/// What a run from `start` stopped at `stop` logs: its time cut at `cap`, split per day, each
/// day rounded by `rule` and cut into entries; and the seconds the cap left out.
pub fn plan(
    start: DateTime<Utc>,
    stop: DateTime<Utc>,
    offset_minutes: i32,
    cap: Duration,
    rule: TimeRounding,
) -> Plan {
    let cap_at = start + cap;
    let end = stop.min(cap_at).max(start);
    let uncounted_seconds = (stop - cap_at).num_seconds().max(0);
    let entries = split_at_midnights(start, end, offset_minutes)
        .into_iter()
        .flat_map(|part| {
            entry_sizes(rounded_centihours(part.seconds, rule))
                .into_iter()
                .map(move |centihours| (part.work_date, centihours))
        })
        .collect();
    Plan {
        entries,
        capped: stop > cap_at,
        uncounted_seconds,
    }
}

/// The entries a stopped timer logs and what its cap left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// (work date, hundredths of an hour), oldest first.
    pub entries: Vec<(NaiveDate, i64)>,
    pub capped: bool,
    pub uncounted_seconds: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn none_rounds_to_the_nearest_hundredth_and_never_to_zero() {
        let none = TimeRounding::None;
        assert_eq!(rounded_centihours(0, none), 1);
        assert_eq!(rounded_centihours(5, none), 1);
        assert_eq!(rounded_centihours(17, none), 1);
        assert_eq!(rounded_centihours(18, none), 1);
        assert_eq!(rounded_centihours(53, none), 1);
        assert_eq!(rounded_centihours(54, none), 2);
        assert_eq!(rounded_centihours(3_600, none), 100);
        // 1 h 20 min 10 s = 4 810 s = 133.6 hundredths.
        assert_eq!(rounded_centihours(4_810, none), 134);
        assert_eq!(rounded_centihours(4_805, none), 133);
    }

    #[test]
    fn one_minute_rounds_up_to_the_minute_then_to_the_hundredth() {
        let rule = TimeRounding::UpTo1Minute;
        assert_eq!(rounded_centihours(0, rule), 2);
        assert_eq!(rounded_centihours(1, rule), 2);
        assert_eq!(rounded_centihours(60, rule), 2);
        assert_eq!(rounded_centihours(61, rule), 4);
        // 3 minutes are exactly 0.05 hours.
        assert_eq!(rounded_centihours(180, rule), 5);
        assert_eq!(rounded_centihours(4_810, rule), 135);
        assert_eq!(rounded_centihours(3_600, rule), 100);
    }

    #[test]
    fn six_and_fifteen_minutes_are_whole_hundredths() {
        let six = TimeRounding::UpTo6Minutes;
        assert_eq!(rounded_centihours(1, six), 10);
        assert_eq!(rounded_centihours(360, six), 10);
        assert_eq!(rounded_centihours(361, six), 20);
        assert_eq!(rounded_centihours(4_810, six), 140);
        let fifteen = TimeRounding::UpTo15Minutes;
        assert_eq!(rounded_centihours(0, fifteen), 25);
        assert_eq!(rounded_centihours(900, fifteen), 25);
        assert_eq!(rounded_centihours(901, fifteen), 50);
        assert_eq!(rounded_centihours(4_810, fifteen), 150);
    }

    #[test]
    fn a_run_splits_at_the_persons_midnights() {
        // 22:30 to 01:15 in UTC+02:00.
        let parts = split_at_midnights(at("2026-11-23T20:30:00Z"), at("2026-11-23T23:15:00Z"), 120);
        assert_eq!(
            parts,
            [
                DayPart {
                    work_date: day("2026-11-23"),
                    seconds: 5_400
                },
                DayPart {
                    work_date: day("2026-11-24"),
                    seconds: 4_500
                },
            ]
        );
        // The same instants in UTC are one day.
        assert_eq!(
            split_at_midnights(at("2026-11-23T20:30:00Z"), at("2026-11-23T23:15:00Z"), 0),
            [DayPart {
                work_date: day("2026-11-23"),
                seconds: 9_900
            }]
        );
        // West of UTC, the day before.
        assert_eq!(
            split_at_midnights(at("2026-11-24T02:00:00Z"), at("2026-11-24T03:00:00Z"), -300),
            [DayPart {
                work_date: day("2026-11-23"),
                seconds: 3_600
            }]
        );
    }

    #[test]
    fn a_run_ending_at_midnight_has_no_empty_day_and_an_empty_run_has_its_one() {
        assert_eq!(
            split_at_midnights(at("2026-11-23T23:00:00Z"), at("2026-11-24T00:00:00Z"), 0),
            [DayPart {
                work_date: day("2026-11-23"),
                seconds: 3_600
            }]
        );
        assert_eq!(
            split_at_midnights(at("2026-11-23T23:00:00Z"), at("2026-11-23T23:00:00Z"), 0),
            [DayPart {
                work_date: day("2026-11-23"),
                seconds: 0
            }]
        );
    }

    #[test]
    fn a_day_over_sixteen_hours_is_several_entries() {
        assert_eq!(entry_sizes(2_000), [1_600, 400]);
        assert_eq!(entry_sizes(1_600), [1_600]);
        assert_eq!(entry_sizes(3_200), [1_600, 1_600]);
        assert_eq!(entry_sizes(1), [1]);
    }

    #[test]
    fn a_forgotten_timer_logs_the_cap_and_says_what_it_left_out() {
        let plan = plan(
            at("2026-11-23T08:00:00Z"),
            at("2026-11-24T07:30:00Z"),
            0,
            Duration::hours(12),
            TimeRounding::None,
        );
        assert_eq!(plan.entries, [(day("2026-11-23"), 1_200)]);
        assert!(plan.capped);
        assert_eq!(plan.uncounted_seconds, 11 * 3_600 + 1_800);
        assert_eq!(nearest_centihours(plan.uncounted_seconds), 1_150);
    }

    #[test]
    fn each_day_is_rounded_on_its_own() {
        // 23:50 to 00:20: ten minutes, then twenty.
        let plan = plan(
            at("2026-11-23T23:50:00Z"),
            at("2026-11-24T00:20:00Z"),
            0,
            Duration::hours(12),
            TimeRounding::UpTo15Minutes,
        );
        assert_eq!(
            plan.entries,
            [(day("2026-11-23"), 25), (day("2026-11-24"), 50)]
        );
        assert!(!plan.capped);
        assert_eq!(plan.uncounted_seconds, 0);
    }
}
