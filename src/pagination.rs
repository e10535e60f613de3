//! Page parameters and paged answers shared by every list endpoint.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, Msg};

pub const DEFAULT_PER_PAGE: i64 = 50;
pub const MAX_PER_PAGE: i64 = 500;
/// Highest page asked for: far past any list's end, and low enough that
/// the offset it makes is a number every database takes.
pub const MAX_PAGE: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, 1 to 1,000,000.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<i64>,
    /// Items per page, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<i64>,
}

/// A page that has been checked: page >= 1, per_page within bounds.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

impl PageParams {
    pub fn parse(self) -> Result<Paging, ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(ApiError::field(
                "page",
                "out_of_range",
                Msg::said("page-out-of-range"),
            ));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::field(
                "per_page",
                "out_of_range",
                Msg::with("page-size-out-of-range", &[("max", MAX_PER_PAGE.into())]),
            ));
        }
        Ok(Paging { page, per_page })
    }
}

/// One page of a list, with the total across all pages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of items across all pages.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, paging: Paging) -> Page<T> {
        Page {
            items,
            total,
            page: paging.page,
            per_page: paging.per_page,
        }
    }
}

/// Turns a user's search text into a LIKE pattern on a lower-cased column,
/// with the LIKE wildcards in the text taken literally.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for ch in text.trim().to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_first_page_of_fifty() {
        let paging = PageParams::default().parse().unwrap();
        assert_eq!((paging.page, paging.per_page, paging.offset()), (1, 50, 0));
    }

    #[test]
    fn out_of_range_values_name_their_field() {
        let err = PageParams {
            page: Some(0),
            per_page: None,
        }
        .parse()
        .unwrap_err();
        assert_eq!(err.problem().errors[0].field, "page");
        let err = PageParams {
            page: None,
            per_page: Some(10_000),
        }
        .parse()
        .unwrap_err();
        assert_eq!(err.problem().errors[0].field, "per_page");
    }

    #[test]
    fn search_text_wildcards_are_literal() {
        assert_eq!(contains_pattern(" Kota_Semarang% "), "%kota\\_semarang\\%%");
    }
}
