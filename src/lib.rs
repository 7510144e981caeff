//! evrev: evidence review of clinical trials from a curated CSV catalog.
//!
//! `catalog` is the data contract, `stats` the pure statistics, `analysis` combines them into
//! results, `report` renders them, and `commands` glues one subcommand each.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod error;
pub mod report;
pub mod stats;
pub mod text;
