//! The chart as SVG: one panel per heading, each strategy's median as a bar with its
//! confidence interval, the ideal as a mark, the machine and the date below.

use std::path::Path;
use std::time::Duration;

use flags_race::picture::{caption_height, draw_caption, write_picture};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Bar, ChartError, bar_label};

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

/// Draws `bars` (from [`bars`](super::bars())) to `path` as SVG: one panel per heading, each with its
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::fixtures::{ESTIMATES, save};
    use crate::charts::{bars, read_group, title};

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
}
