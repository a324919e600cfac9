//! Which codes to download: the book's `CC...`, `-a`, `-e` and `-l` options, and its
//! `expand_cc_args`. One definition for every program that takes a list of codes: the
//! flags2 downloaders and the race.

use crate::POP20_CC;

/// The options that choose the codes, flattened into a clap command line
/// (`#[command(flatten)]`): the flags2 downloaders' [`Args`](crate::Args) and the race's.
#[derive(Debug, Clone, clap::Args)]
pub struct CcArgs {
    /// Country codes: two letters (BR), or one letter for the 26 codes that start with it (B).
    #[arg(value_name = "CC", value_parser = parse_cc_arg)]
    pub cc: Vec<String>,

    /// Get all available flags (AD to ZW).
    #[arg(short, long, conflicts_with_all = ["every", "cc"])]
    pub all: bool,

    /// Get flags for every possible code (AA...ZZ).
    #[arg(short, long, conflicts_with = "cc")]
    pub every: bool,

    /// Limit to N first codes.
    #[arg(short, long, value_name = "N", value_parser = parse_at_least_one, allow_negative_numbers = true)]
    pub limit: Option<usize>,
}

impl CcArgs {
    /// The codes to download, sorted and limited (the book's `expand_cc_args`, with POP20
    /// when no code was given).
    pub fn cc_list(&self) -> Vec<String> {
        let mut codes = expand_cc_args(self.every, self.all, &self.cc);
        if codes.is_empty() {
            codes = POP20_CC.iter().map(|cc| cc.to_string()).collect();
            codes.sort();
        }
        codes.truncate(self.limit.unwrap_or(usize::MAX));
        codes
    }
}

/// The codes named on the command line, upper case, sorted, without repeats: `-e` gives all
/// 676 from AA to ZZ, `-a` the 194 of the real set, otherwise each argument is a code or a
/// letter standing for the 26 codes that start with it.
///
/// ```
/// use flags_common::expand_cc_args;
///
/// let args = ["br".to_string(), "Z".to_string(), "BR".to_string()];
/// let codes = expand_cc_args(false, false, &args);
/// assert_eq!(codes.len(), 1 + 26, "BR once, then ZA to ZZ");
/// assert_eq!((codes[0].as_str(), codes[1].as_str()), ("BR", "ZA"));
/// assert_eq!(codes.last().map(String::as_str), Some("ZZ"));
/// assert_eq!(expand_cc_args(true, false, &[]).len(), 26 * 26);
/// ```
pub fn expand_cc_args(every: bool, all: bool, cc_args: &[String]) -> Vec<String> {
    let a_z = 'A'..='Z';
    let mut codes: Vec<String> = if every {
        a_z.clone()
            .flat_map(|a| a_z.clone().map(move |b| format!("{a}{b}")))
            .collect()
    } else if all {
        crate::country_codes().map(String::from).collect()
    } else {
        cc_args
            .iter()
            .flat_map(|cc| {
                let cc = cc.to_ascii_uppercase();
                match cc.len() {
                    1 => a_z.clone().map(|b| format!("{cc}{b}")).collect(),
                    _ => vec![cc],
                }
            })
            .collect()
    };
    codes.sort();
    codes.dedup();
    codes
}

/// Parses one `CC` argument: a code (`BR`) or a letter (`B`), any case, to upper case.
pub fn parse_cc_arg(text: &str) -> Result<String, String> {
    let upper = text.to_ascii_uppercase();
    if (1..=2).contains(&upper.len()) && upper.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(upper)
    } else {
        Err(
            "each CC must be one letter A to Z (all codes starting with it) or two, AA to ZZ"
                .into(),
        )
    }
}

/// Parses a count that must be at least 1 (`-l`, `-m`), with a message that says so.
pub(crate) fn parse_at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<i128>() {
        Ok(n) if n >= 1 => usize::try_from(n).map_err(|_| format!("{n} is too large")),
        Ok(_) => Err("must be at least 1".into()),
        Err(_) => Err("expected a whole number, at least 1".into()),
    }
}
