//! The book's `save_flag`, made safe: a flag is written completely or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

/// Every [`save_flag`] holds it shared while it writes; [`exit_between_saves`] takes it
/// alone, so that the process never ends halfway through a write it cannot clean up.
static SAVES: RwLock<()> = RwLock::new(());

/// A flag that could not be saved, with the path it was meant for.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {source}", path.display())]
pub struct SaveError {
    /// Where the flag was to be written.
    pub path: PathBuf,
    /// What the file system said.
    #[source]
    pub source: std::io::Error,
}

/// Saves `img` as `dest/filename`, creating `dest` when missing, and returns the path.
///
/// The bytes go to a temporary file in `dest` that is renamed over `filename` once
/// complete, so a reader (or a crash, or Ctrl-C) never sees half a flag. `filename` must
/// be a plain file name: a name with a path separator or `..` is refused.
pub fn save_flag(img: &[u8], dest: &Path, filename: &str) -> Result<PathBuf, SaveError> {
    let path = dest.join(filename);
    let fail = |source| SaveError {
        path: path.clone(),
        source,
    };
    let plain = Path::new(filename)
        .file_name()
        .is_some_and(|name| name == filename);
    if !plain || filename.contains(['/', '\\']) {
        let why = format!("{filename:?} is not a plain file name");
        return Err(fail(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            why,
        )));
    }
    std::fs::create_dir_all(dest).map_err(fail)?;
    // A write is not worth a panic if another one panicked: the lock guards no data.
    let _saving = SAVES.read().unwrap_or_else(PoisonError::into_inner);
    let prefix = format!(".{filename}.");
    let mut builder = tempfile::Builder::new();
    // Six random letters and digits, said here because `remove_partial_files` counts on it.
    builder.prefix(&prefix).rand_bytes(6).suffix(".part");
    // A temporary file is private (0600); a saved flag is an ordinary file (0644 less umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dest).map_err(fail)?;
    tmp.write_all(img).map_err(fail)?;
    // On error the temporary file is deleted when `tmp` drops, so nothing partial is left.
    tmp.persist(&path).map_err(|err| fail(err.error))?;
    Ok(path)
}

/// Deletes the temporary files [`save_flag`] leaves in `dest` only when the process ends in
/// the middle of a write: `.{name}.gif.XXXXXX.part`, and nothing else (a `.notes.part`
/// of the reader's stays). Called before exiting after a signal, so an interrupted run
/// leaves whole flags only, and at the start of a run, for what a run killed outright
/// (SIGKILL) left. Returns how many were removed.
///
/// Two runs saving into the same folder at once would remove each other's temporary
/// files: a flag then fails to save and counts as an error. They would overwrite each
/// other's flags anyway.
pub fn remove_partial_files(dest: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dest) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| is_partial_file(&entry.file_name().to_string_lossy()))
        .filter(|entry| std::fs::remove_file(entry.path()).is_ok())
        .count()
}

/// Ends the process with `status`, from any thread, in the middle of a run (a signal, a
/// closed stdout): waits for the writes under way to end, removes the temporary files in
/// `dest`, and exits while holding the lock, so no new write starts. Without it, a thread
/// could create a temporary file between the clean-up and the exit.
pub fn exit_between_saves(dest: &Path, status: u8) -> ! {
    let _no_saves = SAVES.write().unwrap_or_else(PoisonError::into_inner);
    remove_partial_files(dest);
    std::process::exit(status.into())
}

/// Whether `name` is a temporary file of [`save_flag`]: a dot, a flag's file name, a dot,
/// tempfile's six random letters and digits, `.part`.
fn is_partial_file(name: &str) -> bool {
    let Some(inner) = name
        .strip_prefix('.')
        .and_then(|name| name.strip_suffix(".part"))
    else {
        return false;
    };
    let Some((filename, random)) = inner.rsplit_once('.') else {
        return false;
    };
    filename.len() > ".gif".len()
        && filename.ends_with(".gif")
        && random.len() == 6
        && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Turns a country name into a file name that is safe on every file system: spaces become
/// `_`, and path separators, quotes, commas, parentheses and other punctuation are dropped,
/// so `"Korea, South"` gives `Korea_South` and `"Côte d'Ivoire"` gives `Côte_dIvoire`.
/// Falls back to `fallback` (the country code) when nothing is left.
///
/// ```
/// use flags_common::safe_file_name;
///
/// assert_eq!(safe_file_name("Korea, South", "KR"), "Korea_South");
/// assert_eq!(safe_file_name("Côte d'Ivoire", "CI"), "Côte_dIvoire");
/// assert_eq!(safe_file_name("../..", "XX"), "XX");
/// ```
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let mut safe = String::with_capacity(name.len());
    for c in name.trim().chars() {
        match c {
            c if c.is_alphanumeric() || c == '-' => safe.push(c),
            c if (c.is_whitespace() || c == '_') && !safe.ends_with('_') => safe.push('_'),
            _ => {} // a repeated space, and / \ : ' " , ( ) . and the rest
        }
    }
    let safe = safe.trim_matches('_');
    if safe.is_empty() {
        fallback.to_string()
    } else {
        safe.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_creates_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("new").join("flags");
        let path = save_flag(b"GIF89a...", &dest, "br.gif").unwrap();
        assert_eq!(path, dest.join("br.gif"));
        assert_eq!(std::fs::read(&path).unwrap(), b"GIF89a...");
        // Saving again replaces the file whole.
        save_flag(b"GIF89a", &dest, "br.gif").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"GIF89a");
        let names: Vec<_> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["br.gif"], "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_saved_flag_is_readable_by_others_like_any_download() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = save_flag(b"GIF89a", dir.path(), "br.gif").unwrap();
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o444, 0o444, "mode {mode:o}");
    }

    #[test]
    fn partial_files_are_removed_and_flags_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        save_flag(b"GIF89a", dir.path(), "br.gif").unwrap();
        std::fs::write(dir.path().join(".cn.gif.a1b2c3.part"), b"GIF8").unwrap();
        std::fs::write(dir.path().join(".Korea_South.gif.Zz9y8X.part"), b"").unwrap();
        let not_ours = [
            ".hidden",
            ".notes.part",
            ".cn.gif.part",
            ".cn.png.a1b2c3.part",
            "cn.gif.a1b2c3.part",
            ".cn.gif.a1b2c.part",
        ];
        for name in not_ours {
            std::fs::write(dir.path().join(name), b"not ours").unwrap();
        }
        assert_eq!(remove_partial_files(dir.path()), 2);
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut expected: Vec<_> = not_ours.iter().chain(&["br.gif"]).copied().collect();
        expected.sort();
        assert_eq!(names, expected);
        assert_eq!(remove_partial_files(&dir.path().join("missing")), 0);
    }

    #[test]
    fn refuses_names_that_are_paths() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "../escape.gif",
            "a/b.gif",
            "a\\b.gif",
            "..",
            ".",
            "",
            "/etc/passwd",
        ] {
            let err = save_flag(b"x", dir.path(), name).expect_err(name);
            assert_eq!(
                err.source.kind(),
                std::io::ErrorKind::InvalidInput,
                "{name}"
            );
        }
        assert!(!dir.path().parent().unwrap().join("escape.gif").exists());
    }

    #[test]
    fn a_file_in_the_way_of_the_folder_is_an_error_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("downloaded");
        std::fs::write(&blocker, "not a folder").unwrap();
        let err = save_flag(b"x", &blocker, "br.gif").unwrap_err();
        assert_eq!(err.path, blocker.join("br.gif"));
        assert!(err.to_string().contains("downloaded/br.gif"), "{err}");
    }

    #[test]
    fn a_failed_write_leaves_no_file_at_all() {
        // A name the OS refuses: the rename fails after the bytes were written to the
        // temporary file, and neither file may remain.
        let dir = tempfile::tempdir().unwrap();
        let too_long = format!("{}.gif", "x".repeat(300));
        let err = save_flag(&[7; 10_000], dir.path(), &too_long).unwrap_err();
        assert!(err.to_string().contains("cannot save"), "{err}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing partial left"
        );
    }

    #[test]
    fn an_unwritable_folder_is_an_error_not_a_panic() {
        // Nobody, root included, may create a folder in /proc.
        let dest = Path::new("/proc/flags-common-test");
        let err = save_flag(b"x", dest, "br.gif").unwrap_err();
        assert_eq!(err.path, dest.join("br.gif"));
        assert!(
            err.to_string()
                .starts_with("cannot save /proc/flags-common-test/br.gif: ")
        );
    }

    #[test]
    fn country_names_become_safe_file_names() {
        assert_eq!(safe_file_name("Korea, South", "KR"), "Korea_South");
        assert_eq!(safe_file_name("Congo (Kinshasa)", "CD"), "Congo_Kinshasa");
        assert_eq!(safe_file_name("Côte d'Ivoire", "CI"), "Côte_dIvoire");
        assert_eq!(
            safe_file_name("Bosnia and Herzegovina", "BA"),
            "Bosnia_and_Herzegovina"
        );
        assert_eq!(safe_file_name("../../etc/passwd", "XX"), "etcpasswd");
        assert_eq!(safe_file_name("a\\b:c\"d", "XX"), "abcd");
        assert_eq!(safe_file_name(" .. ", "XX"), "XX");
        for c in crate::COUNTRIES {
            let name = safe_file_name(c.country, c.iso_cc);
            assert!(
                !name.is_empty() && !name.contains(['/', '\\', ':', ',', '(', ')', '\'', '"', ' '])
            );
        }
    }
}
