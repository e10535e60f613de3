//! Judging over HTTP: thin handlers that parse the request, call the
//! operation and answer. The admins' routes hang under `/editions`, the
//! judges' own under `/judging`.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::judging::scoresheet::Marks;

pub mod admin;
pub mod judges;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveScoresheet {
    pub version: i32,
    /// Marks by criterion key; a draft may be partial.
    #[schema(example = json!({"regulation": {"score": "8", "comment": "Perda lengkap."}, "presentation": {"abstain": true}}))]
    pub scores: Marks,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    pub version: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: String,
}
