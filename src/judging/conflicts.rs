//! Conflicts of interest found without anyone declaring them: a judge whose
//! home region is, contains or lies inside the entrant's region, or who is
//! affiliated with the entrant organisation.

use crate::regions::RegionCode;

/// Why a judge and an entry must not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// The judge's home region and the entrant's region overlap.
    Region {
        judge_region: String,
        entrant_region: String,
    },
    /// The judge is affiliated with the entrant organisation.
    Affiliation,
}

impl Detected {
    pub fn code(&self) -> &'static str {
        match self {
            Detected::Region { .. } => "region",
            Detected::Affiliation => "affiliation",
        }
    }

    /// The reason as the admin and the judge read it.
    pub fn reason(&self) -> (String, String) {
        match self {
            Detected::Region {
                judge_region,
                entrant_region,
            } => (
                format!(
                    "Wilayah asal juri ({judge_region}) sama dengan, memuat, atau berada di dalam wilayah peserta ({entrant_region})."
                ),
                format!(
                    "The judge's home region ({judge_region}) is, contains or lies inside the entrant's region ({entrant_region})."
                ),
            ),
            Detected::Affiliation => (
                "Juri berafiliasi dengan organisasi peserta.".into(),
                "The judge is affiliated with the entrant organisation.".into(),
            ),
        }
    }
}

/// The facts about a judge that conflicts look at.
pub struct JudgeFacts<'a> {
    pub home_region: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
}

/// The facts about an entry that conflicts look at.
pub struct EntryFacts<'a> {
    pub region_code: &'a str,
    pub organisation_id: &'a str,
}

/// Every automatic conflict between a judge and an entry.
pub fn detect(judge: &JudgeFacts<'_>, entry: &EntryFacts<'_>) -> Vec<Detected> {
    let mut found = Vec::new();
    if judge.organisation_id == Some(entry.organisation_id) {
        found.push(Detected::Affiliation);
    }
    if let (Some(home), Some(entrant)) = (
        judge.home_region.and_then(RegionCode::parse),
        RegionCode::parse(entry.region_code),
    ) && (home.contains(&entrant) || entrant.contains(&home))
    {
        found.push(Detected::Region {
            judge_region: home.as_str().to_owned(),
            entrant_region: entrant.as_str().to_owned(),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge<'a>(region: Option<&'a str>, organisation: Option<&'a str>) -> JudgeFacts<'a> {
        JudgeFacts {
            home_region: region,
            organisation_id: organisation,
        }
    }

    #[test]
    fn overlapping_regions_conflict_either_way() {
        let entry = EntryFacts {
            region_code: "33.74",
            organisation_id: "kota-semarang",
        };
        assert_eq!(
            detect(&judge(Some("33.74"), None), &entry)[0].code(),
            "region"
        );
        assert_eq!(
            detect(&judge(Some("33"), None), &entry)[0].code(),
            "region",
            "a province contains its cities"
        );
        assert_eq!(
            detect(&judge(Some("33.74.01.1001"), None), &entry)[0].code(),
            "region",
            "a village lies inside"
        );
        assert!(
            detect(&judge(Some("33.10"), None), &entry).is_empty(),
            "a neighbouring regency is fine"
        );
        assert!(detect(&judge(None, None), &entry).is_empty());
    }

    #[test]
    fn affiliation_conflicts() {
        let entry = EntryFacts {
            region_code: "31.71",
            organisation_id: "pt-sinar",
        };
        let found = detect(&judge(Some("33"), Some("pt-sinar")), &entry);
        assert_eq!(found, [Detected::Affiliation]);
    }
}
