//! The workspace as a reader finds it: the members in `Cargo.toml`, each member's programs
//! (`src/main.rs`, `src/bin/`, `examples/`, `[[bin]]` and `[[example]]` tables), its
//! transcripts and the tests that read them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace's root: this crate's parent folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("flags-testkit sits in the workspace")
        .to_path_buf()
}

/// `path` from the workspace's root, for messages.
pub fn shown(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The files of `dir` (none when it does not exist), sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|entry| entry.expect("a readable folder").path()))
        .into_iter()
        .flatten()
        .collect();
    files.sort();
    files
}

/// The quoted value of `key = "value"` on a line of `toml` that starts with `key`.
pub fn toml_value<'a>(toml: &'a str, key: &str) -> Option<&'a str> {
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
pub struct Package {
    pub dir: PathBuf,
    pub default_run: Option<String>,
    pub bins: Vec<String>,
    pub examples: Vec<String>,
    /// Each transcript file and the programs it runs.
    pub transcripts: Vec<(PathBuf, Vec<String>)>,
    /// The text of every `tests/*.rs`, one string.
    pub tests: String,
}

impl Package {
    /// Whether a transcript of this package runs `program`, and a test checks it; the
    /// transcript's file, or why not.
    pub fn checked_transcript_of(&self, program: &str) -> Result<&Path, String> {
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
    pub fn checks(&self, path: &Path) -> bool {
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
pub fn programs_in(path: &Path) -> Vec<String> {
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
pub fn targets_in(dir: &Path) -> Vec<String> {
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
pub fn named_tables(toml: &str, section: &str) -> Vec<String> {
    toml.split("\n[")
        .filter(|table| table.starts_with(&format!("[{section}]]")))
        .filter_map(|table| toml_value(table, "name").map(str::to_string))
        .collect()
}

/// Every package of the workspace, by name.
pub fn packages() -> BTreeMap<String, Package> {
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
            // A `[[bin]]` or `[[example]]` table may name a program cargo also finds.
            bins.sort();
            bins.dedup();
            examples.sort();
            examples.dedup();
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
