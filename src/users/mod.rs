//! Accounts: people who sign in, with their roles and scope.
//!
//! Who may manage which account: `access`. The operations: `accounts`
//! (create, list, read, change) and `roles` (roles, provinces,
//! memberships). Queries: `store`; parsed names, emails and passwords:
//! `domain`. The JSON door: `api`.

pub mod access;
pub mod accounts;
pub mod api;
pub mod domain;
pub mod invitations;
pub mod roles;
pub mod store;

pub use api::configure;
pub use store::UserView;
