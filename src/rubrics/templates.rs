//! Built-in starting points for the usual categories, drawn from what the
//! award judges (SPEC "What is judged"). Weights are suggestions that the
//! regional office edits. The data live in assets/templates/categories.json.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::categories::form::IndicatorField;
use crate::categories::rules::{Aggregation, Eligibility, TieBreak};
use crate::rubrics::model::Rubric;

const SOURCE: &str = include_str!("../../assets/templates/categories.json");

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub key: String,
    pub name_id: String,
    pub name_en: String,
    pub description_id: String,
    pub description_en: String,
    pub eligibility: Eligibility,
    pub form: Vec<IndicatorField>,
    pub rubric: Rubric,
    pub tie_break: Vec<TieBreak>,
    pub aggregation: Aggregation,
}

/// All templates. The file is part of the binary and checked by tests, so a
/// broken file is a build defect; it then yields no templates rather than a crash.
pub fn all() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| match serde_json::from_str(SOURCE) {
        Ok(templates) => templates,
        Err(error) => {
            tracing::error!(%error, "built-in category templates are unreadable");
            Vec::new()
        }
    })
}

pub fn find(key: &str) -> Option<&'static Template> {
    all().iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_cover_the_common_categories() {
        let keys: Vec<&str> = all().iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "province_government",
                "regency_government",
                "village_government",
                "company_large",
                "company_medium",
                "company_small_micro"
            ]
        );
    }

    #[test]
    fn every_template_rubric_is_valid_for_its_form() {
        for template in all() {
            template
                .rubric
                .validate(&template.form)
                .unwrap_or_else(|e| panic!("{}: {:?}", template.key, e.problem()));
            let stages = template.rubric.stage_keys();
            let criteria: Vec<&str> = template
                .rubric
                .criterion_keys()
                .into_iter()
                .map(|(_, c)| c)
                .collect();
            for rule in &template.tie_break {
                match rule {
                    TieBreak::Stage(key) => {
                        assert!(stages.contains(&key.as_str()), "{}: {key}", template.key)
                    }
                    TieBreak::Criterion(key) => {
                        assert!(criteria.contains(&key.as_str()), "{}: {key}", template.key)
                    }
                }
            }
        }
    }
}
