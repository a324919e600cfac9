//! `charfinder.py` (1st edition, ch. 18): the same idea as [`crate::charindex`], with the
//! first edition's spelling: words are runs of `\w` (so `jabberwocky's` is two words),
//! the CJK ideographs are indexed under their three common words only, results can be
//! sliced, and the status line reads `(2 matches for 'rook')`.
//!
//! ```
//! use mojifinder::charfinder::{UnicodeNameIndex, SAMPLE_CHARS};
//!
//! let index = UnicodeNameIndex::from_chars(SAMPLE_CHARS);
//! let found = index.find_chars("Euro", 0, None);
//! assert_eq!(found.items, ['\u{20A0}', '€']);
//! assert_eq!(UnicodeNameIndex::status("Euro", found.count), "2 matches for 'Euro'");
//! ```
//!
//! The book also pickles the index to disk to skip the build on the next start; built
//! from `unicode_names2`'s tables the index takes a fraction of a second, so there is no
//! cache file here.

use crate::charindex::STOP_CODE;
use crate::console::py_repr;
use crate::names::{Postings, named_chars};

/// The book's `sample_chars`: a five-character index for the tests.
pub const SAMPLE_CHARS: &[char] = &['$', 'A', 'a', '\u{20A0}', '\u{20AC}'];

const CJK_UNI_PREFIX: &str = "CJK UNIFIED IDEOGRAPH";
const CJK_CMP_PREFIX: &str = "CJK COMPATIBILITY IDEOGRAPH";

/// The upper-cased runs of word characters (`\w+`: letters, digits, `_`) in `text`.
pub fn tokenize(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .map(str::to_uppercase)
}

/// A page of results: how many characters matched, and the ones in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    /// Every match, not only the ones in `items`.
    pub count: usize,
    /// The matches from `start` to `stop`, in code point order.
    pub items: Vec<char>,
}

/// One character described: `("U+265C", '♜', "BLACK CHESS ROOK")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharDescription {
    /// `U+` and at least four hex digits.
    pub code_str: String,
    /// The character itself.
    pub char: char,
    /// Its Unicode name.
    pub name: String,
}

/// The first edition's index: each word of a name to the characters that have it.
#[derive(Debug)]
pub struct UnicodeNameIndex {
    index: Postings,
}

impl UnicodeNameIndex {
    /// Indexes every named character from U+0020 on.
    pub fn new() -> UnicodeNameIndex {
        UnicodeNameIndex::build(named_chars(32, STOP_CODE))
    }

    /// Indexes only `chars` (given in increasing order), like `UnicodeNameIndex(chars)`.
    pub fn from_chars(chars: &[char]) -> UnicodeNameIndex {
        UnicodeNameIndex::build(
            chars
                .iter()
                .filter_map(|&c| crate::name(c).map(|name| (c, name))),
        )
    }

    fn build(chars: impl Iterator<Item = (char, String)>) -> UnicodeNameIndex {
        // "CJK UNIFIED IDEOGRAPH-4E00" and 90,000 like it: their hex suffixes would only
        // fill the index with words nobody searches for.
        let index = Postings::build(chars, |name| {
            let name = [CJK_UNI_PREFIX, CJK_CMP_PREFIX]
                .into_iter()
                .find(|prefix| name.starts_with(prefix))
                .unwrap_or(name);
            tokenize(name).collect::<Vec<_>>()
        });
        UnicodeNameIndex { index }
    }

    /// How many distinct words the index holds.
    pub fn len(&self) -> usize {
        self.index.entries.len()
    }

    /// True when no character was indexed.
    pub fn is_empty(&self) -> bool {
        self.index.entries.is_empty()
    }

    /// The words with the most characters first (ties in alphabetical order), at most `top`.
    pub fn word_rank(&self, top: Option<usize>) -> Vec<(usize, &str)> {
        let mut rank: Vec<(usize, &str)> = self
            .index
            .entries
            .iter()
            .map(|(word, chars)| (chars.len(), word.as_str()))
            .collect();
        rank.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        rank.truncate(top.unwrap_or(usize::MAX));
        rank
    }

    /// The characters whose names hold every word of `query`, counted, and sliced
    /// `start..stop` (`stop: None` runs to the end).
    pub fn find_chars(&self, query: &str, start: usize, stop: Option<usize>) -> QueryResult {
        let words: Vec<String> = tokenize(query).collect();
        let found = self.index.intersection(&words);
        let stop = stop.unwrap_or(usize::MAX).min(found.len());
        let items = found
            .get(start.min(stop)..stop)
            .unwrap_or_default()
            .to_vec();
        QueryResult {
            count: found.len(),
            items,
        }
    }

    /// Code, character and name of `c`.
    pub fn describe(c: char) -> CharDescription {
        CharDescription {
            code_str: format!("U+{:04X}", u32::from(c)),
            char: c,
            name: crate::name(c).unwrap_or_default(),
        }
    }

    /// The results of `query` described, one per character.
    pub fn find_descriptions(&self, query: &str) -> impl Iterator<Item = CharDescription> {
        self.find_chars(query, 0, None)
            .items
            .into_iter()
            .map(UnicodeNameIndex::describe)
    }

    /// One line per result: `U+265C \t♜\tBLACK CHESS ROOK` (code padded to 7).
    pub fn find_description_strs(&self, query: &str) -> impl Iterator<Item = String> {
        self.find_descriptions(query)
            .map(|d| format!("{:7}\t{}\t{}", d.code_str, d.char, d.name))
    }

    /// `No match`, `1 match` or `N matches`, then `for` and the query quoted.
    pub fn status(query: &str, counter: usize) -> String {
        let msg = match counter {
            0 => "No match".to_string(),
            1 => "1 match".to_string(),
            n => format!("{n} matches"),
        };
        format!("{msg} for {}", py_repr(query))
    }
}

impl Default for UnicodeNameIndex {
    fn default() -> UnicodeNameIndex {
        UnicodeNameIndex::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(result: &QueryResult) -> Vec<(u32, String)> {
        result
            .items
            .iter()
            .map(|&c| (u32::from(c), crate::name(c).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn tokenize_like_the_books_regex() {
        let words = |text| tokenize(text).collect::<Vec<_>>();
        assert!(words("").is_empty());
        assert_eq!(words("a b"), ["A", "B"]);
        assert_eq!(words("a-b"), ["A", "B"]);
        assert_eq!(words("abc"), ["ABC"]);
        assert_eq!(words("café"), ["CAFÉ"]);
        assert_eq!(words("jabberwocky's vest"), ["JABBERWOCKY", "S", "VEST"]);
    }

    #[test]
    fn the_sample_index_has_nine_words() {
        let index = UnicodeNameIndex::from_chars(SAMPLE_CHARS);
        assert_eq!(index.len(), 9);
        let rank = index.word_rank(Some(3));
        assert_eq!(rank, [(3, "SIGN"), (2, "A"), (2, "EURO")]);
    }

    #[test]
    fn find_chars_in_the_sample_like_test_charfinder() {
        let index = UnicodeNameIndex::from_chars(SAMPLE_CHARS);
        assert_eq!(index.find_chars("qwertyuiop", 0, None).items, []);
        assert_eq!(
            names(&index.find_chars("currency", 0, None)),
            [(8352, "EURO-CURRENCY SIGN".to_string())]
        );
        assert_eq!(index.find_chars("Euro letter", 0, None).count, 0);
        assert_eq!(index.find_chars("letter qwertyuiop", 0, None).count, 0);
        assert_eq!(index.find_chars("sign dollar", 0, None).count, 1);
        assert_eq!(index.find_chars("latin letter", 0, None).count, 2);
    }

    #[test]
    fn find_chars_slices_but_counts_everything() {
        let index = UnicodeNameIndex::from_chars(SAMPLE_CHARS);
        assert_eq!(index.find_chars("sign", 1, None).items, ['\u{20A0}', '€']);
        assert_eq!(
            index.find_chars("sign", 0, Some(2)).items,
            ['$', '\u{20A0}']
        );
        let page = index.find_chars("sign", 1, Some(2));
        assert_eq!((page.count, page.items), (3, vec!['\u{20A0}']));
        assert_eq!(index.find_chars("sign", 5, Some(2)).items, []);
    }

    #[test]
    fn status_quotes_like_python() {
        assert_eq!(UnicodeNameIndex::status("rook", 2), "2 matches for 'rook'");
        assert_eq!(
            UnicodeNameIndex::status("rook black", 1),
            "1 match for 'rook black'"
        );
        assert_eq!(
            UnicodeNameIndex::status("jabberwocky's vest", 0),
            "No match for \"jabberwocky's vest\""
        );
        assert_eq!(py_repr("a'b\"c\\"), r#"'a\'b"c\\'"#);
    }
}
