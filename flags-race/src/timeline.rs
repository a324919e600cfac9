//! The timeline of a run, from the server's log: one row per connection, a bar per request.
//!
//! Sequential: one connection carrying every request end to end. A pool of m threads:
//! m rows, each a band of back-to-back requests. Async: a wall of rows that all start at
//! once. Drawn as text for the terminal, and as SVG with plotters.

use std::collections::BTreeMap;
use std::path::Path;

use std::time::Duration;

use plotters::prelude::*;

use crate::Run;

/// A request as drawn: which row, when (ms from the start of the run), and its status.
struct Bar {
    row: usize,
    from: f64,
    to: f64,
    status: u16,
}

/// Rows in order of each connection's first request.
fn bars(run: &Run) -> (Vec<Bar>, usize) {
    let mut rows: BTreeMap<u64, usize> = BTreeMap::new();
    let mut log = run.log.clone();
    log.sort_by_key(|s| s.arrived);
    let ms =
        |t: std::time::Instant| t.saturating_duration_since(run.started).as_secs_f64() * 1000.0;
    let bars = log
        .iter()
        .map(|s| {
            let next = rows.len();
            let row = *rows.entry(s.conn).or_insert(next);
            Bar {
                row,
                from: ms(s.arrived),
                to: ms(s.finished),
                status: s.status,
            }
        })
        .collect();
    (bars, rows.len())
}

/// The run as text: `width` columns for the whole run, at most `max_rows` rows.
///
/// `█` and `▓` alternate between requests on one connection, `░` is a 404, `x` an error.
pub fn text_timeline(run: &Run, width: usize, max_rows: usize) -> String {
    let (bars, rows) = bars(run);
    let span = run.elapsed.as_secs_f64() * 1000.0;
    let column = |ms: f64| {
        ((ms / span.max(1e-9)) * width as f64)
            .floor()
            .clamp(0.0, (width - 1) as f64) as usize
    };
    let shown = rows.min(max_rows);
    let mut grid = vec![vec![' '; width]; shown];
    let mut nth_on_row = vec![0usize; rows];
    for bar in &bars {
        let nth = nth_on_row[bar.row];
        nth_on_row[bar.row] += 1;
        if bar.row >= shown {
            continue;
        }
        let glyph = match bar.status {
            200 if nth.is_multiple_of(2) => '█',
            200 => '▓',
            404 => '░',
            _ => 'x',
        };
        for cell in &mut grid[bar.row][column(bar.from)..=column(bar.to)] {
            *cell = glyph;
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (setup, serving, tail) = run.phases();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut out = format!(
        "{}: {}, {} in {:.3}s (first request after {:.1} ms, serving {:.1} ms, done {:.1} ms after the last answer)\n",
        run.strategy,
        plural(run.log.len(), "request"),
        plural(rows, "connection"),
        run.elapsed.as_secs_f64(),
        ms(setup),
        ms(serving),
        ms(tail),
    );
    for (i, line) in grid.iter().enumerate() {
        out += &format!("{:>4} |{}|\n", i + 1, line.iter().collect::<String>());
    }
    if rows > shown {
        let more = rows - shown;
        let noun = if more == 1 {
            "connection"
        } else {
            "connections"
        };
        out += &format!("     ({more} more {noun} not shown)\n");
    }
    out += &format!(
        "     0{:>width$}\n",
        format!("{:.3}s", run.elapsed.as_secs_f64()),
        width = width + 1
    );
    out
}

/// Writes every run's timeline to `path` as SVG: one panel per run, time in ms across,
/// connections down.
pub fn svg_timeline(runs: &[Run], path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let panel_height = 220u32;
    let height = panel_height * u32::try_from(runs.len().max(1))?;
    let root = SVGBackend::new(path, (1000, height)).into_drawing_area();
    root.fill(&WHITE)?;
    for (run, area) in runs.iter().zip(root.split_evenly((runs.len().max(1), 1))) {
        let (bars, rows) = bars(run);
        let span = (run.elapsed.as_secs_f64() * 1000.0).max(1.0);
        let title = format!(
            "{}: {} requests on {} connections, {:.3} s",
            run.strategy,
            run.log.len(),
            rows,
            run.elapsed.as_secs_f64()
        );
        let mut chart = ChartBuilder::on(&area)
            .caption(title, ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..span, 0f64..(rows.max(1) as f64))?;
        chart
            .configure_mesh()
            .x_desc("ms since start")
            .y_desc("connection")
            .disable_y_mesh()
            .draw()?;
        let color = |status: u16, nth: usize| match status {
            200 if nth.is_multiple_of(2) => RGBColor(31, 119, 180),
            200 => RGBColor(100, 160, 215),
            404 => RGBColor(170, 170, 170),
            _ => RGBColor(214, 39, 40),
        };
        let mut nth_on_row = vec![0usize; rows];
        chart.draw_series(bars.iter().map(|bar| {
            let nth = nth_on_row[bar.row];
            nth_on_row[bar.row] += 1;
            let (y0, y1) = (bar.row as f64 + 0.1, bar.row as f64 + 0.9);
            Rectangle::new(
                [(bar.from, y0), (bar.to.max(bar.from + span / 1000.0), y1)],
                color(bar.status, nth).filled(),
            )
        }))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flags_common::Counter;
    use flags_server::Served;
    use std::time::Instant;

    fn run(strategy: &'static str, spans: &[(u64, u64, u64, u16)]) -> Run {
        let started = Instant::now();
        let at = |ms| started + Duration::from_millis(ms);
        let log = spans
            .iter()
            .map(|&(conn, from, to, status)| Served {
                conn,
                method: "GET".into(),
                path: "/".into(),
                status,
                delay: Duration::ZERO,
                arrived: at(from),
                finished: at(to),
                fault: None,
            })
            .collect::<Vec<_>>();
        let elapsed = Duration::from_millis(spans.iter().map(|s| s.2).max().unwrap_or(0));
        Run {
            strategy,
            requests: log.len(),
            concurrency: 1,
            elapsed,
            counter: Counter::default(),
            log,
            started,
        }
    }

    #[test]
    fn sequential_is_one_row_of_alternating_bars() {
        let run = run(
            "sequential",
            &[
                (7, 0, 25, 200),
                (7, 25, 50, 200),
                (7, 50, 75, 404),
                (7, 75, 100, 418),
            ],
        );
        let text = text_timeline(&run, 8, 10);
        assert_eq!(
            text,
            "sequential: 4 requests, 1 connection in 0.100s (first request after 0.0 ms, serving 100.0 ms, \
             done 0.0 ms after the last answer)\n   1 |██▓▓░░xx|\n     0   0.100s\n"
        );
    }

    #[test]
    fn a_wall_is_one_row_per_connection_and_rows_are_capped() {
        let spans: Vec<_> = (0..5).map(|c| (c, 0, 100, 200)).collect();
        let text = text_timeline(&run("tokio", &spans), 4, 3);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains('|')).collect();
        assert_eq!(rows, ["   1 |████|", "   2 |████|", "   3 |████|"]);
        assert!(text.contains("(2 more connections not shown)"));
        let text = text_timeline(&run("tokio", &spans), 4, 4);
        assert!(text.contains("(1 more connection not shown)"), "{text}");
    }

    #[test]
    fn the_svg_has_a_panel_per_run_and_a_bar_per_request() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("race.svg");
        let runs = [
            run("sequential", &[(1, 0, 50, 200), (1, 50, 100, 200)]),
            run("tokio", &[(1, 0, 50, 200), (2, 0, 50, 404)]),
        ];
        svg_timeline(&runs, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(
            svg.contains("sequential: 2 requests on 1 connections")
                && svg.contains("tokio: 2 requests on 2 connections")
        );
        assert!(svg.contains("#AAAAAA"), "the 404 bar is grey");
    }
}
