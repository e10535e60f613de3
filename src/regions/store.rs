//! Region queries.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{DbConnection, MultiBackend, schema::regions};
use crate::error::ApiError;
use crate::pagination::Paging;
use crate::regions::code::Level;

#[derive(Debug, Clone, Serialize, Queryable, Selectable, ToSchema)]
#[diesel(table_name = regions)]
pub struct Region {
    /// Kemendagri code, e.g. `33.10.17.2006`.
    pub code: String,
    #[schema(value_type = Level)]
    pub level: String,
    pub parent_code: Option<String>,
    pub province_code: String,
    pub name: String,
}

pub fn find(conn: &mut DbConnection, code: &str) -> Result<Option<Region>, ApiError> {
    Ok(regions::table
        .find(code)
        .select(Region::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut DbConnection, codes: &[&str]) -> Result<Vec<Region>, ApiError> {
    Ok(regions::table
        .filter(regions::code.eq_any(codes))
        .select(Region::as_select())
        .order(regions::code)
        .load(conn)?)
}

pub fn is_province(conn: &mut DbConnection, code: &str) -> Result<bool, ApiError> {
    let count: i64 = regions::table
        .filter(regions::code.eq(code))
        .filter(regions::level.eq(Level::Province.as_str()))
        .count()
        .get_result(conn)?;
    Ok(count == 1)
}

pub fn count(conn: &mut DbConnection) -> Result<i64, ApiError> {
    Ok(regions::table.count().get_result(conn)?)
}

#[derive(Debug, Default)]
pub struct RegionQuery {
    pub level: Option<Level>,
    pub parent: Option<String>,
    pub search: Option<String>,
}

fn filtered<'a>(query: &'a RegionQuery) -> regions::BoxedQuery<'a, MultiBackend> {
    let mut boxed = regions::table.into_boxed();
    if let Some(level) = query.level {
        boxed = boxed.filter(regions::level.eq(level.as_str()));
    }
    if let Some(parent) = &query.parent {
        boxed = boxed.filter(regions::parent_code.eq(parent));
    }
    if let Some(search) = &query.search {
        boxed = boxed.filter(
            regions::name_search
                .like(crate::pagination::contains_pattern(search))
                .escape('\\'),
        );
    }
    boxed
}

pub fn list(
    conn: &mut DbConnection,
    query: &RegionQuery,
    paging: Paging,
) -> Result<(Vec<Region>, i64), ApiError> {
    let total = filtered(query).count().get_result(conn)?;
    let items = filtered(query)
        .select(Region::as_select())
        .order(regions::code)
        .limit(paging.per_page)
        .offset(paging.offset())
        .load(conn)?;
    Ok((items, total))
}
