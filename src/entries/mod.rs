//! Entries (nominee submissions): indicator values, evidence files, the
//! administrative check, and bulk import from BPJS data.

pub mod access;
pub mod files;
pub mod handlers;
pub mod import;
pub mod status;
pub mod store;
pub mod values;

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    handlers::configure(cfg);
    files::configure(cfg);
    import::configure(cfg);
}
