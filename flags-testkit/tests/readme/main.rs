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

mod commands;
mod workspace;

use std::collections::BTreeMap;
use std::path::PathBuf;

use commands::{
    Kind, Program, chapter_rows, check_cargo_test, check_program, parse_cargo_run, programs_of_row,
};
use workspace::{Package, packages, read, root, shown};

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
