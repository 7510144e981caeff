//! The one integration-test binary: every module runs the real `evrev` executable through the
//! harness in `common` (args, stdin, env, expected stdout/stderr/status) or reads the bundled data.

#![allow(dead_code)] // not every module uses every helper of the harness
#![allow(clippy::excessive_precision)] // reference values are pasted from R as printed

mod common;

mod audit;
mod audit_agreement;
mod brief;
mod catalog;
mod catalog_errors;
mod certainty;
mod claims;
mod cli;
mod contract;
mod diff;
mod egger;
mod evidence;
mod growth;
mod malformed;
mod metafor;
mod properties;
mod reference;
mod safety;
mod shell;
mod summary_table;
mod width;
