//! Indonesia's administrative regions: provinces, regencies/cities, districts
//! and villages, with Kemendagri codes (data under ODbL, see
//! assets/data/wilayah/README.md).

pub mod code;
pub mod handlers;
pub mod import;
pub mod store;

pub use code::{Level, RegionCode};
pub use handlers::configure;
