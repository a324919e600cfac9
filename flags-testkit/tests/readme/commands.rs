//! The README's chapter tables and the commands in them: which program a `cargo run`
//! runs, which tests a `cargo test -p PACKAGE FILTER` selects, and what is wrong with each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::workspace::{Package, files, read, shown};

/// A program a README command runs: its package, and a binary or an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub package: String,
    pub kind: Kind,
    /// `None`: the package's default binary.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bin,
    Example,
}

/// The program of a `cargo run` command (`cargo run --release -p primes --bin threads --
/// 2`), or what is wrong with it. Another cargo command, or none, is `Ok(None)`.
pub fn parse_cargo_run(command: &str) -> Result<Option<Program>, String> {
    let mut words = command.split_whitespace();
    if (words.next(), words.next()) != (Some("cargo"), Some("run")) {
        return Ok(None);
    }
    let (mut package, mut kind, mut name) = (None, Kind::Bin, None);
    while let Some(word) = words.next() {
        let mut value = || {
            words
                .next()
                .map(str::to_string)
                .ok_or(format!("{word} without a value in `{command}`"))
        };
        match word {
            "--" => break,
            "--release" => {}
            "-p" | "--package" => package = Some(value()?),
            "--bin" => name = Some(value()?),
            "--example" => {
                kind = Kind::Example;
                name = Some(value()?);
            }
            other => return Err(format!("`{other}` is not understood here, in `{command}`")),
        }
    }
    let package = package.ok_or(format!("no -p PACKAGE in `{command}`"))?;
    Ok(Some(Program {
        package,
        kind,
        name,
    }))
}

/// The chapter tables' rows: the section "The examples, by chapter" up to the next `## `
/// heading, each table row with the `###` heading it sits under.
pub fn chapter_rows(readme: &str) -> Vec<(String, String)> {
    let section = readme
        .split_once("\n## The examples, by chapter\n")
        .expect("the README has its chapter tables")
        .1;
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut heading = String::new();
    let mut rows = Vec::new();
    for line in section.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            heading = title.to_string();
        } else if line.starts_with('|') && !line.starts_with("| ---") {
            rows.push((heading.clone(), line.to_string()));
        }
    }
    rows
}

/// The programs a row of a chapter table names: each `cargo run` command in backquotes,
/// and each `--bin NAME` or bare binary name that follows one (`(or --bin rayon_pool)`,
/// `(and domaincheck -- dev --joinset)`), taken from the same package.
pub fn programs_of_row(
    row: &str,
    packages: &BTreeMap<String, Package>,
) -> Vec<Result<Program, String>> {
    let mut programs = Vec::new();
    let mut last: Option<Program> = None;
    for code in row.split('`').skip(1).step_by(2) {
        match parse_cargo_run(code) {
            Ok(Some(program)) => {
                last = Some(program.clone());
                programs.push(Ok(program));
            }
            Err(err) => programs.push(Err(err)),
            Ok(None) => {
                let Some(previous) = &last else { continue };
                let mut words = code.split_whitespace();
                let (kind, name) = match words.next() {
                    Some("--bin") => (Kind::Bin, words.next()),
                    Some("--example") => (Kind::Example, words.next()),
                    Some(word)
                        if packages
                            .get(&previous.package)
                            .is_some_and(|package| package.bins.iter().any(|bin| bin == word)) =>
                    {
                        (Kind::Bin, Some(word))
                    }
                    _ => continue,
                };
                if let Some(name) = name {
                    programs.push(Ok(Program {
                        package: previous.package.clone(),
                        kind,
                        name: Some(name.to_string()),
                    }));
                }
            }
        }
    }
    programs
}

/// What is wrong with `program`: it does not exist, or no checked transcript runs it.
pub fn check_program(
    program: &Program,
    packages: &BTreeMap<String, Package>,
) -> Result<(), String> {
    let package = packages
        .get(&program.package)
        .ok_or(format!("there is no package {}", program.package))?;
    let name = match (&program.name, program.kind) {
        (Some(name), _) => name.clone(),
        // What `cargo run -p PACKAGE` runs: the `default-run`, or the only binary.
        (None, _) => match (&package.default_run, package.bins.as_slice()) {
            (Some(default), _) => default.clone(),
            (None, [only]) => only.clone(),
            (None, bins) => {
                return Err(format!(
                    "`cargo run -p {}` cannot choose among {bins:?}: add --bin, or default-run",
                    program.package
                ));
            }
        },
    };
    let (targets, what) = match program.kind {
        Kind::Bin => (&package.bins, "binary"),
        Kind::Example => (&package.examples, "example"),
    };
    if !targets.contains(&name) {
        return Err(format!(
            "{} has no {what} {name} (it has {targets:?})",
            program.package
        ));
    }
    package.checked_transcript_of(&name).map(drop)
}

/// For a `cargo test -p PACKAGE FILTER` command: whether the package has a test that
/// the filter selects (a file with `#[test]` in it whose path or a function's name holds
/// the filter: cargo matches the test's module path and name). `None` for other commands.
pub fn check_cargo_test(
    command: &str,
    packages: &BTreeMap<String, Package>,
) -> Option<Result<(), String>> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let ["cargo", "test", "-p", package, filter] = words.as_slice() else {
        return None;
    };
    let Some(found) = packages.get(*package) else {
        return Some(Err(format!("there is no package {package}")));
    };
    fn rs_files(dir: &Path) -> Vec<PathBuf> {
        files(dir)
            .into_iter()
            .flat_map(|path| {
                if path.is_dir() {
                    rs_files(&path)
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    vec![path]
                } else {
                    Vec::new()
                }
            })
            .collect()
    }
    let selected = [found.dir.join("src"), found.dir.join("tests")]
        .iter()
        .flat_map(|dir| rs_files(dir))
        .any(|path| {
            let text = read(&path);
            text.contains("#[test]")
                && (shown(&path).contains(filter)
                    || text.split("fn ").skip(1).any(|rest| {
                        rest.split('(')
                            .next()
                            .is_some_and(|name| name.contains(filter))
                    }))
        });
    Some(if selected {
        Ok(())
    } else {
        Err(format!("no test of {package} is selected by `{filter}`"))
    })
}
