//! Domain computations that combine the catalog with the statistics: per-outcome summaries,
//! and condition totals. Results are plain serializable structs; rendering is `report`'s.

pub mod audit;
pub mod bias;
pub mod diff;
pub mod grade;
pub mod outcomes;
pub mod pool;
pub mod rob;
pub mod sof;
pub mod summary;
