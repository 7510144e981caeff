//! Binomial proportions and their 95% confidence intervals (Wilson score, Clopper-Pearson exact).

use super::{Effect, Interval, Z95};
use statrs::distribution::{Beta, ContinuousCDF};

/// Which interval to put around a proportion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CiMethod {
    /// Wilson score interval (the default).
    #[default]
    Wilson,
    /// Clopper-Pearson exact interval.
    Exact,
}

impl CiMethod {
    /// The name used in CSV/JSON and on the command line: `wilson` or `exact`.
    pub fn name(self) -> &'static str {
        match self {
            CiMethod::Wilson => "wilson",
            CiMethod::Exact => "exact",
        }
    }

    /// The name people read: `Wilson` or `Clopper-Pearson`.
    pub fn label(self) -> &'static str {
        match self {
            CiMethod::Wilson => "Wilson",
            CiMethod::Exact => "Clopper-Pearson",
        }
    }
}

/// `events` of `n` (n >= 1, events <= n).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proportion {
    pub events: u32,
    pub n: u32,
}

impl Proportion {
    /// `None` unless 1 <= n and events <= n.
    pub fn new(events: u32, n: u32) -> Option<Proportion> {
        (n >= 1 && events <= n).then_some(Proportion { events, n })
    }

    pub fn rate(&self) -> f64 {
        f64::from(self.events) / f64::from(self.n)
    }

    /// The rate with its 95% interval by `method`.
    pub fn estimate(&self, method: CiMethod) -> Effect {
        let ci = match method {
            CiMethod::Wilson => wilson(*self),
            CiMethod::Exact => clopper_pearson(*self),
        };
        Effect { estimate: self.rate(), ci }
    }
}

/// Wilson score interval without continuity correction.
///
/// Wilson EB (1927), J Am Stat Assoc 22:209-212; equals R `prop.test(x, n, correct = FALSE)$conf.int`.
/// centre = (p + z²/2n) / (1 + z²/n), half-width = z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²).
pub fn wilson(p: Proportion) -> Interval {
    let n = f64::from(p.n);
    let phat = p.rate();
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (phat + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (phat * (1.0 - phat) / n + z2 / (4.0 * n * n)).sqrt();
    // As prop.test: exactly 0 when there are no events and 1 when all are events.
    let low = if p.events == 0 { 0.0 } else { (centre - half).max(0.0) };
    let high = if p.events == p.n { 1.0 } else { (centre + half).min(1.0) };
    Interval { low, high }
}

/// Clopper-Pearson exact interval from Beta quantiles.
///
/// Clopper CJ, Pearson ES (1934), Biometrika 26:404-413; equals R `binom.test(x, n)$conf.int`:
/// lower = qbeta(0.025, x, n-x+1) (0 when x = 0), upper = qbeta(0.975, x+1, n-x) (1 when x = n).
pub fn clopper_pearson(p: Proportion) -> Interval {
    let x = f64::from(p.events);
    let n = f64::from(p.n);
    let low = if p.events == 0 { 0.0 } else { beta_quantile(x, n - x + 1.0, 0.025) };
    let high = if p.events == p.n { 1.0 } else { beta_quantile(x + 1.0, n - x, 0.975) };
    Interval { low, high }
}

/// Quantile of Beta(a, b) at probability `q` (a, b > 0), by statrs' inverse CDF.
fn beta_quantile(a: f64, b: f64, q: f64) -> f64 {
    Beta::new(a, b).map_or(f64::NAN, |d| d.inverse_cdf(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_stay_in_unit_interval() {
        for n in 1..30 {
            for e in 0..=n {
                let p = Proportion::new(e, n).unwrap();
                for ci in [wilson(p), clopper_pearson(p)] {
                    assert!(
                        0.0 <= ci.low && ci.low <= p.rate() && p.rate() <= ci.high && ci.high <= 1.0,
                        "{e}/{n}: {ci:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn rejects_impossible_counts() {
        assert!(Proportion::new(3, 2).is_none());
        assert!(Proportion::new(0, 0).is_none());
    }
}
