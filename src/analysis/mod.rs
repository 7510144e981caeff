//! Domain computations that combine the catalog with the statistics: per-outcome summaries,
//! condition totals and trial rows. Results are plain serializable structs; rendering is `report`'s.

pub mod audit;
pub mod diff;
pub mod outcomes;
pub mod pool;
pub mod summary;
pub mod trials;
