//! Checking each row of the file and turning each good one into a plan:
//! find the organisation (by employer number for companies, by region for
//! governments) or describe the one to create, check its eligibility and its
//! values, and merge the values into its entry if it has one.

use std::collections::HashSet;

use indicatif::ProgressBar;

use crate::categories::rules::Applicant;
use crate::categories::store::Category;
use crate::db::now;
use crate::entries::values::{Values, parse_values};
use crate::error::{ApiError, Arg, FieldErrors, Msg};
use crate::organisations::domain::{EmployerNumber, OrganisationKind, Sector, SizeClass};
use crate::regions::RegionCode;

use super::columns::Columns;
use super::store::{Existing, KnownOrganisation, NewOrganisation};
use super::{ImportReport, choice};

/// What one good row will do.
pub(super) enum Plan {
    Create {
        organisation: Option<Box<NewOrganisation>>,
        organisation_id: String,
        region_code: String,
        province_code: String,
        /// The checked values, already serialised (far smaller than the map).
        values_json: String,
    },
    Update {
        entry_id: String,
        version: i32,
        values_json: String,
    },
}

/// Reads every row after the header: each problem goes into `report` by line
/// and column, each good row becomes a plan. Organisations described by an
/// earlier row are found by the later ones.
pub(super) fn plan(
    reader: &mut csv::Reader<&[u8]>,
    columns: &Columns,
    category: &Category,
    existing: &mut Existing,
    report: &mut ImportReport,
    progress: &ProgressBar,
) -> Vec<Plan> {
    let mut plans = Vec::new();
    let mut seen = HashSet::new();
    let at = now();
    for record in reader.records() {
        progress.inc(1);
        report.rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                report.problem(
                    line,
                    None,
                    Msg::with("import-row-unreadable", &[("cause", error.into())]),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if let Some(column) = columns
            .headers
            .iter()
            .zip(record.iter())
            .find_map(|(header, cell)| crate::input::has_forbidden(cell).then_some(header))
        {
            report.problem(
                line,
                Some(column),
                Msg::said("import-cell-control-character"),
            );
            continue;
        }
        let kind = match columns.kind_at {
            Some(i) => match choice::<OrganisationKind>(record.get(i).unwrap_or_default()) {
                Some(kind) => kind,
                None => {
                    report.problem(line, Some("kind"), Msg::said("import-kind-unknown"));
                    continue;
                }
            },
            None => columns.single_kind.unwrap_or(OrganisationKind::Company),
        };
        // Find or describe the organisation.
        let mut new_organisation = None;
        let organisation = if kind == OrganisationKind::Company {
            let number = match EmployerNumber::parse(
                "employer_number",
                &columns.cell(&record, "employer_number"),
            ) {
                Ok(number) => number.into_string(),
                Err(error) => {
                    report.problem(
                        line,
                        Some("employer_number"),
                        Msg::new(error.message, error.message_en),
                    );
                    continue;
                }
            };
            match existing.by_number.get(&number) {
                Some(known) => known.clone(),
                None => {
                    let name = columns.cell(&record, "name");
                    let region = columns.cell(&record, "region_code");
                    let size = choice::<SizeClass>(&columns.cell(&record, "size_class"));
                    let sector = choice::<Sector>(&columns.cell(&record, "sector"));
                    let mut missing = Vec::new();
                    if name.chars().count() < 2 {
                        missing.push("name");
                    }
                    if size.is_none() {
                        missing.push("size_class");
                    }
                    if sector.is_none() {
                        missing.push("sector");
                    }
                    let Some((_, province)) = existing.regions.get(&region) else {
                        report.problem(line, Some("region_code"), outside(&region));
                        continue;
                    };
                    if !missing.is_empty() {
                        report.problem(
                            line,
                            Some(missing[0]),
                            Msg::with(
                                "import-company-columns-missing",
                                &[
                                    ("number", (&number).into()),
                                    ("columns", missing.join(", ").into()),
                                ],
                            ),
                        );
                        continue;
                    }
                    let id = crate::users::store::new_id();
                    let known = KnownOrganisation {
                        id: id.clone(),
                        kind,
                        region_code: region.clone(),
                        province_code: province.clone(),
                        size_class: size,
                        sector,
                    };
                    new_organisation = Some(Box::new(NewOrganisation {
                        id,
                        kind: kind.as_str().into(),
                        name_search: name.to_lowercase(),
                        name,
                        region_code: region,
                        province_code: province.clone(),
                        employer_number: Some(number.clone()),
                        size_class: size.map(|s| s.as_str().into()),
                        sector: sector.map(|s| s.as_str().into()),
                        created_at: at,
                        updated_at: at,
                        version: 1,
                    }));
                    existing.by_number.insert(number, known.clone());
                    known
                }
            }
        } else {
            let region = columns.cell(&record, "region_code");
            match existing.by_region.get(&(kind, region.clone())) {
                Some(known) => known.clone(),
                None => {
                    let level_ok = RegionCode::parse(&region)
                        .is_some_and(|code| Some(code.level()) == kind.governs());
                    let Some((region_name, province)) =
                        existing.regions.get(&region).filter(|_| level_ok)
                    else {
                        report.problem(line, Some("region_code"), outside(&region));
                        continue;
                    };
                    let id = crate::users::store::new_id();
                    let name = kind.government_name(&region, region_name);
                    let known = KnownOrganisation {
                        id: id.clone(),
                        kind,
                        region_code: region.clone(),
                        province_code: province.clone(),
                        size_class: None,
                        sector: None,
                    };
                    new_organisation = Some(Box::new(NewOrganisation {
                        id,
                        kind: kind.as_str().into(),
                        name_search: name.to_lowercase(),
                        name,
                        region_code: region.clone(),
                        province_code: province.clone(),
                        employer_number: None,
                        size_class: None,
                        sector: None,
                        created_at: at,
                        updated_at: at,
                        version: 1,
                    }));
                    existing.by_region.insert((kind, region), known.clone());
                    known
                }
            }
        };
        if !seen.insert(organisation.id.clone()) {
            report.problem(line, None, Msg::said("import-organisation-repeated"));
            continue;
        }
        let applicant = Applicant {
            kind: organisation.kind,
            size_class: organisation.size_class,
            sector: organisation.sector,
            region_code: &organisation.region_code,
        };
        if let Err(msg) = category.eligibility.admits(&applicant) {
            report.problem(line, None, msg);
            continue;
        }
        let mut raw = serde_json::Map::new();
        for (i, column) in &columns.indicators {
            if let Some(value) = record.get(*i).filter(|v| !v.is_empty()) {
                raw.insert(column.clone(), serde_json::Value::String(value.to_owned()));
            }
        }
        let mut errors = FieldErrors::new();
        let values = parse_values(&category.form, &raw, "", &mut errors);
        if let Err(ApiError::Validation(problems)) = errors.into_result() {
            for problem in problems {
                let column = problem.field.trim_start_matches('.').to_owned();
                report.problem(
                    line,
                    Some(&column),
                    Msg::new(problem.message, problem.message_en),
                );
            }
            continue;
        }
        plans.push(match existing.entries.get(&organisation.id) {
            Some((entry_id, version, old)) => {
                let mut merged: Values = serde_json::from_str(old).unwrap_or_default();
                merged.extend(values);
                Plan::Update {
                    entry_id: entry_id.clone(),
                    version: *version,
                    values_json: crate::entries::store::json(&merged),
                }
            }
            None => Plan::Create {
                organisation: new_organisation,
                organisation_id: organisation.id.clone(),
                region_code: organisation.region_code.clone(),
                province_code: organisation.province_code.clone(),
                values_json: crate::entries::store::json(&values),
            },
        });
    }
    plans
}

fn outside(region: &str) -> Msg {
    Msg::with(
        "import-region-code-unknown",
        &[("region", Arg::quoted(region))],
    )
}
