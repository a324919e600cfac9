//! The timeline of a run, from the server's log: one row per connection, a bar per request.
//!
//! Sequential: one connection carrying every request end to end (or, one row per request,
//! a staircase). A pool of m threads: m rows, each a band of back-to-back requests. Async:
//! a wall of rows that all start at once. Drawn as text for the terminal, and as SVG with
//! plotters, the machine and the date under it.

use std::collections::BTreeMap;
use std::path::Path;

use std::time::Duration;

use plotters::prelude::*;

use crate::Run;
use crate::picture::{Rows, caption_height, draw_caption, write_picture};

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

/// One row per request, in order of arrival: sequential's staircase.
fn bars_by_request(run: &Run) -> (Vec<Bar>, usize) {
    let (mut bars, _) = bars(run);
    // `bars` are in order of arrival already.
    for (row, bar) in bars.iter_mut().enumerate() {
        bar.row = row;
    }
    let rows = bars.len();
    (bars, rows)
}

/// How many connections the run's requests came on.
fn connections(run: &Run) -> usize {
    let mut conns: Vec<u64> = run.log.iter().map(|s| s.conn).collect();
    conns.sort_unstable();
    conns.dedup();
    conns.len()
}

/// `1 request`, `2 requests`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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
    svg_timeline_with(runs, path, Rows::Connection, &[])
}

/// Width in pixels of an SVG timeline.
const SVG_WIDTH: u32 = 1000;

/// Height in pixels of the legend of the colours.
const LEGEND_HEIGHT: u32 = 30;

/// A panel's height: enough for `rows` rows to be told apart (12 pixels each, at least 7
/// past 100 rows).
fn panel_height(rows: usize) -> u32 {
    let rows = u32::try_from(rows).unwrap_or(u32::MAX);
    rows.saturating_mul(12).saturating_add(100).clamp(220, 900)
}

/// The colour of a request's bar: blue for a 200, grey for a 404, red for an error; every
/// second request on a row a lighter shade, so that back-to-back requests stay apart.
fn bar_color(status: u16, nth: usize) -> RGBColor {
    let light = !nth.is_multiple_of(2);
    match (status, light) {
        (200, false) => RGBColor(31, 119, 180),
        (200, true) => RGBColor(100, 160, 215),
        (404, false) => RGBColor(150, 150, 150),
        (404, true) => RGBColor(195, 195, 195),
        (_, false) => RGBColor(214, 39, 40),
        (_, true) => RGBColor(240, 120, 110),
    }
}

/// [`svg_timeline`], with the rows given out per connection or per request, and `caption`
/// written under the panels, after a legend of the colours.
pub fn svg_timeline_with(
    runs: &[Run],
    path: &Path,
    rows_by: Rows,
    caption: &[String],
) -> Result<(), Box<dyn std::error::Error>> {
    let drawn: Vec<(Vec<Bar>, usize)> = runs
        .iter()
        .map(|run| match rows_by {
            Rows::Connection => bars(run),
            Rows::Request => bars_by_request(run),
        })
        .collect();
    let heights: Vec<u32> = drawn.iter().map(|(_, rows)| panel_height(*rows)).collect();
    let height = heights.iter().sum::<u32>() + LEGEND_HEIGHT + caption_height(caption);
    // Drawn in memory, then written whole: a failed drawing leaves no half a picture.
    let mut svg = String::new();
    draw_timelines(
        SVGBackend::with_string(&mut svg, (SVG_WIDTH, height)).into_drawing_area(),
        runs,
        &drawn,
        &heights,
        rows_by,
        caption,
    )?;
    write_picture(path, &svg)?;
    Ok(())
}

/// The panels, the legend and the caption, on `root`.
fn draw_timelines<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    runs: &[Run],
    drawn: &[(Vec<Bar>, usize)],
    heights: &[u32],
    rows_by: Rows,
    caption: &[String],
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let legend_height = LEGEND_HEIGHT;
    root.fill(&WHITE)?;
    let mut rest = root.clone();
    for ((run, (bars, rows)), panel_height) in runs.iter().zip(drawn).zip(heights) {
        let (area, below) = rest.split_vertically(*panel_height);
        rest = below;
        let (bars, rows) = (bars, *rows);
        let span = (run.elapsed.as_secs_f64() * 1000.0).max(1.0);
        let title = format!(
            "{}: {} on {}, {:.3} s",
            run.strategy,
            plural(run.log.len(), "request"),
            plural(connections(run), "connection"),
            run.elapsed.as_secs_f64()
        );
        let mut chart = ChartBuilder::on(&area)
            .caption(title, ("sans-serif", 16))
            .margin(8)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size(56)
            // Row i is centred on y = i, so that the labels (whole numbers) name rows.
            .build_cartesian_2d(0f64..span, -0.5..(rows.max(1) as f64 - 0.5))?;
        chart
            .configure_mesh()
            .x_desc("ms since start")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_desc(match rows_by {
                Rows::Connection => "connection",
                Rows::Request => "request",
            })
            .y_label_formatter(&|y| match y.round() {
                row if (y - row).abs() < 1e-6 && row >= 0.0 => format!("{}", row as usize + 1),
                _ => String::new(),
            })
            .disable_y_mesh()
            .draw()?;
        // The row a request sits on counts as its connection's, for the alternating blues.
        let mut nth_on_row = vec![0usize; rows];
        chart.draw_series(bars.iter().map(|bar| {
            let nth = nth_on_row[bar.row];
            nth_on_row[bar.row] += 1;
            let (y0, y1) = (bar.row as f64 - 0.4, bar.row as f64 + 0.4);
            Rectangle::new(
                [(bar.from, y0), (bar.to.max(bar.from + span / 1000.0), y1)],
                bar_color(bar.status, nth).filled(),
            )
        }))?;
    }
    let (legend, below) = rest.split_vertically(legend_height);
    draw_legend(&legend)?;
    draw_caption(&below, caption)?;
    root.present()?;
    Ok(())
}

/// The colours of the bars, in one line.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let text = ("sans-serif", 14).into_font().color(&BLACK);
    let entries = [
        (bar_color(200, 0), "a 200"),
        (bar_color(404, 0), "a 404"),
        (bar_color(418, 0), "an error (418, a timeout, a reset)"),
    ];
    let mut x = 12;
    for (color, label) in entries {
        area.draw(&Rectangle::new([(x, 9), (x + 14, 23)], color.filled()))?;
        area.draw_text(label, &text, (x + 20, 9))?;
        let (width, _) = area.estimate_text_size(label, &text)?;
        x += 20 + width as i32 + 28;
    }
    area.draw_text(
        "(every second request on a row in a lighter shade)",
        &text,
        (x, 9),
    )?;
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
            svg.contains("sequential: 2 requests on 1 connection,")
                && svg.contains("tokio: 2 requests on 2 connections")
        );
        assert!(svg.contains("#969696"), "the 404 bar is grey");
    }

    #[test]
    fn rows_by_request_make_sequential_a_staircase_and_the_caption_is_written() {
        let steps = run(
            "sequential",
            &[(1, 0, 10, 200), (1, 10, 20, 200), (1, 20, 30, 418)],
        );
        let (by_conn, rows) = bars(&steps);
        assert_eq!(rows, 1);
        assert!(by_conn.iter().all(|bar| bar.row == 0));
        let (by_request, rows) = bars_by_request(&steps);
        assert_eq!(rows, 3);
        let stairs: Vec<(usize, f64)> = by_request.iter().map(|b| (b.row, b.from)).collect();
        assert_eq!(stairs, [(0, 0.0), (1, 10.0), (2, 20.0)]);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("staircase.svg");
        let caption = ["Measured on a test machine.".to_string()];
        svg_timeline_with(&[steps], &path, Rows::Request, &caption).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(
            svg.lines().any(|line| line == "request"),
            "the rows are requests"
        );
        assert!(svg.contains("Measured on a test machine."));
        assert!(svg.contains("sequential: 3 requests on 1 connection,"));
    }
}
