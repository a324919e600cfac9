//! Character names, from the `unicode_names2` crate's tables (Python: `unicodedata.name`).

use std::collections::HashMap;

/// The official Unicode name of `c`, like `unicodedata.name(c, '')`: `None` for
/// unassigned code points and for those without a name (the controls, the surrogates).
pub fn name(c: char) -> Option<String> {
    unicode_names2::name(c).map(|name| name.to_string())
}

/// Every named character from `start` (inclusive) to `stop` (exclusive), with its name.
pub(crate) fn named_chars(start: u32, stop: u32) -> impl Iterator<Item = (char, String)> {
    (start..stop)
        .filter_map(char::from_u32) // skips the surrogates, which `chr` would make
        .filter_map(|c| name(c).map(|name| (c, name)))
}

/// The part both editions share: each word of a name, mapped to the characters whose
/// names hold it, in code point order without repeats (the book's `set`, kept sorted).
#[derive(Debug, Default)]
pub(crate) struct Postings {
    pub(crate) entries: HashMap<String, Vec<char>>,
}

impl Postings {
    /// Indexes `chars`, given in increasing order, under the words `tokenize` finds in
    /// their names: each list then comes out sorted with no work of ours.
    pub(crate) fn build<W>(
        chars: impl IntoIterator<Item = (char, String)>,
        tokenize: impl Fn(&str) -> W,
    ) -> Postings
    where
        W: IntoIterator<Item = String>,
    {
        let mut entries: HashMap<String, Vec<char>> = HashMap::new();
        for (c, name) in chars {
            for word in tokenize(&name) {
                let list = entries.entry(word).or_default();
                // A word twice in one name ("LATIN SMALL LETTER A WITH A...") counts once.
                if list.last() != Some(&c) {
                    list.push(c);
                }
            }
        }
        Postings { entries }
    }

    /// The characters listed under every one of `words`, in code point order; none for
    /// no words, or for a word no name holds.
    pub(crate) fn intersection(&self, words: &[String]) -> Vec<char> {
        let mut lists = Vec::with_capacity(words.len());
        for word in words {
            match self.entries.get(word) {
                Some(list) => lists.push(list),
                None => return Vec::new(),
            }
        }
        // Start from the shortest list: every other word can only remove characters.
        lists.sort_by_key(|list| list.len());
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        first
            .iter()
            .copied()
            .filter(|c| rest.iter().all(|list| list.binary_search(c).is_ok()))
            .collect()
    }
}
