//! Times as the award's readers write them: `21 Februari 2024 10.00 WIB`
//! in Bahasa Indonesia, `21 February 2024 10:00 WIB` in English, in the
//! edition's own time zone.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::editions::domain::Zone;
use crate::i18n::{Lang, catalogue};

/// The month's name in `lang`, 1 to 12.
fn month(lang: Lang, number: u32) -> String {
    catalogue().text(lang, &format!("month-{number}"), None)
}

/// A day: `21 Februari 2024`.
pub fn date(lang: Lang, day: chrono::NaiveDate) -> String {
    format!("{} {} {}", day.day(), month(lang, day.month()), day.year())
}

/// An instant (stored in UTC) in the zone's wall-clock time.
pub fn instant(lang: Lang, zone: Zone, utc: NaiveDateTime) -> String {
    let local = zone.local(utc);
    let separator = match lang {
        Lang::Id => '.',
        Lang::En => ':',
    };
    format!(
        "{} {:02}{separator}{:02} {}",
        date(lang, local.date_naive()),
        local.hour(),
        local.minute(),
        zone.abbreviation()
    )
}

/// How long until `deadline` (both UTC), the way a reader counts it:
/// days while more than one is left, then hours, then minutes; `None`
/// once it has passed.
pub fn time_left(lang: Lang, now: NaiveDateTime, deadline: NaiveDateTime) -> Option<String> {
    let left = deadline - now;
    if left <= chrono::Duration::zero() {
        return None;
    }
    let (count, id, en) = if left >= chrono::Duration::days(2) {
        (left.num_days(), "hari", "days")
    } else if left >= chrono::Duration::hours(2) {
        (left.num_hours(), "jam", "hours")
    } else {
        (left.num_minutes().max(1), "menit", "minutes")
    };
    Some(match lang {
        Lang::Id => format!("tinggal {count} {id}"),
        Lang::En if count == 1 => format!("1 {} left", en.trim_end_matches('s')),
        Lang::En => format!("{count} {en} left"),
    })
}

/// A file's size the way people write it: `120 KB`, `2,2 MB` (`2.2 MB`
/// in English).
pub fn size(lang: Lang, bytes: i64) -> String {
    const MB: i64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = bytes * 10 / MB;
        let point = match lang {
            Lang::Id => ',',
            Lang::En => '.',
        };
        format!("{}{point}{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_way_people_write_them() {
        assert_eq!(size(Lang::Id, 1), "1 KB");
        assert_eq!(size(Lang::Id, 2_400_000), "2,2 MB");
        assert_eq!(size(Lang::En, 2_400_000), "2.2 MB");
    }

    #[test]
    fn time_left_counts_days_then_hours_then_minutes() {
        let now = chrono::NaiveDate::from_ymd_opt(2025, 5, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let after = |minutes: i64| now + chrono::Duration::minutes(minutes);
        assert_eq!(
            time_left(Lang::Id, now, after(12 * 24 * 60 + 30)).as_deref(),
            Some("tinggal 12 hari")
        );
        assert_eq!(
            time_left(Lang::Id, now, after(30 * 60)).as_deref(),
            Some("tinggal 30 jam")
        );
        assert_eq!(
            time_left(Lang::En, now, after(45)).as_deref(),
            Some("45 minutes left")
        );
        assert_eq!(
            time_left(Lang::En, now, now + chrono::Duration::seconds(20)).as_deref(),
            Some("1 minute left")
        );
        assert_eq!(time_left(Lang::Id, now, now), None);
    }

    #[test]
    fn times_are_written_in_the_edition_zone_the_readers_way() {
        let utc = chrono::NaiveDate::from_ymd_opt(2024, 2, 21)
            .unwrap()
            .and_hms_opt(3, 0, 0)
            .unwrap();
        assert_eq!(
            instant(Lang::Id, Zone::Jakarta, utc),
            "21 Februari 2024 10.00 WIB"
        );
        assert_eq!(
            instant(Lang::En, Zone::Jakarta, utc),
            "21 February 2024 10:00 WIB"
        );
        assert_eq!(
            instant(Lang::Id, Zone::Jayapura, utc),
            "21 Februari 2024 12.00 WIT"
        );
    }
}
