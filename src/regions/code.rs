//! Kemendagri region codes: `33` (province), `33.10` (regency/city),
//! `33.10.17` (district), `33.10.17.2006` (village).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(as = RegionLevel)]
pub enum Level {
    Province,
    /// Kabupaten or kota.
    Regency,
    /// Kecamatan.
    District,
    /// Desa or kelurahan.
    Village,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::Regency,
        Level::District,
        Level::Village,
    ];

    /// The catalogue key of the level's name within a sentence.
    pub fn name_key(self) -> &'static str {
        match self {
            Level::Province => "region-level-province",
            Level::Regency => "region-level-regency",
            Level::District => "region-level-district",
            Level::Village => "region-level-village",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Regency => "regency",
            Level::District => "district",
            Level::Village => "village",
        }
    }

    pub fn parse(value: &str) -> Option<Level> {
        [
            Level::Province,
            Level::Regency,
            Level::District,
            Level::Village,
        ]
        .into_iter()
        .find(|level| level.as_str() == value)
    }
}

/// A well-formed region code (whether it exists is for the database to say).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegionCode {
    code: String,
    level: Level,
}

const SEGMENT_LENGTHS: [usize; 4] = [2, 2, 2, 4];

impl RegionCode {
    pub fn parse(raw: &str) -> Option<RegionCode> {
        let code = raw.trim();
        let segments: Vec<&str> = code.split('.').collect();
        if segments.is_empty() || segments.len() > SEGMENT_LENGTHS.len() {
            return None;
        }
        let well_formed = segments.iter().zip(SEGMENT_LENGTHS).all(|(segment, len)| {
            segment.len() == len && segment.bytes().all(|b| b.is_ascii_digit())
        });
        if !well_formed {
            return None;
        }
        let level = match segments.len() {
            1 => Level::Province,
            2 => Level::Regency,
            3 => Level::District,
            _ => Level::Village,
        };
        Some(RegionCode {
            code: code.to_owned(),
            level,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.code
    }

    pub fn level(&self) -> Level {
        self.level
    }

    /// The code of the region this one lies in, if any.
    pub fn parent(&self) -> Option<RegionCode> {
        let (parent, _) = self.code.rsplit_once('.')?;
        RegionCode::parse(parent)
    }

    /// The province this region lies in (itself for a province).
    pub fn province(&self) -> &str {
        &self.code[..2]
    }

    /// This region and all above it, from the province down.
    pub fn lineage(&self) -> Vec<RegionCode> {
        let mut chain = vec![self.clone()];
        while let Some(parent) = chain.last().and_then(RegionCode::parent) {
            chain.push(parent);
        }
        chain.reverse();
        chain
    }

    /// True when `other` is this region or lies inside it.
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.code == self.code || other.code.starts_with(&format!("{}.", self.code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_number_of_segments() {
        assert_eq!(RegionCode::parse("33").unwrap().level(), Level::Province);
        assert_eq!(RegionCode::parse("33.74").unwrap().level(), Level::Regency);
        assert_eq!(
            RegionCode::parse("33.10.17").unwrap().level(),
            Level::District
        );
        assert_eq!(
            RegionCode::parse("33.10.17.2006").unwrap().level(),
            Level::Village
        );
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "3",
            "333",
            "33.7",
            "33.74.",
            "33..74",
            "ab",
            "33.74.01.200",
            "33.74.01.2001.01",
            "33-74",
        ] {
            assert!(RegionCode::parse(bad).is_none(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn lineage_runs_from_province_down() {
        let village = RegionCode::parse("33.10.17.2006").unwrap();
        let chain: Vec<String> = village
            .lineage()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        assert_eq!(chain, ["33", "33.10", "33.10.17", "33.10.17.2006"]);
        assert_eq!(village.province(), "33");
    }

    #[test]
    fn containment_respects_segment_boundaries() {
        let regency = RegionCode::parse("33.10").unwrap();
        assert!(regency.contains(&RegionCode::parse("33.10.17.2006").unwrap()));
        assert!(regency.contains(&regency));
        assert!(!regency.contains(&RegionCode::parse("33.11.01").unwrap()));
        assert!(!RegionCode::parse("33.10.17").unwrap().contains(&regency));
    }
}
