//! What criterion saved: each benchmark's median and its confidence interval, read from
//! `<group>/<strategy>/<parameter>/new/{benchmark,estimates}.json`.

use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use super::ChartError;

/// One statistic of a benchmark, per iteration: its point estimate and the bounds of its
/// confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The point estimate.
    pub point: Duration,
    /// Lower bound of the confidence interval.
    pub lower: Duration,
    /// Upper bound of the confidence interval.
    pub upper: Duration,
    /// The interval's confidence level (0.95 by default).
    pub confidence: f64,
}

#[derive(Deserialize)]
struct EstimatesJson {
    median: StatJson,
}

#[derive(Deserialize)]
struct StatJson {
    point_estimate: f64,
    confidence_interval: IntervalJson,
}

#[derive(Deserialize)]
struct IntervalJson {
    confidence_level: f64,
    lower_bound: f64,
    upper_bound: f64,
}

/// The median of a criterion `estimates.json` (times in nanoseconds): the statistic the
/// README's tables quote. `Err` says what is wrong, for a message.
pub fn parse_estimates(json: &str) -> Result<Estimate, String> {
    let estimates: EstimatesJson = serde_json::from_str(json).map_err(|err| err.to_string())?;
    let median = estimates.median;
    let time = |ns: f64, what: &str| {
        Duration::try_from_secs_f64(ns / 1e9).map_err(|_| format!("the median's {what} is {ns}"))
    };
    let estimate = Estimate {
        point: time(median.point_estimate, "point estimate")?,
        lower: time(median.confidence_interval.lower_bound, "lower bound")?,
        upper: time(median.confidence_interval.upper_bound, "upper bound")?,
        confidence: median.confidence_interval.confidence_level,
    };
    if estimate.lower > estimate.point || estimate.point > estimate.upper {
        return Err("the median lies outside its confidence interval".to_string());
    }
    Ok(estimate)
}

#[derive(Deserialize)]
struct BenchmarkJson {
    group_id: String,
    function_id: Option<String>,
    value_str: Option<String>,
}

/// One benchmark's saved result.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The strategy: criterion's function id (`threads`).
    pub strategy: String,
    /// The parameter: criterion's value (`10ms`, `100`).
    pub parameter: String,
    /// The median time per iteration.
    pub estimate: Estimate,
    /// When it was measured (the estimates file's modification time).
    pub measured: SystemTime,
}

/// Every saved result of `group` under `criterion` (criterion's folder, as
/// `target/criterion`), in no particular order.
pub fn read_group(criterion: &Path, group: &str) -> Result<Vec<Saved>, ChartError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ChartError::Io { path, source }
    };
    let group_dir = criterion.join(group);
    let mut saved = Vec::new();
    let entries = match std::fs::read_dir(&group_dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(ChartError::NoResults {
                group: group.to_string(),
                dir: criterion.to_path_buf(),
            });
        }
        Err(err) => return Err(io(&group_dir)(err)),
    };
    for function in entries {
        let function = function.map_err(io(&group_dir))?.path();
        if !function.is_dir() {
            continue;
        }
        for value in std::fs::read_dir(&function).map_err(io(&function))? {
            let new = value.map_err(io(&function))?.path().join("new");
            let (benchmark, estimates) = (new.join("benchmark.json"), new.join("estimates.json"));
            if !benchmark.is_file() {
                continue; // criterion's `report` folders, and anything else
            }
            let ids: BenchmarkJson =
                serde_json::from_str(&std::fs::read_to_string(&benchmark).map_err(io(&benchmark))?)
                    .map_err(|err| ChartError::Format {
                        path: benchmark.clone(),
                        what: "benchmark.json",
                        reason: err.to_string(),
                    })?;
            let (Some(strategy), Some(parameter)) = (ids.function_id, ids.value_str) else {
                continue; // not a `BenchmarkId::new(strategy, parameter)`: not ours
            };
            if ids.group_id != group {
                continue;
            }
            let json = std::fs::read_to_string(&estimates).map_err(io(&estimates))?;
            let estimate = parse_estimates(&json).map_err(|reason| ChartError::Format {
                path: estimates.clone(),
                what: "estimates.json",
                reason,
            })?;
            let measured = std::fs::metadata(&estimates)
                .and_then(|m| m.modified())
                .map_err(io(&estimates))?;
            saved.push(Saved {
                strategy,
                parameter,
                estimate,
                measured,
            });
        }
    }
    if saved.is_empty() {
        return Err(ChartError::NoResults {
            group: group.to_string(),
            dir: criterion.to_path_buf(),
        });
    }
    Ok(saved)
}

/// The moments the results were measured, as one line: `2026-11-30 15:41 UTC`, or a span.
pub fn measured_when(saved: &[Saved]) -> String {
    let first = saved.iter().map(|s| s.measured).min();
    let last = saved.iter().map(|s| s.measured).max();
    match (first, last) {
        (Some(first), Some(last)) => {
            let (first, last) = (
                flags_race::picture::utc_date(first),
                flags_race::picture::utc_date(last),
            );
            match (first.split_once(' '), last.split_once(' ')) {
                _ if first == last => first,
                // `2026-11-30 16:21 to 16:23 UTC`
                (Some((day, _)), Some((last_day, last_time))) if day == last_day => {
                    format!("{} to {last_time}", first.trim_end_matches(" UTC"))
                }
                _ => format!("{first} to {last}"),
            }
        }
        _ => "an unknown date".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::fixtures::{ESTIMATES, save, saved};

    #[test]
    fn the_median_and_its_interval_are_read_in_nanoseconds() {
        let e = parse_estimates(ESTIMATES).unwrap();
        assert_eq!(e.point, Duration::from_micros(53_600));
        assert_eq!(e.lower, Duration::from_micros(53_500));
        assert_eq!(e.upper, Duration::from_micros(53_900));
        assert_eq!(e.confidence, 0.95);
    }

    #[test]
    fn a_file_that_is_not_criterion_s_is_refused_with_a_reason() {
        assert!(parse_estimates("").is_err());
        assert!(
            parse_estimates(r#"{"mean": {}}"#)
                .unwrap_err()
                .contains("median")
        );
        let negative = ESTIMATES.replace("53600000.0", "-1.0");
        assert!(
            parse_estimates(&negative)
                .unwrap_err()
                .contains("point estimate")
        );
        let outside = ESTIMATES.replace("53600000.0", "60000000.0");
        assert!(parse_estimates(&outside).unwrap_err().contains("outside"));
    }

    #[test]
    fn the_measurement_date_is_a_moment_or_a_span() {
        let at = |secs| Saved {
            measured: SystemTime::UNIX_EPOCH + Duration::from_secs(secs),
            ..saved("tokio", "10ms", 13)
        };
        // 2026-11-30 15:41 UTC, two minutes later, and the next day.
        let (t, later, next_day) = (1_796_053_260, 1_796_053_380, 1_796_139_660);
        assert_eq!(measured_when(&[at(t), at(t)]), "2026-11-30 15:41 UTC");
        assert_eq!(
            measured_when(&[at(later), at(t)]),
            "2026-11-30 15:41 to 15:43 UTC"
        );
        assert_eq!(
            measured_when(&[at(t), at(next_day)]),
            "2026-11-30 15:41 UTC to 2026-12-01 15:41 UTC"
        );
        assert_eq!(measured_when(&[]), "an unknown date");
    }

    #[test]
    fn missing_or_broken_results_are_errors_that_say_where() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_group(dir.path(), "scale").unwrap_err();
        assert!(matches!(err, ChartError::NoResults { .. }), "{err}");
        assert!(err.to_string().contains("cargo bench"));
        save(dir.path(), "scale", "tokio", "10", "{not json");
        let err = read_group(dir.path(), "scale").unwrap_err().to_string();
        assert!(err.contains("estimates.json"), "{err}");
    }
}
