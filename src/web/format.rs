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

#[cfg(test)]
mod tests {
    use super::*;

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
