//! Where the flags go: a folder missing, impossible, or a file; and the partial files a
//! killed run left behind.

use std::path::Path;

use super::{Binary, args, check_run};
use crate::files::file_names;
use crate::process::{run, stderr, stdout};
use crate::servers::local;

/// The destination folder: missing (created), impossible to create even for root (under
/// `/proc`), and a regular file where the folder should be. The last two give a clear
/// error for each flag, exit 1, and no panic.
pub fn destinations(bin: &Binary) {
    let server = local();
    let base_url = server.base_url();
    let codes = ["BR", "CN"];
    let dir = tempfile::tempdir().expect("a temporary folder");

    let missing = dir.path().join("new").join("flags");
    let what = format!("{} with a missing destination", bin.name());
    let output = run(bin.path, &args(&base_url, &missing, &[], &codes));
    assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(&output));
    let report = check_run(&what, bin, &output, &codes, &missing);
    assert_eq!(report.counter.ok, 2, "{what}: created and filled");

    // /proc refuses a new folder even to root, where chmod would not.
    let unwritable = Path::new("/proc/flags-testkit-destination");
    let blocker = dir.path().join("downloaded");
    std::fs::write(&blocker, "not a folder").expect("a file in the way");
    for (case, dest) in [("an unwritable", unwritable), ("a file as", &*blocker)] {
        let what = format!("{} with {case} destination", bin.name());
        let output = run(bin.path, &args(&base_url, dest, &[], &codes));
        let report = check_run(&what, bin, &output, &codes, dest);
        assert_eq!(report.counter.error, 2, "{what}: {}", stdout(&output));
        for (cc, message) in report.errors() {
            let path = dest.join(bin.naming.file_name(cc));
            let expected = format!("cannot save {}: ", path.display());
            assert!(
                message.starts_with(&expected),
                "{what}: {cc} says {message:?}"
            );
        }
        assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
    }
    assert_eq!(
        std::fs::read_to_string(&blocker).expect("still a file"),
        "not a folder",
        "the file in the way is left alone"
    );
}

/// Temporary files that a killed run left (`.BR.gif.x1Y2z3.part`, as `save_flag` names
/// them) are removed by the next run into the same folder; anything else is left alone.
pub fn leftover_partial_files_are_removed(bin: &Binary) {
    let what = format!("{} with leftovers in its folder", bin.name());
    let server = local();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dest = dir.path().join("flags");
    std::fs::create_dir(&dest).expect("the destination");
    let ours = [".BR.gif.a1B2c3.part", ".Korea_South.gif.Zz9y8X.part"];
    let theirs = [
        ".notes.part",
        ".BR.gif.part",
        "BR.gif.a1b2c3.part",
        ".BR.png.a1b2c3.part",
        "notes.txt",
    ];
    for name in ours.iter().chain(&theirs) {
        std::fs::write(dest.join(name), b"").expect("a leftover");
    }
    let output = run(bin.path, &args(&server.base_url(), &dest, &[], &["BR"]));
    assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(&output));
    let mut expected: Vec<String> = theirs.iter().map(|name| name.to_string()).collect();
    expected.push(bin.naming.file_name("BR"));
    expected.sort();
    assert_eq!(file_names(&dest), expected, "{what}");
}
