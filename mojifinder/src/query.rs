//! Reading one parameter of a URL query string, strictly.
//!
//! The usual decoders (`form_urlencoded`, and axum's `Query` on top of it) replace bytes
//! that are not UTF-8 with `U+FFFD` and carry on; a search for `%FF` would then quietly
//! search for `�`. Here such a query is an error the client is told about.

use percent_encoding::percent_decode_str;

/// The longest query accepted, in characters: the longest Unicode name has 88.
pub const MAX_QUERY_CHARS: usize = 200;

/// Why a query parameter was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// No `name=` in the query string at all.
    #[error("missing query parameter {0:?}")]
    Missing(&'static str),
    /// Present, but blank once trimmed.
    #[error("empty query parameter {0:?}: give one or more words")]
    Empty(&'static str),
    /// Longer than [`MAX_QUERY_CHARS`].
    #[error("query parameter {0:?} is longer than {MAX_QUERY_CHARS} characters")]
    TooLong(&'static str),
    /// Its percent-decoded bytes are not UTF-8.
    #[error("query parameter {0:?} is not valid UTF-8 once percent-decoded")]
    NotUtf8(&'static str),
}

/// The value of `name` in the raw query string `raw` (`+` as space, `%XX` decoded),
/// trimmed; the first occurrence wins.
///
/// ```
/// use mojifinder::query::{QueryError, param};
///
/// assert_eq!(param(Some("q=cat+face"), "q"), Ok("cat face".to_string()));
/// assert_eq!(param(Some("q=%F0%9F%98%B8"), "q"), Ok("😸".to_string()));
/// assert_eq!(param(Some("q=%FF"), "q"), Err(QueryError::NotUtf8("q")));
/// assert_eq!(param(None, "q"), Err(QueryError::Missing("q")));
/// ```
pub fn param(raw: Option<&str>, name: &'static str) -> Result<String, QueryError> {
    let value = raw
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            Some((key, value)) if key == name => Some(value),
            None if pair == name => Some(""),
            _ => None,
        })
        .ok_or(QueryError::Missing(name))?;
    // Cheap guard before decoding: every character takes at least one byte, at most 12
    // once encoded (`%F0%9F%98%B8`).
    if value.len() > MAX_QUERY_CHARS * 12 {
        return Err(QueryError::TooLong(name));
    }
    let spaced = value.replace('+', " ");
    let decoded = percent_decode_str(&spaced)
        .decode_utf8()
        .map_err(|_| QueryError::NotUtf8(name))?;
    let trimmed = decoded.trim();
    if trimmed.is_empty() {
        Err(QueryError::Empty(name))
    } else if trimmed.chars().count() > MAX_QUERY_CHARS {
        Err(QueryError::TooLong(name))
    } else {
        Ok(trimmed.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_named_parameter_among_others() {
        assert_eq!(param(Some("x=1&q=sun&q=moon"), "q"), Ok("sun".into()));
        assert_eq!(param(Some("qq=sun"), "q"), Err(QueryError::Missing("q")));
        assert_eq!(param(Some("q"), "q"), Err(QueryError::Empty("q")));
        assert_eq!(param(Some("q=+%20"), "q"), Err(QueryError::Empty("q")));
        assert_eq!(param(Some("q=a%2Bb"), "q"), Ok("a+b".into()));
    }

    #[test]
    fn refuses_overlong_values() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            param(Some(&format!("q={long}")), "q"),
            Err(QueryError::TooLong("q"))
        );
        let at_limit = "a".repeat(MAX_QUERY_CHARS);
        assert_eq!(param(Some(&format!("q={at_limit}")), "q"), Ok(at_limit));
    }
}
