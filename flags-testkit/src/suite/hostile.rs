//! A server that lies: a body that is not a flag, a `metadata.json` that is not one, and
//! two codes that claim one country.

use super::{Binary, CODES, args, args_with_timeout, assert_every_code_failed, check_run};
use crate::files::{Naming, assert_whole_flags, file_names};
use crate::process::{run, stderr, stdout};
use crate::report::Report;
use crate::servers::{Hostile, hostile_url};

/// One lie of a hostile server, and what the verbose line of a code that met it says.
#[derive(Debug, Clone, Copy)]
struct Lie {
    lie: Hostile,
    says: &'static str,
    /// Only a flags3 binary asks for `metadata.json`.
    flags3_only: bool,
}

/// The lies of [`Hostile`] about a flag or a metadata document, and the error each gives.
const LIES: [Lie; 8] = [
    Lie {
        lie: Hostile::Html,
        says: "not a GIF: the body starts with \"<!DOCTYPE html>",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Empty,
        says: "not a GIF: the body is empty",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Gzip,
        says: "Content-Encoding: gzip",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::LengthTooShort,
        says: "not a GIF: it ends before the GIF trailer",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Huge,
        says: "over the 1 MiB limit",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::Endless,
        says: "over the 1 MiB limit",
        flags3_only: false,
    },
    Lie {
        lie: Hostile::MetadataHtml,
        says: "bad metadata.json: ",
        flags3_only: true,
    },
    Lie {
        lie: Hostile::MetadataWithoutCountry,
        says: "bad metadata.json: missing field `country`",
        flags3_only: true,
    },
];

/// A server that answers `200 OK` with something that is not what was asked for: an HTML
/// page, nothing, an unasked gzip, a `Content-Length` shorter than the flag, 2 GiB, a body
/// without end; and, for flags3, a `metadata.json` that is not one. Every code is a
/// counted error that says what was wrong, nothing is saved, the run exits 1.
pub fn hostile_responses_are_counted_errors(bin: &Binary) {
    let flags3 = bin.naming == Naming::Country;
    // One after another: each takes a fraction of a second, and eight processes at once
    // would load the machine under the suite's other, timing-bound tests.
    for lie in LIES.iter().filter(|lie| flags3 || !lie.flags3_only) {
        one_lie(bin, lie);
    }
}

fn one_lie(bin: &Binary, lie: &Lie) {
    let what = format!("{} when the server sends {:?}", bin.name(), lie.lie);
    let base_url = hostile_url(lie.lie);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    // No lie needs a timeout to end: a generous one, so a slow CI never turns one into
    // a timeout.
    let argv = args_with_timeout("10", &base_url, &dest, &["-m", "3"], &CODES);
    let output = run(bin.path, &argv);
    let report = check_run(&what, bin, &output, &CODES, &dest);
    assert_every_code_failed(&what, &output, &report, lie.says);
}

/// Every `metadata.json` names Brazil. flags2 never asks for it and saves each flag under
/// its code. flags3 would save three flags as `Brazil.gif`, each over the last: the first
/// flag saved keeps the name, each other code is an error that says whose the name is.
pub fn two_codes_one_country_name(bin: &Binary) {
    let what = format!("{} when every country is Brazil", bin.name());
    let base_url = hostile_url(Hostile::SameCountry);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    let output = run(bin.path, &args(&base_url, &dest, &["-m", "3"], &CODES));
    let out = stdout(&output);
    assert!(!stderr(&output).contains("panicked"), "{what}: a panic");
    let report = Report::parse(&out);
    if bin.naming == Naming::Code {
        assert_eq!(report.counter.ok, CODES.len(), "{what}: {out}");
        assert_whole_flags(&dest, bin.naming, &CODES);
        return;
    }
    let ok = report.ok_codes();
    assert_eq!(ok.len(), 1, "{what}: one flag per name\n{out}");
    assert_eq!(report.counter.error, CODES.len() - 1, "{what}: {out}");
    for (cc, message) in report.errors() {
        let expected = format!("Brazil.gif is already the flag of {}", ok[0]);
        assert!(message.contains(&expected), "{what}: {cc} says {message:?}");
    }
    assert_eq!(file_names(&dest), ["Brazil.gif"], "{what}");
    let saved = std::fs::read(dest.join("Brazil.gif")).expect("the flag");
    let served = flags_server::FlagStore::embedded()
        .get(&ok[0].to_ascii_lowercase())
        .expect("a known code")
        .gif;
    assert!(
        saved == served,
        "{what}: Brazil.gif is not the flag of {}",
        ok[0]
    );
    assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
}
