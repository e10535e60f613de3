//! The header of an import file: which columns name the organisation and
//! which carry indicator values, checked against the category before any row
//! is read.

use csv::StringRecord;

use crate::categories::form::FieldType;
use crate::categories::store::Category;
use crate::error::Msg;
use crate::organisations::domain::OrganisationKind;

use super::ImportReport;

/// Columns that name the organisation; every other column is an indicator.
const IDENTITY: [&str; 6] = [
    "kind",
    "employer_number",
    "name",
    "region_code",
    "size_class",
    "sector",
];

/// The file's columns, as the rows are read by them.
pub(super) struct Columns {
    pub(super) headers: StringRecord,
    /// Position and key of each indicator column.
    pub(super) indicators: Vec<(usize, String)>,
    /// Where the kind of organisation is, if the file says it.
    pub(super) kind_at: Option<usize>,
    /// The one kind the category admits, if only one.
    pub(super) single_kind: Option<OrganisationKind>,
}

impl Columns {
    /// Reads the header; every column the category cannot take, and every
    /// column it needs that is missing, goes into `report` as a problem on
    /// line 1.
    pub(super) fn check(
        headers: StringRecord,
        category: &Category,
        report: &mut ImportReport,
    ) -> Columns {
        let indicators: Vec<(usize, String)> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| !IDENTITY.contains(h))
            .map(|(i, h)| (i, h.to_owned()))
            .collect();
        for (_, column) in &indicators {
            match category.form.iter().find(|f| &f.key == column) {
                None => report.problem(1, Some(column), Msg::said("import-column-not-indicator")),
                Some(field) if field.field_type == FieldType::Document => {
                    report.problem(1, Some(column), Msg::said("import-column-document"))
                }
                Some(_) => {}
            }
        }
        let single_kind =
            (category.eligibility.kinds.len() == 1).then(|| category.eligibility.kinds[0]);
        let columns = Columns {
            kind_at: headers.iter().position(|h| h == "kind"),
            headers,
            indicators,
            single_kind,
        };
        if columns.kind_at.is_none() && single_kind.is_none() {
            report.problem(1, Some("kind"), Msg::said("import-kind-column-required"));
        }
        let companies = category
            .eligibility
            .kinds
            .contains(&OrganisationKind::Company);
        let governments = category
            .eligibility
            .kinds
            .iter()
            .any(|k| *k != OrganisationKind::Company);
        if companies && columns.position("employer_number").is_none() {
            report.problem(
                1,
                Some("employer_number"),
                Msg::said("import-employer-number-column-required"),
            );
        }
        if governments && columns.position("region_code").is_none() {
            report.problem(
                1,
                Some("region_code"),
                Msg::said("import-region-code-column-required"),
            );
        }
        columns
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The row's cell in the named column; empty when the file has no such
    /// column.
    pub(super) fn cell(&self, record: &StringRecord, name: &str) -> String {
        self.position(name)
            .and_then(|i| record.get(i))
            .unwrap_or_default()
            .to_owned()
    }
}
