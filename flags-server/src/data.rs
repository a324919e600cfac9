//! What the server serves: the embedded data set, or a folder laid out like `flags.zip`.
//!
//! Either way everything is read into memory at start-up and looked up by country code,
//! so a request path never reaches the file system: no path can escape the data root.
//! Nor can a symbolic link: a file of the folder is read only if it resolves inside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use flags_common::{COUNTRIES, Country};

/// One country's two documents.
#[derive(Debug, Clone)]
pub struct Flag {
    /// The GIF image, served as `/flags/{cc}/{cc}.gif`.
    pub gif: Bytes,
    /// The JSON document served as `/flags/{cc}/metadata.json`.
    pub metadata: Bytes,
}

/// The flags a server holds, by lower-case country code.
#[derive(Debug, Default)]
pub struct FlagStore {
    flags: BTreeMap<String, Entry>,
    /// Files and folders of a `--dir` left out because they resolve outside it.
    refused: Vec<PathBuf>,
}

/// A stored flag. Embedded GIFs are drawn on first use (about 3 ms each), so a test that
/// fetches three flags does not pay for 194; [`FlagStore::warm`] draws them all up front.
#[derive(Debug)]
struct Entry {
    gif: OnceLock<Bytes>,
    metadata: Bytes,
}

/// A `--dir` that cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The folder or a file in it could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The path that failed.
        path: PathBuf,
        /// What the file system said.
        #[source]
        source: std::io::Error,
    },
    /// The folder holds no flag in the expected layout.
    #[error(
        "no flags found in {root}: expected {root}/xx/xx.gif (and xx/metadata.json), the layout of the book's flags.zip",
        root = .0.display()
    )]
    Empty(PathBuf),
}

impl FlagStore {
    /// The embedded data set: the 194 countries of the book's set, each with its metadata
    /// and a generated, deterministic GIF89a sized like the real flags (1 KB to 36 KB).
    /// Built once per process and shared.
    pub fn embedded() -> Arc<FlagStore> {
        static EMBEDDED: OnceLock<Arc<FlagStore>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                let flags = COUNTRIES
                    .iter()
                    .map(|c| {
                        let entry = Entry {
                            gif: OnceLock::new(),
                            metadata: metadata_json(c).into(),
                        };
                        (c.iso_cc.to_ascii_lowercase(), entry)
                    })
                    .collect();
                Arc::new(FlagStore {
                    flags,
                    refused: Vec::new(),
                })
            })
            .clone()
    }

    /// Reads a folder laid out like the book's `flags.zip`: `DIR/xx/xx.gif` and
    /// `DIR/xx/metadata.json`, where `xx` is a lower-case code. `DIR` may also be the folder
    /// the zip was extracted into, holding `flags/`.
    ///
    /// Only what resolves inside `DIR` is read: a symbolic link that leads out of it (a
    /// flag linked to `/etc/passwd`, a country folder linked elsewhere) is left out and
    /// listed by [`FlagStore::refused`]; a link that stays inside is followed.
    pub fn from_dir(dir: &Path) -> Result<FlagStore, DataError> {
        let read_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DataError::Read { path, source }
        };
        let top = dir.canonicalize().map_err(read_err(dir))?;
        let nested = top.join("flags");
        let root = if nested.is_dir() { nested } else { top.clone() };
        // Where `path` really is, if that is inside `top`; None if it leads out.
        let inside = |path: &Path| -> std::io::Result<Option<PathBuf>> {
            let real = path.canonicalize()?;
            Ok(real.starts_with(&top).then_some(real))
        };
        let mut flags = BTreeMap::new();
        let mut refused = Vec::new();
        for entry in std::fs::read_dir(&root).map_err(read_err(&root))? {
            let entry = entry.map_err(read_err(&root))?;
            let Some(cc) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let folder = entry.path();
            let gif_path = folder.join(format!("{cc}.gif"));
            if !gif_path.is_file() {
                continue;
            }
            let Some(gif_real) = inside(&gif_path).map_err(read_err(&gif_path))? else {
                // Name what leads out: the flag, or the country folder itself.
                let folder_inside = inside(&folder).map_err(read_err(&folder))?.is_some();
                refused.push(if folder_inside { gif_path } else { folder });
                continue;
            };
            let gif = std::fs::read(&gif_real).map_err(read_err(&gif_path))?;
            let meta_path = folder.join("metadata.json");
            let read_meta = || -> std::io::Result<Option<Vec<u8>>> {
                match inside(&meta_path)? {
                    Some(real) => std::fs::read(real).map(Some),
                    None => Ok(None),
                }
            };
            let metadata = match read_meta() {
                Ok(Some(bytes)) => bytes,
                Ok(None) => {
                    refused.push(meta_path);
                    made_up_metadata(&cc)
                }
                // A folder with only GIFs still serves; metadata is made up from the table.
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => made_up_metadata(&cc),
                Err(source) => {
                    return Err(DataError::Read {
                        path: meta_path,
                        source,
                    });
                }
            };
            let entry = Entry {
                gif: OnceLock::from(Bytes::from(gif)),
                metadata: metadata.into(),
            };
            flags.insert(cc, entry);
        }
        if flags.is_empty() {
            return Err(DataError::Empty(root));
        }
        Ok(FlagStore { flags, refused })
    }

    /// What [`FlagStore::from_dir`] left out because it leads out of the folder.
    pub fn refused(&self) -> &[PathBuf] {
        &self.refused
    }

    /// Writes the store to `dir` in the layout of the book's `flags.zip`
    /// (`dir/flags/xx/xx.gif`, `dir/flags/xx/metadata.json`), so that the same bytes can be
    /// served by `python3 -m http.server` or nginx. Returns how many flags were written.
    pub fn export(&self, dir: &Path) -> Result<usize, flags_common::SaveError> {
        for cc in self.codes() {
            let flag = self.get(cc).expect("listed codes are stored");
            let folder = dir.join("flags").join(cc);
            flags_common::save_flag(&flag.gif, &folder, &format!("{cc}.gif"))?;
            flags_common::save_flag(&flag.metadata, &folder, "metadata.json")?;
        }
        Ok(self.len())
    }

    /// The flag of `cc` (lower case), if the store has it. `Bytes` clones share the data.
    pub fn get(&self, cc: &str) -> Option<Flag> {
        let entry = self.flags.get(cc)?;
        let gif = entry
            .gif
            .get_or_init(|| crate::gif_art::flag_gif(cc).into());
        Some(Flag {
            gif: gif.clone(),
            metadata: entry.metadata.clone(),
        })
    }

    /// Draws every embedded GIF now, so no request pays for it later.
    pub fn warm(&self) {
        for cc in self.codes() {
            self.get(cc);
        }
    }

    /// The codes the store holds, lower case, sorted.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.flags.keys().map(String::as_str)
    }

    /// How many flags the store holds.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// True when the store holds no flag.
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }
}

/// The metadata of `cc` drawn from the table, for a folder that has none (or only one
/// that leads out of it).
fn made_up_metadata(cc: &str) -> Vec<u8> {
    flags_common::country(cc)
        .map(metadata_json)
        .unwrap_or_default()
        .into_bytes()
}

/// The metadata document, formatted as the book's files are (Python's `json.dumps`:
/// `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`).
pub fn metadata_json(c: &Country) -> String {
    let fields = [
        ("tld_cc", c.tld_cc),
        ("iso_cc", c.iso_cc),
        ("country", c.country),
        ("gec_cc", c.gec_cc),
    ];
    let body: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("\"{key}\": {}", python_json_str(value)))
        .collect();
    format!("{{{}}}", body.join(", "))
}

fn python_json_str(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_reads_like_the_book_files() {
        let ci = flags_common::country("CI").unwrap();
        assert_eq!(
            metadata_json(ci),
            r#"{"tld_cc": ".ci", "iso_cc": "CI", "country": "C\u00f4te d'Ivoire", "gec_cc": "IV"}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&metadata_json(ci)).unwrap();
        assert_eq!(parsed["country"], "Côte d'Ivoire");
    }

    #[test]
    fn embedded_has_the_194_flags_of_the_real_set() {
        let store = FlagStore::embedded();
        assert_eq!(store.len(), 194);
        let codes: Vec<_> = store.codes().map(str::to_ascii_uppercase).collect();
        assert_eq!(codes, flags_common::country_codes().collect::<Vec<_>>());
        assert!(
            store.get("br").is_some() && store.get("BR").is_none() && store.get("zz").is_none()
        );
    }

    #[test]
    fn export_writes_what_from_dir_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = FlagStore::embedded();
        assert_eq!(store.export(dir.path()).unwrap(), 194);
        let back = FlagStore::from_dir(dir.path()).unwrap();
        assert_eq!(back.len(), 194);
        for cc in ["ad", "br", "zw"] {
            assert_eq!(back.get(cc).unwrap().gif, store.get(cc).unwrap().gif);
            assert_eq!(
                back.get(cc).unwrap().metadata,
                store.get(cc).unwrap().metadata
            );
        }
    }

    #[test]
    fn a_folder_without_flags_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("xx")).unwrap();
        let err = FlagStore::from_dir(dir.path()).unwrap_err();
        assert!(err.to_string().contains("no flags found"), "{err}");
        let err = FlagStore::from_dir(&dir.path().join("missing")).unwrap_err();
        assert!(err.to_string().starts_with("cannot read"), "{err}");
    }
}
