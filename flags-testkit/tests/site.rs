//! The companion site (`site/`, an mdBook) read as mdBook reads it, without mdBook.
//!
//! mdBook 0.5 is lenient where a reader is not: a `{{#include}}` of a missing file is
//! logged and left in the page as raw text, the build still exits 0; an include of a
//! missing `:anchor` shows an empty listing; links and pictures are not checked at all.
//! So this test walks `site/src` and fails on:
//!
//! - an include whose file is missing, whose anchor is not in it (`ANCHOR: name` and
//!   `ANCHOR_END: name`), or whose line range runs past its end;
//! - a relative link or picture that leads to no file inside `site/src` (the built site
//!   holds nothing else), or to a heading the page it names does not have;
//! - a page `SUMMARY.md` names that does not exist, and a page it does not name.
//!
//! It needs no mdBook, so `cargo test` runs it on any machine; `.ci/run` also builds the
//! site with mdBook and opens a page in a headless browser (`examples/site_page.rs`).

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use walkdir::WalkDir;

/// The site's pages: `site/src`, beside this crate.
fn site_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../site/src")
}

/// Everything wrong with the site under `src`, one line each (empty: nothing).
fn check_site(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let pages = pages(src, &mut problems);
    let summary = src.join("SUMMARY.md");
    let named = match fs::read_to_string(&summary) {
        Ok(text) => summary_pages(&text),
        Err(err) => {
            problems.push(format!("{}: {err}", summary.display()));
            Vec::new()
        }
    };
    for page in &named {
        if !src.join(page).is_file() {
            problems.push(format!("SUMMARY.md names {page}, which does not exist"));
        }
    }
    let named: BTreeSet<PathBuf> = named.iter().map(PathBuf::from).collect();
    for page in &pages {
        if !named.contains(page) {
            problems.push(format!("{} is not in SUMMARY.md", page.display()));
        }
    }
    for page in &pages {
        let path = src.join(page);
        match fs::read_to_string(&path) {
            Ok(text) => check_page(src, page, &text, &mut problems),
            Err(err) => problems.push(format!("{}: {err}", path.display())),
        }
    }
    problems
}

/// Every `.md` file under `src` but `SUMMARY.md`, relative to `src`.
fn pages(src: &Path, problems: &mut Vec<String>) -> BTreeSet<PathBuf> {
    let mut pages = BTreeSet::new();
    for entry in WalkDir::new(src) {
        match entry {
            Ok(entry) if entry.path().extension().is_some_and(|ext| ext == "md") => {
                let page = entry.path().strip_prefix(src).expect("walked from src");
                if page != Path::new("SUMMARY.md") {
                    pages.insert(page.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(err) => problems.push(format!("walking {}: {err}", src.display())),
        }
    }
    pages
}

/// The pages `SUMMARY.md` links to (a draft chapter, `[Title]()`, names none).
fn summary_pages(summary: &str) -> Vec<String> {
    links(summary)
        .into_iter()
        .filter(|link| !link.is_image && !link.dest.is_empty())
        .map(|link| link.dest)
        .collect()
}

/// The markdown options mdBook 0.5 parses with.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A link or a picture, as written.
struct Link {
    dest: String,
    is_image: bool,
}

fn links(markdown: &str) -> Vec<Link> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(Link {
                dest: dest_url.into_string(),
                is_image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => Some(Link {
                dest: dest_url.into_string(),
                is_image: true,
            }),
            _ => None,
        })
        .collect()
}

fn check_page(src: &Path, page: &Path, text: &str, problems: &mut Vec<String>) {
    let dir = src
        .join(page)
        .parent()
        .expect("a page is in a folder")
        .to_owned();
    for include in includes(text) {
        if let Err(problem) = check_include(&dir, &include) {
            problems.push(format!("{}: {{{{#{include}}}}}: {problem}", page.display()));
        }
    }
    let mut checked = BTreeSet::new();
    for link in links(text) {
        if !checked.insert((link.dest.clone(), link.is_image)) {
            continue; // a page may link twice to one place: one problem is enough
        }
        if let Err(problem) = check_link(src, page, &link.dest) {
            let what = if link.is_image { "picture" } else { "link" };
            let dest = &link.dest;
            problems.push(format!("{}: {what} {dest}: {problem}", page.display()));
        }
    }
}

/// The text between `{{#` and `}}` of every include on a page (`\{{#...}}` is escaped,
/// shown as it is), e.g. `include ../../../primes/src/bin/procs.rs:main`.
fn includes(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let escaped = rest[..start].ends_with('\\');
        rest = &rest[start + 3..];
        let Some(end) = rest.find("}}") else { break };
        let inner = &rest[..end];
        if !escaped && (inner.starts_with("include ") || inner.starts_with("rustdoc_include ")) {
            found.push(inner.trim().to_owned());
        }
        rest = &rest[end + 2..];
    }
    found
}

/// Checks `include PATH[:ANCHOR | :FROM:TO]`, PATH relative to the page's folder.
fn check_include(dir: &Path, include: &str) -> Result<(), String> {
    let spec = include
        .split_once(' ')
        .map(|(_, spec)| spec.trim())
        .unwrap_or_default();
    let (file, selector) = match spec.split_once(':') {
        Some((file, selector)) => (file, Some(selector)),
        None => (spec, None),
    };
    let path = dir.join(file);
    let text = fs::read_to_string(&path).map_err(|err| err.to_string())?;
    let Some(selector) = selector else {
        return Ok(());
    };
    let is_range = selector.chars().all(|c| c.is_ascii_digit() || c == ':');
    if is_range {
        // `N`, `N:M`, `N:` or `:M`, lines counted from 1: a line past the end is an error.
        let lines = text.lines().count();
        for bound in selector.split(':').filter(|bound| !bound.is_empty()) {
            let line: usize = bound.parse().map_err(|_| format!("bad line {bound}"))?;
            if line == 0 || line > lines {
                return Err(format!("line {line} of a {lines}-line file"));
            }
        }
        return Ok(());
    }
    // mdBook's anchors: a line holding `ANCHOR: name`, then one holding `ANCHOR_END: name`,
    // the name a run of letters, digits, `_` and `-` (what follows it is free text).
    let name = |rest: &str| {
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        rest[..end].to_owned()
    };
    let marks = |mark: &str| {
        text.lines().position(|line| {
            line.split_once(mark)
                .is_some_and(|(_, rest)| name(rest) == selector)
        })
    };
    match (marks("ANCHOR:"), marks("ANCHOR_END:")) {
        (Some(start), Some(end)) if start < end => Ok(()),
        (None, _) => Err(format!("no `ANCHOR: {selector}` in {file}")),
        (_, None) => Err(format!("no `ANCHOR_END: {selector}` in {file}")),
        _ => Err(format!("`ANCHOR_END: {selector}` before its start")),
    }
}

/// A link that leaves the site (`https:`, `mailto:`) is not checked: no network here.
fn is_external(dest: &str) -> bool {
    let scheme = dest.split([':', '/', '#', '?']).next().unwrap_or_default();
    dest.len() > scheme.len() && dest[scheme.len()..].starts_with(':') && !scheme.is_empty()
}

fn check_link(src: &Path, page: &Path, dest: &str) -> Result<(), String> {
    if is_external(dest) {
        return Ok(());
    }
    let (target, fragment) = match dest.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (dest, None),
    };
    let target = if target.is_empty() {
        page.to_path_buf()
    } else {
        let from = page.parent().expect("a page is in a folder");
        // Lexically, as a browser resolves it: `..` past the site's root leaves the site.
        let mut resolved = PathBuf::new();
        for part in from.join(target).components() {
            match part {
                Component::Normal(part) => resolved.push(part),
                Component::ParentDir if resolved.pop() => {}
                Component::CurDir => {}
                _ => return Err("leads out of site/src: the built site holds nothing else".into()),
            }
        }
        resolved
    };
    let path = src.join(&target);
    if !path.is_file() {
        return Err(format!("no file site/src/{}", target.display()));
    }
    match fragment {
        Some(fragment) if target.extension().is_some_and(|ext| ext == "md") => {
            let text = fs::read_to_string(&path).map_err(|err| err.to_string())?;
            if heading_ids(&text).contains(fragment) {
                Ok(())
            } else {
                Err(format!("no heading #{fragment} in {}", target.display()))
            }
        }
        _ => Ok(()),
    }
}

/// The ids mdBook gives a page's headings: a custom `{#id}`, or the heading's text in
/// lower case, spaces as `-`, other punctuation dropped; a repeat gets `-1`, `-2`...
fn heading_ids(markdown: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|id| id.into_string()), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, content)) = &mut heading {
                    content.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((custom, content)) = heading.take() else {
                    continue;
                };
                let id = custom.unwrap_or_else(|| normalize_id(&content));
                let count = seen.entry(id.clone()).or_default();
                ids.insert(match *count {
                    0 => id,
                    n => format!("{id}-{n}"),
                });
                *count += 1;
            }
            _ => {}
        }
    }
    ids
}

fn normalize_id(content: &str) -> String {
    content
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_ascii_lowercase()),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

#[test]
fn the_companion_site_has_no_broken_include_link_or_page() {
    let src = site_src();
    assert!(src.join("SUMMARY.md").is_file(), "no {}", src.display());
    let problems = check_site(&src);
    assert!(
        problems.is_empty(),
        "{} problems in site/src:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A site of one page in a temporary folder, laid out like the real one: `site/src`
/// next to a crate whose file the page includes.
struct TinySite {
    root: tempfile::TempDir,
}

const GOOD_PAGE: &str = "# Spinners\n\n\
    ```rust\n{{#include ../../crate/src/lib.rs}}\n```\n\n\
    ```rust\n{{#include ../../crate/src/lib.rs:spin}}\n```\n\n\
    ```rust\n{{#include ../../crate/src/lib.rs:2:3}}\n```\n\n\
    See [the race](#the-race) and [the index](index.md#chapter-19), not \\{{#include nothing}}.\n\n\
    ## The race\n\n![the race](img/race.svg)\n";

impl TinySite {
    fn new(page: &str) -> Self {
        let root = tempfile::tempdir().expect("a temporary folder");
        let write = |path: &str, text: &str| {
            let path = root.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write(
            "crate/src/lib.rs",
            "// ANCHOR: spin - the spinner\nfn spin() {}\n// ANCHOR_END: spin\n",
        );
        write(
            "site/src/SUMMARY.md",
            "# Summary\n\n- [Chapter 19](index.md)\n    - [Spinners](spinners.md)\n- [Draft]()\n",
        );
        write("site/src/index.md", "# Chapter 19\n");
        write("site/src/img/race.svg", "<svg/>");
        write("site/src/spinners.md", page);
        TinySite { root }
    }

    fn src(&self) -> PathBuf {
        self.root.path().join("site/src")
    }

    fn problems(&self) -> Vec<String> {
        check_site(&self.src())
    }

    /// Checks that the site has exactly one problem, and that it says `what`.
    fn assert_one_problem(&self, what: &str) {
        let problems = self.problems();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains(what), "{problems:#?}");
    }
}

#[test]
fn a_sound_site_has_no_problem() {
    assert_eq!(TinySite::new(GOOD_PAGE).problems(), Vec::<String>::new());
}

#[test]
fn an_include_of_a_missing_file_is_a_problem() {
    let page = GOOD_PAGE.replace("src/lib.rs}}", "src/main.rs}}");
    TinySite::new(&page).assert_one_problem("spinners.md: {{#include ../../crate/src/main.rs}}");
}

#[test]
fn an_include_of_a_missing_anchor_is_a_problem() {
    let page = GOOD_PAGE.replace("lib.rs:spin", "lib.rs:supervisor");
    TinySite::new(&page).assert_one_problem("no `ANCHOR: supervisor`");
}

#[test]
fn an_anchor_without_its_end_is_a_problem() {
    let site = TinySite::new(GOOD_PAGE);
    let lib = site.root.path().join("crate/src/lib.rs");
    fs::write(&lib, "// ANCHOR: spin\nfn spin() {}\n").unwrap();
    // The range 2:3 now runs past the end too.
    let problems = site.problems();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("no `ANCHOR_END: spin`"),
        "{problems:#?}"
    );
    assert!(
        problems[1].contains("line 3 of a 2-line file"),
        "{problems:#?}"
    );
}

#[test]
fn a_line_range_past_the_end_is_a_problem() {
    let page = GOOD_PAGE.replace("lib.rs:2:3", "lib.rs:2:30");
    TinySite::new(&page).assert_one_problem("line 30 of a 3-line file");
}

#[test]
fn a_link_to_a_missing_page_is_a_problem() {
    let page = GOOD_PAGE.replace("(index.md#", "(ch19.md#");
    TinySite::new(&page).assert_one_problem("spinners.md: link ch19.md#chapter-19: no file");
}

#[test]
fn a_link_to_a_missing_heading_is_a_problem() {
    let page = GOOD_PAGE.replace("(#the-race)", "(#the-races)");
    TinySite::new(&page).assert_one_problem("no heading #the-races in spinners.md");
    let page = GOOD_PAGE.replace("index.md#chapter-19", "index.md#chapter-20");
    TinySite::new(&page).assert_one_problem("no heading #chapter-20 in index.md");
}

#[test]
fn a_missing_picture_is_a_problem() {
    let page = GOOD_PAGE.replace("img/race.svg", "img/race-tokio.svg");
    TinySite::new(&page).assert_one_problem("picture img/race-tokio.svg: no file");
}

#[test]
fn a_link_out_of_the_site_is_a_problem_even_to_a_file_that_exists() {
    let page = format!("{GOOD_PAGE}\n[the code](../../crate/src/lib.rs)\n");
    TinySite::new(&page).assert_one_problem("leads out of site/src");
}

#[test]
fn a_page_missing_from_the_summary_is_a_problem_and_so_is_a_missing_page() {
    let site = TinySite::new(GOOD_PAGE);
    fs::write(site.src().join("extra.md"), "# Extra\n").unwrap();
    fs::remove_file(site.src().join("index.md")).unwrap();
    let problems = site.problems();
    assert!(
        problems.contains(&"SUMMARY.md names index.md, which does not exist".to_owned()),
        "{problems:#?}"
    );
    assert!(
        problems.contains(&"extra.md is not in SUMMARY.md".to_owned()),
        "{problems:#?}"
    );
}

#[test]
fn external_links_are_left_alone() {
    let page = format!(
        "{GOOD_PAGE}\n[book](https://github.com/fluentpython/example-code-2e) <mailto:a@b.c>\n"
    );
    assert_eq!(TinySite::new(&page).problems(), Vec::<String>::new());
}

#[test]
fn heading_ids_are_mdbooks() {
    // Checked against the HTML of mdBook 0.5.4.
    let ids =
        heading_ids("# A\n\n## The `flags.py` twin: what?\n\n## Dup\n\n## Dup\n\n## Own {#mine}\n");
    let expected = ["a", "the-flagspy-twin-what", "dup", "dup-1", "mine"];
    assert_eq!(ids, expected.map(String::from).into_iter().collect());
}
