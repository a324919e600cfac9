//! Where each saved result goes in its chart, and its ideal: the same sizes, delays and
//! formulas the benches run with.

use std::time::Duration;

use flags_race::STRATEGIES;

use super::{ChartError, Estimate, Saved};
use crate::{
    POP20_DELAYS, PRIMES_STRATEGIES, SCALE_DELAY, SCALE_LEVELS, cores, cpu_ideal, delay_parameter,
    download_ideal, pop20_codes, scale_codes,
};

/// What a benchmark's time is measured against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ideal {
    /// A known limit: `ceil(N/m) * delay` for the downloads.
    Limit(Duration),
    /// The CPU work shared evenly by `workers` cores: the group's sequential time / workers.
    ShareOfSequential {
        /// Workers of the pool.
        workers: usize,
    },
    /// The baseline the others are measured against (sequential CPU work).
    Baseline,
}

/// Where a saved benchmark goes in its group's chart, and its ideal: `None` for a result
/// the benches no longer produce (an old parameter, a renamed strategy).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The heading of its panel: the bars that share a scale.
    pub panel: String,
    /// Sort key: panel first, then strategy.
    pub order: (usize, usize),
    /// What it is measured against.
    pub ideal: Ideal,
}

/// The plan of benchmark `strategy`/`parameter` of `group`: the same sizes and delays the
/// benches run, the same ideal.
pub fn plan(group: &str, strategy: &str, parameter: &str) -> Option<Plan> {
    let download = || {
        STRATEGIES
            .iter()
            .position(|s| s.name == strategy)
            .map(|i| (i, &STRATEGIES[i]))
    };
    match group {
        "pop20" => {
            let (s, strategy) = download()?;
            let d = POP20_DELAYS
                .iter()
                .position(|&d| delay_parameter(d) == parameter)?;
            let delay = POP20_DELAYS[d];
            let n = pop20_codes().len();
            Some(Plan {
                panel: format!(
                    "server delay {} ms: {n} requests, {n} in flight (sequential: 1)",
                    delay.as_millis()
                ),
                order: (d, s),
                ideal: Ideal::Limit(download_ideal(strategy, n, n, delay)),
            })
        }
        "scale" => {
            let (s, strategy) = download()?;
            let m: usize = parameter.parse().ok()?;
            let n = scale_codes(false).len();
            // Sequential runs at 1 only; its panel comes first.
            let panel = if strategy.sequential {
                (m == 1).then_some(0)?
            } else {
                1 + SCALE_LEVELS.iter().position(|&level| level == m)?
            };
            let in_flight = if strategy.sequential {
                "1 in flight (sequential)".to_string()
            } else {
                format!("{m} in flight")
            };
            Some(Plan {
                panel: format!(
                    "{n} requests (AA to ZZ) at {} ms, {in_flight}",
                    SCALE_DELAY.as_millis()
                ),
                order: (panel, s),
                ideal: Ideal::Limit(download_ideal(strategy, n, m, SCALE_DELAY)),
            })
        }
        "primes" => {
            let s = PRIMES_STRATEGIES
                .iter()
                .position(|&name| name == strategy)?;
            let workers: usize = parameter.parse().ok()?;
            // Sequential on 1, the pools on one worker per core, as the bench runs them.
            let ideal = match s {
                0 => (workers == 1).then_some(Ideal::Baseline)?,
                _ => (workers == cores()).then_some(Ideal::ShareOfSequential { workers })?,
            };
            Some(Plan {
                panel: format!(
                    "the book's {} numbers, sequential, and one worker per core",
                    crate::PRIME_FIXTURE.len()
                ),
                order: (0, s),
                ideal,
            })
        }
        _ => None,
    }
}

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Strategy name.
    pub strategy: String,
    /// The benchmark's parameter.
    pub parameter: String,
    /// Its panel's heading.
    pub panel: String,
    /// Its median and confidence interval.
    pub estimate: Estimate,
    /// Its ideal, when it has one (sequential CPU work is the baseline).
    pub ideal: Option<Duration>,
}

/// The bars of `group`, in the order the benches run, each with its ideal; and the saved
/// results left out (`strategy/parameter`), which the benches no longer produce.
pub fn bars(group: &str, saved: &[Saved]) -> (Vec<Bar>, Vec<String>) {
    let mut planned = Vec::new();
    let mut left_out = Vec::new();
    for result in saved {
        match plan(group, &result.strategy, &result.parameter) {
            Some(plan) => planned.push((plan, result)),
            None => left_out.push(format!("{}/{}", result.strategy, result.parameter)),
        }
    }
    planned.sort_by_key(|(plan, _)| plan.order);
    // The CPU ideal is a share of the measured sequential time.
    let sequential = planned
        .iter()
        .find(|(plan, _)| plan.ideal == Ideal::Baseline)
        .map(|(_, result)| result.estimate.point);
    let bars = planned
        .into_iter()
        .map(|(plan, result)| Bar {
            strategy: result.strategy.clone(),
            parameter: result.parameter.clone(),
            panel: plan.panel,
            estimate: result.estimate,
            ideal: match plan.ideal {
                Ideal::Limit(limit) => Some(limit),
                Ideal::ShareOfSequential { workers } => {
                    sequential.map(|one| cpu_ideal(one, workers))
                }
                Ideal::Baseline => None,
            },
        })
        .collect();
    left_out.sort();
    (bars, left_out)
}

/// The chart's title for `group`.
pub fn title(group: &str) -> Result<&'static str, ChartError> {
    match group {
        "pop20" => Ok("pop20: the book's 20 flags, each strategy at three server delays"),
        "scale" => Ok("scale: all 676 codes at a 2 ms delay, more and more in flight"),
        "primes" => Ok("primes: CPU work, one thread against a pool (no GIL)"),
        other => Err(ChartError::UnknownGroup(other.to_string())),
    }
}

/// A duration as the README writes it: `850 µs`, `53.6 ms`, `1.012 s`.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if d.is_zero() {
        "0".to_string()
    } else if secs < 1e-3 {
        format!("{:.0} µs", secs * 1e6)
    } else if secs < 1.0 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{secs:.3} s")
    }
}

/// What a bar says at its end: the time, and how it compares with the ideal.
pub fn bar_label(bar: &Bar) -> String {
    let time = human(bar.estimate.point);
    match bar.ideal {
        Some(ideal) if ideal.is_zero() => format!("{time} (ideal 0: all overhead)"),
        Some(ideal) => format!(
            "{time}: {:.2}x the ideal {}",
            bar.estimate.point.as_secs_f64() / ideal.as_secs_f64(),
            human(ideal)
        ),
        None => format!("{time} (the baseline)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::fixtures::saved;

    #[test]
    fn download_ideals_come_from_the_benches_sizes() {
        let ideal = |group, strategy, parameter| plan(group, strategy, parameter).map(|p| p.ideal);
        let ms = |ms| Some(Ideal::Limit(Duration::from_millis(ms)));
        // pop20: 20 requests, all in flight, or one at a time.
        assert_eq!(ideal("pop20", "tokio", "50ms"), ms(50));
        assert_eq!(ideal("pop20", "sequential", "10ms"), ms(200));
        assert_eq!(ideal("pop20", "threads", "0ms"), ms(0));
        // scale: 676 requests at 2 ms, m in flight.
        assert_eq!(ideal("scale", "sequential", "1"), ms(1352));
        assert_eq!(ideal("scale", "threads", "10"), ms(136));
        assert_eq!(ideal("scale", "rayon", "100"), ms(14));
        assert_eq!(ideal("scale", "tokio", "676"), ms(2));
        // What the benches no longer run has no plan.
        assert_eq!(ideal("pop20", "tokio", "20ms"), None);
        assert_eq!(ideal("pop20", "greenlets", "10ms"), None);
        assert_eq!(ideal("scale", "threads", "50"), None);
        assert_eq!(ideal("scale", "sequential", "10"), None);
        assert_eq!(ideal("nope", "tokio", "1"), None);
    }

    #[test]
    fn bars_follow_the_benches_order_and_drop_what_they_no_longer_run() {
        let results = [
            saved("tokio", "10ms", 13),
            saved("sequential", "50ms", 1012),
            saved("sequential", "10ms", 210),
            saved("tokio", "1ms", 3),
        ];
        let (drawn, left_out) = bars("pop20", &results);
        let order: Vec<(&str, &str)> = drawn
            .iter()
            .map(|b| (b.strategy.as_str(), b.parameter.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("sequential", "10ms"),
                ("tokio", "10ms"),
                ("sequential", "50ms")
            ]
        );
        assert_eq!(left_out, ["tokio/1ms"]);
        assert_eq!(drawn[0].panel, drawn[1].panel);
        assert_ne!(drawn[1].panel, drawn[2].panel);
        assert_eq!(drawn[1].ideal, Some(Duration::from_millis(10)));
    }

    #[test]
    fn the_cpu_ideal_is_the_measured_sequential_time_shared_by_the_workers() {
        let cores = cores().to_string();
        let other_machine = (crate::cores() + 6).to_string();
        let results = [
            saved("threads", &cores, 540),
            saved("sequential", "1", 980),
            saved("rayon", &cores, 500),
            saved("rayon", &other_machine, 300),
        ];
        let (drawn, left_out) = bars("primes", &results);
        assert_eq!(left_out, [format!("rayon/{other_machine}")]);
        let ideals: Vec<_> = drawn
            .iter()
            .map(|b| (b.strategy.as_str(), b.ideal))
            .collect();
        let share = Some(cpu_ideal(Duration::from_millis(980), crate::cores()));
        assert_eq!(
            ideals,
            [("sequential", None), ("threads", share), ("rayon", share)]
        );
        // Without the sequential run there is nothing to share.
        let (alone, _) = bars("primes", &[saved("threads", &cores, 540)]);
        assert_eq!(alone[0].ideal, None);
    }

    #[test]
    fn labels_say_the_time_and_the_ratio_to_the_ideal() {
        let (drawn, _) = bars(
            "pop20",
            &[saved("threads", "50ms", 54), saved("threads", "0ms", 3)],
        );
        assert_eq!(bar_label(&drawn[0]), "3.0 ms (ideal 0: all overhead)");
        assert_eq!(bar_label(&drawn[1]), "54.0 ms: 1.08x the ideal 50.0 ms");
        assert_eq!(human(Duration::from_micros(850)), "850 µs");
        assert_eq!(human(Duration::from_millis(1012)), "1.012 s");
    }

    #[test]
    fn an_unknown_group_has_no_title() {
        assert!(matches!(title("nope"), Err(ChartError::UnknownGroup(g)) if g == "nope"));
    }
}
