//! Paritrana: the scoring and judging system for the Paritrana Award of BPJS
//! Ketenagakerjaan. See README.md for a tour.

pub mod app;
pub mod audit;
pub mod auth;
pub mod bounded;
pub mod categories;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod editions;
pub mod entries;
pub mod error;
pub mod file_store;
pub mod health;
pub mod http;
pub mod i18n;
pub mod input;
pub mod instant;
pub mod judging;
pub mod kept;
pub mod mail;
pub mod messages;
pub mod openapi;
pub mod organisations;
pub mod pagination;
pub mod regions;
pub mod reminders;
pub mod results;
pub mod rubrics;
pub mod scoring;
pub mod spreadsheet;
pub mod state;
pub mod telemetry;
pub mod users;
pub mod web;
