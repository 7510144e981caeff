//! Pure statistics: proportions, two-arm effects, and the types that carry their results. No I/O.

pub mod absolute;
pub mod dist;
pub mod effect;
pub mod egger;
pub mod pool;
pub mod proportion;

use serde::Serialize;

/// z for a two-sided 95% interval: qnorm(0.975).
pub const Z95: f64 = 1.959_963_984_540_054;

/// A confidence interval (lower, upper).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// An estimate with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Effect {
    pub estimate: f64,
    pub ci: Interval,
}
