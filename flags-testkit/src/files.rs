//! Checks on the destination folder: only whole flags, each equal to what the server sent.

use std::collections::BTreeMap;
use std::path::Path;

use flags_common::safe_file_name;
use flags_server::FlagStore;

/// How a binary names the file of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `BR.gif`: flags2 and its twins.
    Code,
    /// `Brazil.gif`, the country's safe name: flags3.
    Country,
}

impl Naming {
    /// The file name of the flag of `cc` (a code of the real set, for [`Naming::Country`]).
    pub fn file_name(self, cc: &str) -> String {
        match self {
            Naming::Code => format!("{cc}.gif"),
            Naming::Country => {
                let country = flags_common::country(cc).expect("a code of the real set");
                format!("{}.gif", safe_file_name(country.country, cc))
            }
        }
    }
}

/// The 194 codes of the data set, upper case.
pub fn all_codes() -> Vec<&'static str> {
    flags_common::country_codes().collect()
}

/// The names of the files in `dir`, sorted; none for a folder that does not exist.
pub fn file_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|entry| {
            let entry = entry.expect("a readable folder");
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Checks that `dir` holds exactly `{CC}.gif` for each code of `codes`, each byte for byte
/// what the server serves, and nothing else (no temporary file left behind).
pub fn assert_saved_exactly(dir: &Path, codes: &[&str]) {
    assert_saved_exactly_as(dir, Naming::Code, codes);
}

/// Checks that `dir` holds exactly the flags of the codes of `codes` that the server has,
/// under their names for `naming`, each byte for byte what it serves, and nothing else.
pub fn assert_saved_exactly_as(dir: &Path, naming: Naming, codes: &[&str]) {
    let store = FlagStore::embedded();
    let mut expected: Vec<String> = codes
        .iter()
        .filter(|cc| store.get(&cc.to_ascii_lowercase()).is_some())
        .map(|cc| cc.to_string())
        .collect();
    expected.sort();
    let saved = assert_whole_flags(dir, naming, codes);
    assert_eq!(saved, expected, "the flags in {}", dir.display());
}

/// Checks that every file in `dir` is the whole flag of one of `codes`, byte for byte what
/// the embedded server sends, under its name for `naming`; that there is nothing else (no
/// `.part` file, no stray name); and returns the codes saved, sorted. A folder that does
/// not exist holds no flag.
pub fn assert_whole_flags(dir: &Path, naming: Naming, codes: &[&str]) -> Vec<String> {
    let store = FlagStore::embedded();
    let by_name: BTreeMap<String, &str> = codes
        .iter()
        .filter(|cc| store.get(&cc.to_ascii_lowercase()).is_some())
        .map(|cc| (naming.file_name(cc), *cc))
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut saved = Vec::new();
    for entry in entries {
        let entry = entry.expect("a readable folder");
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(cc) = by_name.get(&name) else {
            panic!(
                "{name:?} in {} is not the flag of any of {codes:?} (a partial or stray file)",
                dir.display()
            );
        };
        let served = store.get(&cc.to_ascii_lowercase()).expect("a known code");
        let bytes = std::fs::read(entry.path()).expect("a readable file");
        assert!(
            bytes == served.gif,
            "{name}: {} bytes, not the {} the server sent",
            bytes.len(),
            served.gif.len()
        );
        saved.push(cc.to_string());
    }
    saved.sort();
    saved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_code_and_by_country() {
        assert_eq!(Naming::Code.file_name("BR"), "BR.gif");
        assert_eq!(Naming::Country.file_name("KR"), "Korea_South.gif");
    }

    #[test]
    fn whole_flags_pass_and_a_missing_folder_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let br = FlagStore::embedded().get("br").unwrap().gif;
        std::fs::write(dir.path().join("BR.gif"), &br).unwrap();
        assert_eq!(
            assert_whole_flags(dir.path(), Naming::Code, &["BR", "CN"]),
            ["BR"]
        );
        assert_saved_exactly(dir.path(), &["BR"]);
        let missing = dir.path().join("missing");
        assert!(assert_whole_flags(&missing, Naming::Code, &["BR"]).is_empty());
    }

    #[test]
    fn every_served_flag_and_document_passes_the_clients_checks() {
        // The checks must never refuse what the project's own server sends.
        let store = FlagStore::embedded();
        let none = http::HeaderMap::new();
        for cc in all_codes() {
            let flag = store.get(&cc.to_ascii_lowercase()).expect("a known code");
            assert_eq!(flags_common::check_flag(&none, &flag.gif), Ok(()), "{cc}");
            let country = flags_common::country(cc).expect("a known code");
            let json = flags_server::metadata_json(country);
            let metadata = flags_common::check_metadata(cc, &none, json.as_bytes());
            assert_eq!(metadata.map(|m| m.country), Ok(country.country.to_string()));
        }
    }

    #[test]
    fn the_194_country_names_give_194_file_names() {
        // flags3 refuses a second code for a name already given out: the real set has none.
        let mut names: Vec<String> = all_codes()
            .iter()
            .map(|cc| Naming::Country.file_name(cc).to_lowercase())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 194);
    }

    #[test]
    #[should_panic(expected = "not the")]
    fn a_short_flag_fails() {
        let dir = tempfile::tempdir().unwrap();
        let br = FlagStore::embedded().get("br").unwrap().gif;
        std::fs::write(dir.path().join("BR.gif"), &br[..10]).unwrap();
        assert_whole_flags(dir.path(), Naming::Code, &["BR"]);
    }

    #[test]
    #[should_panic(expected = "partial or stray")]
    fn a_part_file_fails() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".BR.gif.x1y2.part"), b"GIF8").unwrap();
        assert_whole_flags(dir.path(), Naming::Code, &["BR"]);
    }
}
