//! The web versions: `web_mojifinder.py` (2e, FastAPI) and `http_charfinder.py` (1e,
//! aiohttp), as axum routers over the shared, read-only index.
//!
//! - [`app`]: `GET /` the search page (its JavaScript calls the API), `GET /search?q=`
//!   the JSON list of `{"char": "😸", "name": "GRINNING CAT FACE WITH SMILING EYES"}`.
//! - [`charfinder_app`]: `GET /?query=` one HTML page with the results in a table.
//!
//! A query that is missing, blank, too long or not UTF-8 gets `400 Bad Request` with a
//! JSON `{"detail": "..."}` saying why (FastAPI's shape for errors), never a 500.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use crate::charfinder::UnicodeNameIndex;
use crate::charindex::InvertedIndex;
use crate::console::py_repr;
use crate::query::{self, QueryError};
use crate::say;

/// The search page of `web_mojifinder`, built into the binary.
pub const FORM_HTML: &str = include_str!("../static/form.html");
/// The page template of `http_charfinder`, built into the binary.
pub const CHARFINDER_HTML: &str = include_str!("../static/http_charfinder.html");

// ANCHOR: app
/// One search result, the book's `CharName` model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CharName {
    /// The character, as a one-character string.
    pub char: String,
    /// Its Unicode name.
    pub name: String,
}

/// The FastAPI `app` of `web_mojifinder.py`: the page and the search API.
pub fn app(index: Arc<InvertedIndex>) -> Router {
    Router::new()
        .route("/", get(form))
        .route("/search", get(search))
        .with_state(index)
}

async fn form() -> Html<&'static str> {
    Html(FORM_HTML)
}

async fn search(
    State(index): State<Arc<InvertedIndex>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<CharName>>, QueryError> {
    let q = query::param(raw.as_deref(), "q")?;
    let found = index
        .search(&q)
        .into_iter()
        .map(|c| CharName {
            char: c.to_string(),
            name: crate::name(c).unwrap_or_default(),
        })
        .collect();
    Ok(Json(found))
}
// ANCHOR_END: app

impl IntoResponse for QueryError {
    fn into_response(self) -> Response {
        let detail = serde_json::json!({ "detail": self.to_string() });
        (StatusCode::BAD_REQUEST, Json(detail)).into_response()
    }
}

/// The words linked at the top of the `http_charfinder` page.
pub const SAMPLE_WORDS: &[&str] = &[
    "bismillah",
    "chess",
    "cat",
    "circled",
    "Malayalam",
    "digit",
    "Roman",
    "face",
    "Ethiopic",
    "black",
    "mark",
    "symbol",
    "dot",
    "operator",
    "Braille",
    "hexagram",
];

// ANCHOR: charfinder_app
/// The aiohttp application of `http_charfinder.py`: one page, `GET /?query=words`.
pub fn charfinder_app(index: Arc<UnicodeNameIndex>) -> Router {
    Router::new().route("/", get(home)).with_state(index)
}

async fn home(
    State(index): State<Arc<UnicodeNameIndex>>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, QueryError> {
    let query = match query::param(raw.as_deref(), "query") {
        Ok(query) => query,
        // As in the book, no query is no error: the page asks for words.
        Err(QueryError::Missing(_) | QueryError::Empty(_)) => String::new(),
        Err(err) => return Err(err),
    };
    say!("Query: {}", py_repr(&query));
    let (rows, message) = if query.is_empty() {
        (Vec::new(), "Enter words describing characters.".to_string())
    } else {
        let rows: Vec<String> = index
            .find_descriptions(&query)
            .map(|d| {
                format!(
                    "<tr><td>{}</td><th>{}</th><td>{}</td></tr>",
                    d.code_str,
                    escape_html(&d.char.to_string()),
                    d.name
                )
            })
            .collect();
        let message = UnicodeNameIndex::status(&query, rows.len());
        (rows, message)
    };
    say!("Sending {} results", rows.len());
    let page = render(
        CHARFINDER_HTML,
        &[
            ("links", &sample_links()),
            ("query", &escape_html(&query)),
            ("result", &rows.join("\n")),
            ("message", &escape_html(&message)),
        ],
    );
    Ok(Html(page))
}
// ANCHOR_END: charfinder_app

fn sample_links() -> String {
    let mut words = SAMPLE_WORDS.to_vec();
    words.sort_by_key(|word| word.to_uppercase());
    let links: Vec<String> = words
        .iter()
        .map(|w| format!(r#"<a href="/?query={w}" title="find &quot;{w}&quot;">{w}</a>"#))
        .collect();
    links.join(", ")
}

/// Fills each `{name}` of `template` with its value, in one pass: a value that happens to
/// hold `{result}` is not filled again. (The book's `str.format` would raise on braces in
/// the template's CSS; this template has none, but the rule holds either way.)
fn render(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let key = &after[..close];
            let value = values.iter().find(|(k, _)| *k == key)?.1;
            Some((value, &after[close + 1..]))
        });
        match filled {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// New: the book puts the query into the page as typed; here `<`, `&` and quotes are
/// escaped, so a query cannot add markup (or a script) to the page.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_fills_each_placeholder_once() {
        let page = render(
            "<p>{query}</p>{result}{unknown}",
            &[("query", "{result}"), ("result", "R")],
        );
        assert_eq!(page, "<p>{result}</p>R{unknown}");
    }

    #[test]
    fn escape_html_neutralises_markup() {
        assert_eq!(
            escape_html(r#"<script>"a" & 'b'"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
        );
    }

    #[test]
    fn sample_links_are_sorted_ignoring_case() {
        let links = sample_links();
        assert!(
            links.starts_with(r#"<a href="/?query=bismillah""#),
            "{links}"
        );
        assert!(links.find(">black<") < links.find(">Braille<"));
    }
}
