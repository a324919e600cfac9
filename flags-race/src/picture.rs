//! What every measured picture says under it: the machine it was measured on, when, and
//! the command that draws it again. A figure without its machine and date cannot be
//! compared with anything; the race's timelines and the benches' charts
//! (`benches/src/bin/bench_charts.rs`) both end with these lines.

use std::ffi::OsString;
use std::path::Path;
use std::time::SystemTime;

use plotters::coord::Shift;
use plotters::prelude::*;

/// How the SVG timeline gives out its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Rows {
    /// One row per connection: a pool's bands, the async wall (and one long row for
    /// sequential, which keeps its connection).
    #[default]
    Connection,
    /// One row per request, in the order they reached the server: sequential's staircase.
    Request,
}

/// The race's options for its SVG picture (flattened into the race's command line).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PictureArgs {
    /// Rows of the SVG timeline: one per connection, or one per request (a staircase
    /// for sequential).
    #[arg(long, value_enum, value_name = "ROWS", default_value_t = Rows::Connection, requires = "svg")]
    pub svg_rows: Rows,

    /// A line of text to write under the SVG (repeat for more lines); the machine, the
    /// date and the command line are always written.
    #[arg(long, value_name = "TEXT", requires = "svg")]
    pub caption: Vec<String>,
}

impl PictureArgs {
    /// The lines under the picture: where and when it was measured, the command that drew
    /// it (this process's own, without its captions), then the `--caption` lines.
    pub fn caption_lines(&self) -> Vec<String> {
        let mut lines = vec![
            format!(
                "Measured on {}, {}.",
                machine(),
                utc_date(SystemTime::now())
            ),
            format!("$ {}", command_line(std::env::args_os())),
        ];
        lines.extend(self.caption.iter().cloned());
        lines
    }
}

/// This machine in one line: cores, CPU model, operating system and kernel, as in
/// `2 cores (AMD EPYC), Debian GNU/Linux 12 (bookworm), Linux 6.1.0`. Parts the system
/// does not tell are left out.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let mut parts = vec![match cpu_model(&cpuinfo) {
        Some(model) => format!("{cores} cores ({model})"),
        None => format!("{cores} cores"),
    }];
    parts.extend(os_name(&read("/etc/os-release")));
    let kernel = read("/proc/sys/kernel/osrelease");
    let kernel = kernel.trim();
    parts.push(if kernel.is_empty() {
        std::env::consts::OS.to_string()
    } else {
        format!("{} {kernel}", os_family())
    });
    parts.join(", ")
}

/// "Linux" on Linux: the name the kernel release goes with.
fn os_family() -> &'static str {
    match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "macOS",
        other => other,
    }
}

/// The first `model name` of `/proc/cpuinfo`.
pub fn cpu_model(cpuinfo: &str) -> Option<&str> {
    cpuinfo.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "model name" && !value.trim().is_empty()).then(|| value.trim())
    })
}

/// `PRETTY_NAME` of `/etc/os-release`, unquoted.
pub fn os_name(os_release: &str) -> Option<String> {
    os_release.lines().find_map(|line| {
        let value = line.strip_prefix("PRETTY_NAME=")?.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// A moment as `2026-11-30 15:41 UTC`.
pub fn utc_date(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => "an unknown date".to_string(),
    }
}

/// The 1, 5 and 15 minute load averages (`/proc/loadavg`), as `1.73 1.87 1.95`.
pub fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    (fields.len() == 3).then(|| fields.join(" "))
}

/// A command line as it is written under a picture: the program's file name (not the
/// path it was started from), then its arguments, single-quoted where a shell would need
/// it; its `--caption` options are left out, as they are written as lines of their own.
pub fn command_line(args: impl IntoIterator<Item = OsString>) -> String {
    let mut args = args.into_iter();
    let program = args.next().map(|arg0| {
        Path::new(&arg0)
            .file_name()
            .map_or_else(|| arg0.clone(), |name| name.to_os_string())
    });
    let mut shown = Vec::new();
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy();
        if arg == "--caption" {
            args.next();
        } else if !arg.starts_with("--caption=") {
            shown.push(quote(&arg));
        }
    }
    program
        .map(|p| quote(&p.to_string_lossy()))
        .into_iter()
        .chain(shown)
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-.,/=:+%@".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Writes `svg` to `path` whole or not at all: into a temporary file beside it, then
/// renamed over it.
pub fn write_picture(path: &Path, svg: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(svg.as_bytes())?;
    // A picture is for everyone to read (the temporary file was private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// Height in pixels of one line of a caption.
pub const LINE_HEIGHT: u32 = 20;

/// The most characters on one line of a caption: what fits in a 1000-pixel picture at
/// the caption's size, with room to spare (fonts differ between viewers).
pub const LINE_CHARS: usize = 136;

/// How a continued caption line starts.
const CONTINUED: &str = "    ";

/// `lines` cut at spaces into lines of at most [`LINE_CHARS`] characters (a word longer
/// than that stays whole); each continuation is indented.
pub fn wrap_caption(lines: &[String]) -> Vec<String> {
    const INDENT: &str = CONTINUED;
    let mut wrapped = Vec::new();
    for line in lines {
        let mut current = String::new();
        for word in line.split(' ') {
            let fresh = current.is_empty() || current == INDENT;
            if !fresh && current.chars().count() + 1 + word.chars().count() > LINE_CHARS {
                wrapped.push(std::mem::replace(&mut current, INDENT.to_string()));
            } else if !fresh {
                current.push(' ');
            }
            current.push_str(word);
        }
        wrapped.push(current);
    }
    wrapped
}

/// Height in pixels of a caption of `lines`, wrapped, margins included.
pub fn caption_height(lines: &[String]) -> u32 {
    let count = u32::try_from(wrap_caption(lines).len()).unwrap_or(u32::MAX / LINE_HEIGHT);
    LINE_HEIGHT * count + 12
}

/// Writes `lines` at the top of `area`, left-aligned, one under the other, wrapped as
/// [`wrap_caption`] does.
pub fn draw_caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[String],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = ("sans-serif", 15).into_font().color(&RGBColor(60, 60, 60));
    for (i, line) in wrap_caption(lines).iter().enumerate() {
        let y = 6 + LINE_HEIGHT as i32 * i as i32;
        // SVG collapses leading spaces: a continuation's indent is a shift.
        match line.strip_prefix(CONTINUED) {
            Some(rest) => area.draw_text(rest, &style, (36, y))?,
            None => area.draw_text(line, &style, (12, y))?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_model_is_the_first_model_name() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\n\
                       processor\t: 1\nmodel name\t: something else\n";
        assert_eq!(cpu_model(cpuinfo), Some("AMD EPYC 7B13"));
        assert_eq!(cpu_model("processor : 0\nmodel name :  \n"), None);
        assert_eq!(cpu_model(""), None);
    }

    #[test]
    fn the_os_is_the_pretty_name_unquoted() {
        let release = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n";
        assert_eq!(
            os_name(release).as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        assert_eq!(os_name("PRETTY_NAME=Alpine\n").as_deref(), Some("Alpine"));
        assert_eq!(os_name("PRETTY_NAME=\"\"\n"), None);
        assert_eq!(os_name("ID=debian\n"), None);
    }

    #[test]
    fn dates_are_utc_to_the_minute() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_796_053_260);
        assert_eq!(utc_date(t), "2026-11-30 15:41 UTC");
    }

    #[test]
    fn a_command_line_names_the_program_and_quotes_what_a_shell_would_split() {
        let args = [
            "/work/target/release/flags-race",
            "--strategies",
            "threads,tokio",
            "--dest",
            "/tmp/it's here",
            "",
        ]
        .map(OsString::from);
        assert_eq!(
            command_line(args),
            r"flags-race --strategies threads,tokio --dest '/tmp/it'\''s here' ''"
        );
        // The captions are lines of their own under the picture.
        let args = [
            "flags-race",
            "--caption",
            "load 1.7",
            "-a",
            "--caption=x",
            "--svg",
            "a.svg",
        ];
        assert_eq!(
            command_line(args.map(OsString::from)),
            "flags-race -a --svg a.svg"
        );
        assert_eq!(command_line(Vec::<OsString>::new()), "");
    }

    #[test]
    fn a_picture_is_written_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("race.svg");
        write_picture(&path, "<svg/>").unwrap();
        write_picture(&path, "<svg></svg>").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "<svg></svg>");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        let missing = dir.path().join("no/such/folder/race.svg");
        assert!(write_picture(&missing, "<svg/>").is_err());
    }

    #[test]
    fn long_caption_lines_are_wrapped_at_spaces_and_indented() {
        let long = ["word"; 50].join(" "); // 249 characters
        let lines = [long, "short".to_string(), String::new()];
        let wrapped = wrap_caption(&lines);
        assert_eq!(wrapped.len(), 4, "{wrapped:?}");
        assert!(wrapped.iter().all(|l| l.chars().count() <= LINE_CHARS));
        assert!(wrapped[0].starts_with("word word") && !wrapped[0].ends_with(' '));
        assert!(wrapped[1].starts_with("    word"));
        assert_eq!(wrapped[0].len() + wrapped[1].len() - 4 + 1, 249);
        assert_eq!(wrapped[2..], ["short", ""]);
        let unbreakable = ["x".repeat(LINE_CHARS + 10)];
        assert_eq!(wrap_caption(&unbreakable), unbreakable);
        assert_eq!(caption_height(&lines), 4 * LINE_HEIGHT + 12);
    }

    #[test]
    fn the_machine_line_names_the_cores() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert!(
            machine().starts_with(&format!("{cores} cores")),
            "{}",
            machine()
        );
    }
}
