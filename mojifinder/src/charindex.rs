//! `charindex.py` (2nd edition, ch. 21): an inverted index from the words of Unicode
//! character names to the characters, and the two functions the servers call.
//!
//! ```
//! use mojifinder::charindex::InvertedIndex;
//!
//! let idx = InvertedIndex::with_range(32, 128); // only ASCII, as in the book's doctests
//! assert_eq!(idx.entries("DOLLAR"), ['$']);
//! assert_eq!(idx.entries("SIGN"), ['#', '$', '%', '+', '<', '=', '>']);
//! assert!(idx.entries("BRILLIG").is_empty());
//! assert_eq!(idx.search("capital a"), ['A']);
//! ```

use crate::names::{Postings, named_chars};

/// One past the last code point, Python's `sys.maxunicode + 1`.
pub const STOP_CODE: u32 = char::MAX as u32 + 1;

/// The upper-cased words of `text`, hyphens counting as spaces: `"cat-face"` gives
/// `CAT`, `FACE`. Queries and names go through the same function, so they meet.
pub fn tokenize(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c == '-' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .map(str::to_uppercase)
}

/// Each word of a character name, mapped to the characters whose names hold it.
#[derive(Debug)]
pub struct InvertedIndex {
    postings: Postings,
}

impl InvertedIndex {
    /// Indexes every named character from U+0020 on: about 150,000 names, built once at
    /// start and then only read (share it with `Arc`, never rebuild it per client).
    pub fn new() -> InvertedIndex {
        InvertedIndex::with_range(32, STOP_CODE)
    }

    /// Indexes the code points from `start` to `stop` (exclusive), to keep tests small.
    pub fn with_range(start: u32, stop: u32) -> InvertedIndex {
        InvertedIndex {
            postings: Postings::build(named_chars(start, stop), |name| {
                tokenize(name).collect::<Vec<_>>()
            }),
        }
    }

    /// The characters listed under `word` (already upper case), like `entries[word]`.
    pub fn entries(&self, word: &str) -> &[char] {
        self.postings.entries.get(word).map_or(&[], Vec::as_slice)
    }

    /// How many distinct words the index holds.
    pub fn len(&self) -> usize {
        self.postings.entries.len()
    }

    /// True when no character was indexed (an empty range).
    pub fn is_empty(&self) -> bool {
        self.postings.entries.is_empty()
    }

    /// The characters whose names hold every word of `query`, in code point order;
    /// nothing for an empty query.
    pub fn search(&self, query: &str) -> Vec<char> {
        let words: Vec<String> = tokenize(query).collect();
        self.postings.intersection(&words)
    }
}

impl Default for InvertedIndex {
    fn default() -> InvertedIndex {
        InvertedIndex::new()
    }
}

/// One line per character: `U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES`.
pub fn format_results(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    chars.iter().map(|&c| {
        let name = crate::name(c).unwrap_or_default();
        format!("U+{:04X}\t{c}\t{name}", u32::from(c))
    })
}

/// The line after the results: a rule of 66 box-drawing dashes and the count.
pub fn status_line(count: usize) -> String {
    format!("{} {count} found", "─".repeat(66))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenize_upper_cases_and_splits_on_hyphens_and_spaces() {
        let words: Vec<String> = tokenize("  cat-face\tcafé ").collect();
        assert_eq!(words, ["CAT", "FACE", "CAFÉ"]);
        assert_eq!(tokenize("").count(), 0);
    }

    #[test]
    fn the_ascii_index_of_the_doctests() {
        let idx = InvertedIndex::with_range(32, 128);
        let small_a: Vec<char> = idx
            .entries("A")
            .iter()
            .filter(|c| idx.entries("SMALL").contains(c))
            .copied()
            .collect();
        assert_eq!(small_a, ['a']);
        assert_eq!(idx.search(""), Vec::<char>::new());
        assert_eq!(idx.search("   "), Vec::<char>::new());
    }

    #[test]
    fn format_results_and_status_line() {
        let lines: Vec<String> = format_results(&['$', '😸']).collect();
        assert_eq!(
            lines,
            [
                "U+0024\t$\tDOLLAR SIGN",
                "U+1F638\t😸\tGRINNING CAT FACE WITH SMILING EYES"
            ]
        );
        assert_eq!(status_line(2), format!("{} 2 found", "─".repeat(66)));
    }
}
