//! `bench_charts`: the benches' results as pictures. Reads what `cargo bench` saved under
//! `target/criterion/` and draws one SVG per group, `bench-<group>.svg`: each strategy's
//! median time as a bar, its confidence interval as a whisker, and the ideal of that very
//! benchmark as a mark (`ceil(N/m) * delay` for the downloads, sequential / cores for the
//! primes), with the machine and the date of the measurement under it.
//!
//! ```text
//! cargo bench -p benches                                   # measure: about 3 minutes
//! cargo run --release -p benches --bin bench_charts        # draw site/src/img/bench-*.svg
//! tools/pictures.sh --bench                                # both, and the race's pictures
//! ```
//!
//! Watch for: the bars of the concurrent strategies sit a few milliseconds right of their
//! mark whatever the delay, and at 676 in flight far right of it: on 2 cores the CPU, not
//! the network, is then the limit. Results the benches no longer produce (an old
//! parameter) are left out, and said.

use std::path::PathBuf;
use std::process::ExitCode;

use benches::charts::{self, GROUPS};
use clap::Parser;
use flags_race::picture::{command_line, machine};

/// Draw criterion's saved results, one SVG chart per bench group, each strategy against
/// its ideal.
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)]
struct Args {
    /// The groups to draw [default: pop20 scale primes].
    #[arg(value_name = "GROUP", value_parser = clap::builder::PossibleValuesParser::new(GROUPS))]
    groups: Vec<String>,

    /// criterion's folder of saved results [default: $CARGO_TARGET_DIR/criterion, else
    /// target/criterion].
    #[arg(long, value_name = "DIR")]
    criterion: Option<PathBuf>,

    /// The folder to write bench-GROUP.svg into.
    #[arg(long, value_name = "DIR", default_value = "site/src/img")]
    out: PathBuf,

    /// A line of text to write under every chart (repeat for more lines).
    #[arg(long, value_name = "TEXT")]
    caption: Vec<String>,
}

fn main() -> ExitCode {
    let args: Args = flags_common::parse_cli();
    let criterion = args.criterion.clone().unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| PathBuf::from("target"), PathBuf::from)
            .join("criterion")
    });
    let groups: Vec<&str> = if args.groups.is_empty() {
        GROUPS.to_vec()
    } else {
        args.groups.iter().map(String::as_str).collect()
    };
    let mut failed = false;
    for group in groups {
        if let Err(err) = chart(group, &criterion, &args) {
            eprintln!("error: {err:#}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads one group's results and draws its chart.
fn chart(group: &str, criterion: &std::path::Path, args: &Args) -> anyhow::Result<()> {
    let saved = charts::read_group(criterion, group)?;
    let (bars, left_out) = charts::bars(group, &saved);
    if bars.is_empty() {
        anyhow::bail!(
            "group `{group}`: none of the saved results under {} is one the benches run now \
             (found {}): run `cargo bench -p benches` again",
            criterion.display(),
            left_out.join(", ")
        );
    }
    let mut caption = vec![
        format!(
            "Measured on {}, {}, by cargo bench -p benches (criterion).",
            machine(),
            charts::measured_when(&saved)
        ),
        format!("$ {}", command_line(std::env::args_os())),
    ];
    caption.extend(args.caption.iter().cloned());
    let path = args.out.join(format!("bench-{group}.svg"));
    charts::draw(charts::title(group)?, &bars, &caption, &path)?;
    println!("{}: {} bars", path.display(), bars.len());
    if !left_out.is_empty() {
        println!(
            "  left out, no longer run by the benches: {}",
            left_out.join(", ")
        );
    }
    Ok(())
}
