//! What a category decides besides its form and rubric: who may enter, how
//! judges' scores combine, and how ties are broken.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Arg, FieldErrors, Msg};
use crate::organisations::domain::{OrganisationKind, Sector, SizeClass};
use crate::regions::RegionCode;
use crate::rubrics::model::Rubric;

/// Who may enter. Empty lists other than `kinds` mean "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    pub kinds: Vec<OrganisationKind>,
    /// Companies only.
    #[serde(default)]
    pub size_classes: Vec<SizeClass>,
    /// Companies only.
    #[serde(default)]
    pub sectors: Vec<Sector>,
    /// Region codes the entrant must lie in (inside the edition's scope).
    #[serde(default)]
    pub regions: Vec<String>,
}

/// The facts about an organisation that eligibility looks at.
pub struct Applicant<'a> {
    pub kind: OrganisationKind,
    pub size_class: Option<SizeClass>,
    pub sector: Option<Sector>,
    pub region_code: &'a str,
}

impl Eligibility {
    /// Ok, or the first rule the applicant fails, said for the entrant.
    pub fn admits(&self, applicant: &Applicant<'_>) -> Result<(), Msg> {
        if !self.kinds.contains(&applicant.kind) {
            return Err(Msg::with(
                "eligibility-kind",
                &[("kind", applicant.kind.as_str().into())],
            ));
        }
        if !self.size_classes.is_empty()
            && !applicant
                .size_class
                .is_some_and(|s| self.size_classes.contains(&s))
        {
            return Err(Msg::said("eligibility-size-class"));
        }
        if !self.sectors.is_empty() && !applicant.sector.is_some_and(|s| self.sectors.contains(&s))
        {
            return Err(Msg::said("eligibility-sector"));
        }
        if !self.regions.is_empty() {
            let inside = RegionCode::parse(applicant.region_code).is_some_and(|own| {
                self.regions
                    .iter()
                    .filter_map(|r| RegionCode::parse(r))
                    .any(|allowed| allowed.contains(&own))
            });
            if !inside {
                return Err(Msg::said("eligibility-region"));
            }
        }
        Ok(())
    }
}

/// How the scores of several judges on one criterion become one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Mean,
    Median,
    /// Drops the highest and lowest score when at least five judges scored.
    TrimmedMean,
    /// Standardises each judge's scores before averaging.
    ZScore,
}

impl Aggregation {
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::Mean => "mean",
            Aggregation::Median => "median",
            Aggregation::TrimmedMean => "trimmed_mean",
            Aggregation::ZScore => "z_score",
        }
    }

    pub fn parse(value: &str) -> Option<Aggregation> {
        [
            Aggregation::Mean,
            Aggregation::Median,
            Aggregation::TrimmedMean,
            Aggregation::ZScore,
        ]
        .into_iter()
        .find(|a| a.as_str() == value)
    }
}

/// One step of the tie-break order: compare a stage's score, or a criterion's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TieBreak {
    Stage(String),
    Criterion(String),
}

/// Spread between judges above which an entry is flagged, in points of 100.
pub fn default_disagreement_threshold() -> Decimal {
    Decimal::from(20)
}

/// Every tie-break rule must name a stage or criterion of the rubric.
pub fn check_tie_break(rules: &[TieBreak], rubric: &Rubric, path: &str, errors: &mut FieldErrors) {
    let stages = rubric.stage_keys();
    let criteria: Vec<&str> = rubric
        .criterion_keys()
        .into_iter()
        .map(|(_, key)| key)
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        let (known, key) = match rule {
            TieBreak::Stage(key) => (stages.contains(&key.as_str()), key),
            TieBreak::Criterion(key) => (criteria.contains(&key.as_str()), key),
        };
        if !known {
            errors.push(
                format!("{path}[{i}]"),
                "unknown_key",
                Msg::with("tie-break-not-in-rubric", &[("key", Arg::quoted(key))]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(size: SizeClass, region: &str) -> Applicant<'_> {
        Applicant {
            kind: OrganisationKind::Company,
            size_class: Some(size),
            sector: Some(Sector::Trade),
            region_code: region,
        }
    }

    #[test]
    fn eligibility_names_the_rule_that_fails() {
        let rules = Eligibility {
            kinds: vec![OrganisationKind::Company],
            size_classes: vec![SizeClass::Small, SizeClass::Micro],
            sectors: vec![],
            regions: vec!["33.74".into()],
        };
        assert!(rules.admits(&company(SizeClass::Micro, "33.74.01")).is_ok());
        assert!(
            rules
                .admits(&company(SizeClass::Large, "33.74.01"))
                .unwrap_err()
                .en
                .contains("size class")
        );
        assert!(
            rules
                .admits(&company(SizeClass::Small, "33.10"))
                .unwrap_err()
                .en
                .contains("regions")
        );
        let village = Applicant {
            kind: OrganisationKind::VillageGovernment,
            size_class: None,
            sector: None,
            region_code: "33.74.01.1001",
        };
        assert!(rules.admits(&village).unwrap_err().en.contains("kind"));
    }
}
