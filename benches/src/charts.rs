//! The benches' results as pictures: criterion's saved estimates
//! (`target/criterion/<group>/<strategy>/<parameter>/new/estimates.json`) drawn as one SVG
//! per group, each strategy's median time as a bar with its confidence interval, next to
//! the ideal of that very benchmark. `src/bin/bench_charts.rs` is the command.
//!
//! The ideal comes from the constants the benches run with ([`POP20_DELAYS`],
//! [`SCALE_LEVELS`], ...) and from the race's own `ideal`, never from numbers typed here.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use flags_race::STRATEGIES;
use flags_race::picture::{caption_height, draw_caption, write_picture};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Deserialize;

use crate::{
    POP20_DELAYS, PRIMES_STRATEGIES, SCALE_DELAY, SCALE_LEVELS, cores, cpu_ideal, delay_parameter,
    download_ideal, pop20_codes, scale_codes,
};

/// The bench groups, in the order of the README.
pub const GROUPS: [&str; 3] = ["pop20", "scale", "primes"];

/// What went wrong while reading saved results or drawing them.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not what criterion writes.
    #[error("{path}: not a criterion {what}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// `estimates.json` or `benchmark.json`.
        what: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The group has no saved result at all.
    #[error(
        "no saved results for group `{group}` under {dir} (run `cargo bench -p benches` first)"
    )]
    NoResults {
        /// The group.
        group: String,
        /// Where they were looked for.
        dir: PathBuf,
    },
    /// Not one of [`GROUPS`].
    #[error("unknown group `{0}` (expected one of pop20, scale, primes)")]
    UnknownGroup(String),
    /// plotters failed.
    #[error("cannot draw {path}: {reason}")]
    Draw {
        /// The picture.
        path: PathBuf,
        /// plotters' message.
        reason: String,
    },
}

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

/// The colour of a strategy, the same in every chart.
fn color(strategy: &str) -> RGBColor {
    match strategy {
        "sequential" => RGBColor(127, 127, 127),
        "threads" => RGBColor(31, 119, 180),
        "rayon" => RGBColor(255, 127, 14),
        "tokio" => RGBColor(44, 160, 44),
        _ => RGBColor(148, 103, 189),
    }
}

/// The colour of the ideal's mark.
const IDEAL: RGBColor = RGBColor(200, 0, 110);

const WIDTH: u32 = 1000;
const TITLE_HEIGHT: u32 = 40;
const LEGEND_HEIGHT: u32 = 30;

/// Height of a panel of `bars` bars.
fn panel_height(bars: usize) -> u32 {
    96 + 34 * u32::try_from(bars).unwrap_or(100).min(100)
}

/// Draws `bars` (from [`bars`]) to `path` as SVG: one panel per heading, each with its
/// own scale, `title` above and `caption` below. The file is written whole or not at all.
pub fn draw(title: &str, bars: &[Bar], caption: &[String], path: &Path) -> Result<(), ChartError> {
    let panels = panels(bars);
    let height = TITLE_HEIGHT
        + panels.iter().map(|p| panel_height(p.len())).sum::<u32>()
        + LEGEND_HEIGHT
        + caption_height(caption);
    let mut svg = String::new();
    let drawn = draw_on(
        SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area(),
        title,
        &panels,
        caption,
    );
    drawn.map_err(|err| ChartError::Draw {
        path: path.to_path_buf(),
        reason: err.to_string(),
    })?;
    write_picture(path, &svg).map_err(|source| ChartError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// `bars` cut into runs of the same panel heading.
fn panels(bars: &[Bar]) -> Vec<&[Bar]> {
    bars.chunk_by(|a, b| a.panel == b.panel).collect()
}

/// The unit a panel's axis counts in, for times up to `max`: its name and its length.
fn unit(max: Duration) -> (&'static str, f64) {
    if max < Duration::from_millis(2) {
        ("µs", 1e-6)
    } else if max < Duration::from_secs(2) {
        ("ms", 1e-3)
    } else {
        ("s", 1.0)
    }
}

fn draw_on<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    title: &str,
    panels: &[&[Bar]],
    caption: &[String],
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let (head, mut rest) = root.split_vertically(TITLE_HEIGHT);
    head.draw_text(
        title,
        &("sans-serif", 20).into_font().color(&BLACK),
        (12, 12),
    )?;
    let text = ("sans-serif", 14).into_font().color(&BLACK);
    for panel in panels {
        let (area, below) = rest.split_vertically(panel_height(panel.len()));
        rest = below;
        let longest = panel
            .iter()
            .map(|bar| bar.estimate.upper.max(bar.ideal.unwrap_or_default()))
            .max()
            .unwrap_or_default();
        let (unit_name, unit_secs) = unit(longest);
        let x = |d: Duration| d.as_secs_f64() / unit_secs;
        // Room on the right for the labels at the bars' ends.
        let x_max = (x(longest) * 1.6).max(1e-9);
        let n = panel.len();
        // Bar i is centred on y = n - 1 - i: the first at the top.
        let y = |i: usize| (n - 1 - i) as f64;
        let names: Vec<&str> = panel.iter().map(|bar| bar.strategy.as_str()).collect();
        let mut chart = ChartBuilder::on(&area)
            .caption(&panel[0].panel, ("sans-serif", 15))
            .margin(8)
            .margin_right(20)
            .x_label_area_size(36)
            .y_label_area_size(90)
            .build_cartesian_2d(0f64..x_max, -0.5..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .x_desc(unit_name)
            .x_label_formatter(&|v| format!("{v}"))
            // Fixed sizes: plotters' default follows the panel's height.
            .x_label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 12))
            .y_labels(n + 1)
            .y_label_formatter(&|v| {
                let row = v.round();
                if (v - row).abs() > 1e-6 || row < 0.0 || row as usize >= n {
                    return String::new();
                }
                names[n - 1 - row as usize].to_string()
            })
            .y_label_style(("sans-serif", 14))
            .disable_y_mesh()
            .draw()?;
        for (i, bar) in panel.iter().enumerate() {
            let yi = y(i);
            let e = bar.estimate;
            chart.draw_series([Rectangle::new(
                [(0.0, yi - 0.3), (x(e.point), yi + 0.3)],
                color(&bar.strategy).filled(),
            )])?;
            let whisker = BLACK.stroke_width(1);
            chart.draw_series([PathElement::new(
                vec![(x(e.lower), yi), (x(e.upper), yi)],
                whisker,
            )])?;
            for end in [e.lower, e.upper] {
                chart.draw_series([EmptyElement::at((x(end), yi))
                    + PathElement::new(vec![(0, -5), (0, 5)], whisker)])?;
            }
            if let Some(ideal) = bar.ideal {
                chart.draw_series([PathElement::new(
                    vec![(x(ideal), yi - 0.45), (x(ideal), yi + 0.45)],
                    IDEAL.stroke_width(3),
                )])?;
            }
            let end = x(e.upper.max(e.point).max(bar.ideal.unwrap_or_default()));
            chart.draw_series([
                EmptyElement::at((end, yi)) + Text::new(bar_label(bar), (8, -7), text.clone())
            ])?;
        }
    }
    let (legend, below) = rest.split_vertically(LEGEND_HEIGHT);
    draw_legend(&legend, panels.first().and_then(|p| p.first()))?;
    draw_caption(&below, caption)?;
    root.present()?;
    Ok(())
}

/// What the marks mean, in one line.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    first: Option<&Bar>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let text = ("sans-serif", 14).into_font().color(&BLACK);
    let confidence = first.map_or(95.0, |bar| bar.estimate.confidence * 100.0);
    let mut x = 12;
    area.draw(&Rectangle::new(
        [(x, 9), (x + 24, 21)],
        RGBColor(31, 119, 180).filled(),
    ))?;
    x += 30;
    let label = "median time";
    area.draw_text(label, &text, (x, 9))?;
    x += area.estimate_text_size(label, &text)?.0 as i32 + 28;
    area.draw(&PathElement::new(vec![(x, 15), (x + 24, 15)], BLACK))?;
    area.draw(&PathElement::new(vec![(x, 10), (x, 20)], BLACK))?;
    area.draw(&PathElement::new(vec![(x + 24, 10), (x + 24, 20)], BLACK))?;
    x += 30;
    let label = format!("its {confidence:.0}% confidence interval");
    area.draw_text(&label, &text, (x, 9))?;
    x += area.estimate_text_size(&label, &text)?.0 as i32 + 28;
    area.draw(&PathElement::new(
        vec![(x + 4, 7), (x + 4, 23)],
        IDEAL.stroke_width(3),
    ))?;
    area.draw_text(
        "the ideal: ceil(N/m) × delay for downloads, sequential / cores for CPU work",
        &text,
        (x + 14, 9),
    )?;
    Ok(())
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

    /// An `estimates.json` as criterion 0.8 writes it (trimmed to the median and the mean).
    const ESTIMATES: &str = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,
        "lower_bound":53400000.0,"upper_bound":54100000.0},"point_estimate":53700000.0,
        "standard_error":180000.0},"median":{"confidence_interval":{"confidence_level":0.95,
        "lower_bound":53500000.0,"upper_bound":53900000.0},"point_estimate":53600000.0,
        "standard_error":100000.0},"slope":null}"#;

    fn saved(strategy: &str, parameter: &str, ms: u64) -> Saved {
        let point = Duration::from_millis(ms);
        Saved {
            strategy: strategy.to_string(),
            parameter: parameter.to_string(),
            estimate: Estimate {
                point,
                lower: point,
                upper: point,
                confidence: 0.95,
            },
            measured: SystemTime::UNIX_EPOCH,
        }
    }

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

    /// Writes a criterion-like folder: `group/strategy/parameter/new/{benchmark,estimates}.json`.
    fn save(dir: &Path, group: &str, strategy: &str, parameter: &str, estimates: &str) {
        let new = dir.join(group).join(strategy).join(parameter).join("new");
        std::fs::create_dir_all(&new).unwrap();
        let benchmark = format!(
            r#"{{"group_id":"{group}","function_id":"{strategy}","value_str":"{parameter}",
            "throughput":{{"Elements":20}},"full_id":"{group}/{strategy}/{parameter}",
            "directory_name":"{group}/{strategy}/{parameter}","title":"{group}/{strategy}/{parameter}"}}"#
        );
        std::fs::write(new.join("benchmark.json"), benchmark).unwrap();
        std::fs::write(new.join("estimates.json"), estimates).unwrap();
    }

    #[test]
    fn a_group_is_read_from_criterion_s_folders_and_drawn() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), "pop20", "threads", "50ms", ESTIMATES);
        save(dir.path(), "pop20", "tokio", "50ms", ESTIMATES);
        std::fs::create_dir_all(dir.path().join("pop20/report")).unwrap();
        let saved = read_group(dir.path(), "pop20").unwrap();
        assert_eq!(saved.len(), 2);
        assert!(
            saved
                .iter()
                .all(|s| s.estimate.point == Duration::from_micros(53_600))
        );

        let (drawn, _) = bars("pop20", &saved);
        let path = dir.path().join("bench-pop20.svg");
        let caption = ["Measured on a test machine.".to_string()];
        draw(title("pop20").unwrap(), &drawn, &caption, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("53.6 ms: 1.07x the ideal 50.0 ms"));
        assert!(svg.contains("Measured on a test machine."));
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
        assert!(title("nope").is_err());
    }
}
