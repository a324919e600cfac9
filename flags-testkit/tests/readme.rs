//! The README's promise, checked: every row of its chapter tables ("The examples, by
//! chapter") names a program that exists and whose run is recorded in a transcript that a
//! test checks (or, for a `cargo test -p PACKAGE FILTER` row, tests the filter selects);
//! every binary and example of the workspace has such a transcript; and no transcript
//! lies in a folder unread.
//!
//! Read from the files, as a reader finds them: the workspace's `Cargo.toml` for its
//! members, each member's `Cargo.toml` for its name and `default-run`, `src/main.rs`,
//! `src/bin/` and `examples/` for its programs, `tests/transcripts/` for its transcripts
//! (`bin.name = "NAME"` in a trycmd `.toml`; `$ NAME` on the first line of a snapbox
//! `.txt`, or `--- NAME ...` where a client's run is recorded beside a server's), and
//! `tests/*.rs` for the tests that check them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace's root: this crate's parent folder.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("flags-testkit sits in the workspace")
        .to_path_buf()
}

/// `path` from the workspace's root, for messages.
fn shown(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The files of `dir` (none when it does not exist), sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|entry| entry.expect("a readable folder").path()))
        .into_iter()
        .flatten()
        .collect();
    files.sort();
    files
}

/// The quoted value of `key = "value"` on a line of `toml` that starts with `key`.
fn toml_value<'a>(toml: &'a str, key: &str) -> Option<&'a str> {
    toml.lines().find_map(|line| {
        let rest = line
            .trim()
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?;
        rest.trim().strip_prefix('"')?.split('"').next()
    })
}

/// One package of the workspace, as its files show it.
#[derive(Debug)]
struct Package {
    dir: PathBuf,
    default_run: Option<String>,
    bins: Vec<String>,
    examples: Vec<String>,
    /// Each transcript file and the programs it runs.
    transcripts: Vec<(PathBuf, Vec<String>)>,
    /// The text of every `tests/*.rs`, one string.
    tests: String,
}

impl Package {
    /// Whether a transcript of this package runs `program`, and a test checks it; the
    /// transcript's file, or why not.
    fn checked_transcript_of(&self, program: &str) -> Result<&Path, String> {
        let recorded: Vec<&Path> = self
            .transcripts
            .iter()
            .filter(|(_, runs)| runs.iter().any(|run| run == program))
            .map(|(path, _)| path.as_path())
            .collect();
        if recorded.is_empty() {
            return Err(format!(
                "no transcript in {}/tests/transcripts runs {program}",
                shown(&self.dir)
            ));
        }
        recorded
            .iter()
            .find(|path| self.checks(path))
            .copied()
            .ok_or_else(|| {
                let recorded: Vec<String> = recorded.iter().map(|path| shown(path)).collect();
                format!("no test of {} checks {recorded:?}", shown(&self.dir))
            })
    }

    /// Whether a test of this package checks the transcript at `path`: trycmd's glob for
    /// the `.toml` files, the file's own name for a `.txt`.
    fn checks(&self, path: &Path) -> bool {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if name.ends_with(".toml") {
            self.tests.contains("\"tests/transcripts/*.toml\"")
        } else {
            self.tests.contains(&format!("\"transcripts/{name}\""))
        }
    }
}

/// The programs a transcript file runs: the one it records first, then the clients
/// recorded beside a server (`--- nc 127.0.0.1 [..]`, `--- idle_clients ...`).
fn programs_in(path: &Path) -> Vec<String> {
    let text = read(path);
    let quoted = |line: &str| toml_value(line, "bin.name").map(str::to_string);
    match path.extension().and_then(|ext| ext.to_str()) {
        Some("toml") => text.lines().filter_map(quoted).collect(),
        Some("txt") => {
            let first = text.lines().next().and_then(|line| line.strip_prefix("$ "));
            let clients = text
                .lines()
                .filter_map(|line| line.strip_prefix("--- "))
                .filter(|part| !part.starts_with("stdout") && !part.starts_with("stderr"));
            first
                .into_iter()
                .chain(clients)
                .filter_map(|command| command.split_whitespace().next())
                .map(str::to_string)
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The `.rs` files directly in `dir`, or the `main.rs` of each folder in it: the targets
/// cargo finds there by itself.
fn targets_in(dir: &Path) -> Vec<String> {
    files(dir)
        .iter()
        .filter_map(|path| {
            if path.extension().is_some_and(|ext| ext == "rs") {
                path.file_stem()?.to_str().map(str::to_string)
            } else if path.join("main.rs").is_file() {
                path.file_name()?.to_str().map(str::to_string)
            } else {
                None
            }
        })
        .collect()
}

/// The `name`s of the `[[section]]` tables of `toml` (`[[bin]]`, `[[example]]`).
fn named_tables(toml: &str, section: &str) -> Vec<String> {
    toml.split("\n[")
        .filter(|table| table.starts_with(&format!("[{section}]]")))
        .filter_map(|table| toml_value(table, "name").map(str::to_string))
        .collect()
}

/// Every package of the workspace, by name.
fn packages() -> BTreeMap<String, Package> {
    let root = root();
    let workspace = read(&root.join("Cargo.toml"));
    let members = workspace
        .split_once("members = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .expect("the workspace lists its members")
        .0;
    members
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|member| {
            let dir = root.join(member);
            let toml = read(&dir.join("Cargo.toml"));
            let name = toml_value(&toml, "name")
                .expect("a package name")
                .to_string();
            let mut bins = targets_in(&dir.join("src/bin"));
            if dir.join("src/main.rs").is_file() {
                bins.push(name.clone());
            }
            bins.extend(named_tables(&toml, "bin"));
            let mut examples = targets_in(&dir.join("examples"));
            examples.extend(named_tables(&toml, "example"));
            let transcripts = files(&dir.join("tests/transcripts"))
                .into_iter()
                .map(|path| {
                    let runs = programs_in(&path);
                    (path, runs)
                })
                .collect();
            let tests = files(&dir.join("tests"))
                .iter()
                .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
                .map(|path| read(path))
                .collect();
            let package = Package {
                default_run: toml_value(&toml, "default-run").map(str::to_string),
                dir,
                bins,
                examples,
                transcripts,
                tests,
            };
            (name, package)
        })
        .collect()
}

/// A program a README command runs: its package, and a binary or an example.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Program {
    package: String,
    kind: Kind,
    /// `None`: the package's default binary.
    name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bin,
    Example,
}

/// The program of a `cargo run` command (`cargo run --release -p primes --bin threads --
/// 2`), or what is wrong with it. Another cargo command, or none, is `Ok(None)`.
fn parse_cargo_run(command: &str) -> Result<Option<Program>, String> {
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
fn chapter_rows(readme: &str) -> Vec<(String, String)> {
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
fn programs_of_row(
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
fn check_program(program: &Program, packages: &BTreeMap<String, Package>) -> Result<(), String> {
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
fn check_cargo_test(
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

#[test]
fn every_program_of_the_chapter_tables_exists_and_a_checked_transcript_runs_it() {
    let packages = packages();
    let readme = read(&root().join("README.md"));
    let rows = chapter_rows(&readme);
    let mut problems = Vec::new();
    let mut tables_with_programs = BTreeMap::<&str, usize>::new();
    for (heading, row) in &rows {
        let count = tables_with_programs.entry(heading).or_default();
        let tests = row
            .split('`')
            .skip(1)
            .step_by(2)
            .filter_map(|code| check_cargo_test(code, &packages));
        let programs = programs_of_row(row, &packages)
            .into_iter()
            .map(|program| program.and_then(|program| check_program(&program, &packages)));
        for checked in tests.chain(programs) {
            *count += 1;
            if let Err(why) = checked {
                problems.push(format!("{heading}\n  {row}\n  -> {why}"));
            }
        }
    }
    assert!(problems.is_empty(), "README.md:\n{}", problems.join("\n"));
    // A row format this parser stopped reading would pass everything above unseen.
    let empty: Vec<_> = tables_with_programs
        .iter()
        .filter(|(_, count)| **count == 0)
        .collect();
    assert!(
        !tables_with_programs.is_empty() && empty.is_empty(),
        "chapter tables in which no `cargo run` command was found: {empty:?}"
    );
}

#[test]
fn every_binary_and_example_has_a_checked_transcript() {
    let mut problems = Vec::new();
    for (name, package) in packages() {
        for program in package.bins.iter().chain(&package.examples) {
            if let Err(why) = package.checked_transcript_of(program) {
                problems.push(format!("{name} {program}: {why}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_transcript_is_checked_by_a_test_and_runs_a_program_of_its_package() {
    let mut problems = Vec::new();
    for (name, package) in packages() {
        for (path, runs) in &package.transcripts {
            let programs: Vec<&String> = package.bins.iter().chain(&package.examples).collect();
            if !package.checks(path) {
                problems.push(format!("{}: no test of {name} checks it", shown(path)));
            }
            // The program recorded first is the package's; a client may be `nc` or `curl`.
            if !runs.first().is_some_and(|run| programs.contains(&run)) {
                problems.push(format!(
                    "{}: runs {runs:?}, not a program of {name} ({programs:?})",
                    shown(path)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_parser_reads_the_readmes_command_forms() {
    let program = |package: &str, kind, name: Option<&str>| Program {
        package: package.to_string(),
        kind,
        name: name.map(str::to_string),
    };
    assert_eq!(
        parse_cargo_run("cargo run --release -p primes --bin threads -- 2"),
        Ok(Some(program("primes", Kind::Bin, Some("threads"))))
    );
    assert_eq!(
        parse_cargo_run("cargo run -p domains --example domainlib"),
        Ok(Some(program("domains", Kind::Example, Some("domainlib"))))
    );
    assert_eq!(
        parse_cargo_run("cargo run -p flags-seq -- -v --bin x"),
        Ok(Some(program("flags-seq", Kind::Bin, None)))
    );
    assert_eq!(parse_cargo_run("cargo bench -- primes"), Ok(None));
    assert!(parse_cargo_run("cargo run --bin threads").is_err());
    assert!(parse_cargo_run("cargo run -p primes --features x").is_err());

    let packages = packages();
    let row = "| x | `cargo run -p primes --bin thread_pool` (or `--bin rayon_pool`) | `nc 1 2` |";
    let names: Vec<_> = programs_of_row(row, &packages)
        .into_iter()
        .map(|program| program.map(|program| program.name))
        .collect();
    assert_eq!(
        names,
        [
            Ok(Some("thread_pool".into())),
            Ok(Some("rayon_pool".into()))
        ]
    );
    assert_eq!(
        check_cargo_test("cargo test -p executors arcfour", &packages),
        Some(Ok(()))
    );
    assert!(
        check_cargo_test("cargo test -p executors no_such_test", &packages)
            .is_some_and(|r| r.is_err())
    );
    assert_eq!(check_cargo_test("cargo test --workspace", &packages), None);

    // A program or a package that does not exist fails.
    assert!(check_program(&program("primes", Kind::Bin, Some("nope")), &packages).is_err());
    assert!(check_program(&program("no-such-crate", Kind::Bin, None), &packages).is_err());

    // So does a program with no transcript, or with one that no test checks.
    let mut package = Package {
        dir: PathBuf::from("made-up"),
        default_run: None,
        bins: vec!["tool".into()],
        examples: Vec::new(),
        transcripts: Vec::new(),
        tests: String::new(),
    };
    assert!(package.checked_transcript_of("tool").is_err());
    package.transcripts = vec![(
        "made-up/tests/transcripts/tool.txt".into(),
        vec!["tool".into()],
    )];
    assert!(package.checked_transcript_of("tool").is_err());
    package.tests = r#"check(file!["transcripts/tool.txt"])"#.into();
    assert!(package.checked_transcript_of("tool").is_ok());
}
