//! Cells and CSV files for downloads that people open in a spreadsheet:
//! text a spreadsheet would run as a formula is defused, and rows become
//! RFC 4180 CSV.

use crate::error::ApiError;

/// The media type of every CSV download.
pub const CSV: &str = "text/csv; charset=utf-8";

/// Keeps a spreadsheet from running text as a formula.
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn csv_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("csv: {e}"))
}

/// The rows, the first being the header, as CSV bytes.
pub fn csv(rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).map_err(csv_error)?;
    }
    writer.into_inner().map_err(csv_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_plain_text_kept() {
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("Kota Semarang"), "Kota Semarang");
    }

    #[test]
    fn commas_and_quotes_are_quoted() {
        let bytes = csv([vec!["a".into(), "b, \"c\"".into()]]).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "a,\"b, \"\"c\"\"\"\n");
    }
}
