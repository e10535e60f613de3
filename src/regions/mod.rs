//! Indonesia's administrative regions: provinces, regencies/cities, districts
//! and villages, with Kemendagri codes (data under ODbL, see
//! assets/data/wilayah/README.md).

pub mod api;
pub mod code;
pub mod import;
pub mod lookup;
pub mod store;

pub use api::configure;
pub use code::{Level, RegionCode};
