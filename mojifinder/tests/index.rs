//! The full indexes against the book's examples (its README, docstrings and
//! `test_charfinder.py`), with today's Unicode names.

mod common;

use common::{charfinder_index, index};
use mojifinder::charindex::format_results;
use mojifinder::name;

#[test]
fn cat_face_finds_the_grinning_cat_and_only_cat_faces() {
    let found = index().search("cat face");
    assert!(found.contains(&'😸'), "{found:?}");
    assert!(found.contains(&'🐱'), "U+1F431 CAT FACE itself");
    assert!(found.len() >= 10, "{found:?}");
    for c in &found {
        let name = name(*c).expect("a named character");
        assert!(name.contains("CAT") && name.contains("FACE"), "{name}");
    }
    assert!(found.windows(2).all(|w| w[0] < w[1]), "code point order");
}

#[test]
fn chess_black_finds_the_black_pieces() {
    let found = index().search("chess black");
    assert_eq!(found[..6], ['♚', '♛', '♜', '♝', '♞', '♟']);
    assert_eq!(
        found,
        index().search("BLACK chess"),
        "word order does not matter"
    );
    assert!(!found.contains(&'♔'), "no white piece");
}

#[test]
fn sun_finds_the_suns() {
    let found = index().search("sun");
    assert!(found.contains(&'☀'), "U+2600 BLACK SUN WITH RAYS");
    assert!(found.contains(&'🌞'), "U+1F31E SUN WITH FACE");
}

#[test]
fn a_word_no_name_has_finds_nothing() {
    assert!(index().search("brillig").is_empty());
    assert!(index().search("cat brillig").is_empty());
    assert!(index().search("").is_empty());
}

#[test]
fn hyphens_split_words_in_queries_and_names() {
    // U+1F63B SMILING CAT FACE WITH HEART-SHAPED EYES
    assert!(index().search("heart-shaped cat").contains(&'😻'));
    assert!(index().search("shaped heart cat").contains(&'😻'));
}

#[test]
fn format_results_gives_code_char_and_name() {
    let lines: Vec<String> = format_results(&index().search("chess white king")).collect();
    assert_eq!(lines[0], "U+2654\t♔\tWHITE CHESS KING");
}

#[test]
fn the_first_edition_finds_the_books_examples() {
    let index = charfinder_index();
    let rook = index.find_chars("rook", 0, None);
    assert!(rook.items.starts_with(&['♖', '♜']), "{rook:?}");
    assert_eq!(index.find_chars("rook black", 0, None).items[0], '♜');
    assert_eq!(index.find_chars("white bishop", 0, None).items[0], '♗');
    assert_eq!(index.find_chars("jabberwocky's vest", 0, None).count, 0);
    assert_eq!(index.find_chars("no such character", 0, None).count, 0);
    assert_eq!(index.find_chars("registered", 0, None).items, ['®']);
    assert!(index.find_chars("letter", 0, None).count > 7000);
}

#[test]
fn the_first_edition_indexes_cjk_ideographs_under_three_words() {
    let index = charfinder_index();
    let top: Vec<&str> = index
        .word_rank(Some(3))
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    assert_eq!(top, ["CJK", "IDEOGRAPH", "UNIFIED"]);
    // U+4E00 is indexed without its hex suffix here, so only U+1F229 SQUARED CJK UNIFIED
    // IDEOGRAPH-4E00 (not a "CJK UNIFIED IDEOGRAPH" name: it starts with SQUARED) has it.
    assert_eq!(index.find_chars("4E00", 0, None).items, ['🈩']);
    assert_eq!(common::index().search("4E00"), ['一', '🈩']);
}
