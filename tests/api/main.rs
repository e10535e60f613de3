//! Black-box tests: each starts the real server on its own fresh database
//! and talks HTTP to it, on SQLite and on PostgreSQL.

mod documented;
mod helpers;

mod audit;
mod auth;
mod browser;
mod contract;
mod demo;
mod editions;
mod entrant_pages;
mod entries;
mod health;
mod import;
mod invitations;
mod judge_pages;
mod judging;
mod mail;
mod office_categories;
mod office_import;
mod office_judging;
mod office_pages;
mod office_people;
mod office_results;
mod office_round;
mod organisations;
mod pages;
mod regions;
mod results;
mod static_files;
mod users;
