//! What every client checks before it believes a server: a `200 OK`, no encoding it did
//! not ask for, the promised length, a body under [`MAX_BODY_BYTES`], and then a GIF
//! ([`check_flag`]) or a `metadata.json` document ([`check_metadata`]).
//!
//! The book's clients save whatever a `200` brings: an HTML page from a captive portal, a
//! gzip nobody asked for, or 2 GiB of zeros become "flags". Here, one function per kind of
//! body, called by every client (ureq and reqwest alike), turns each of those into a
//! counted error that says what was wrong.

use http::HeaderMap;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};

/// The most any client reads of one response body: 1 MiB. The largest real flag is
/// under 40 KB and a `metadata.json` about 80 bytes; a bigger body is not a flag, and
/// reading on would only fill memory (2 GiB of it ends the process).
pub const MAX_BODY_BYTES: u64 = 1 << 20;

/// A response that arrived whole but is not what was asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadResponse {
    /// A success status other than `200 OK` (`204 No Content`, `206 Partial Content`).
    #[error("HTTP {status}{}, not 200 OK", crate::fetch_error::reason_suffix(*.status))]
    Status {
        /// The status the server sent.
        status: u16,
    },
    /// A body over [`MAX_BODY_BYTES`]: reading stopped there.
    #[error("response body over the 1 MiB limit (a flag is under 40 KB)")]
    TooLarge,
    /// A `Content-Encoding` (gzip, br, ...) though the client asked for none.
    #[error("unasked Content-Encoding: {0} (the client accepts none)")]
    Encoding(String),
    /// A body whose length is not the `Content-Length` the server announced.
    #[error("body of {got} bytes where Content-Length said {promised}")]
    Length {
        /// What `Content-Length` said.
        promised: u64,
        /// What arrived.
        got: usize,
    },
    /// A flag that is not a GIF, with what is wrong with it.
    #[error("not a GIF: {0}")]
    NotGif(String),
    /// A `metadata.json` that is not JSON or lacks a field the client needs.
    #[error("bad metadata.json: {0}")]
    Metadata(String),
}

/// Checks the head and the body of a `200 OK` that should hold a flag: no content
/// encoding, a body of the announced length and under the cap, that starts with the GIF
/// signature (`GIF87a` or `GIF89a`) and ends with the GIF trailer byte (`;`), which a
/// body cut short by a lying `Content-Length` lacks.
pub fn check_flag(headers: &HeaderMap, body: &[u8]) -> Result<(), BadResponse> {
    check_body(headers, body)?;
    if body.is_empty() {
        return Err(BadResponse::NotGif("the body is empty".into()));
    }
    if !(body.starts_with(b"GIF87a") || body.starts_with(b"GIF89a")) {
        return Err(BadResponse::NotGif(format!(
            "the body starts with {:?}",
            String::from_utf8_lossy(&body[..body.len().min(15)])
        )));
    }
    // The trailer: 0x3B. Every flag of the real set ends with it.
    if body.last() != Some(&b';') {
        return Err(BadResponse::NotGif(
            "it ends before the GIF trailer (cut short?)".into(),
        ));
    }
    Ok(())
}

/// A country's `metadata.json`: `{"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil",
/// "gec_cc": "BR"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Metadata {
    /// Internet top-level domain: `".br"`.
    pub tld_cc: String,
    /// ISO 3166-1 alpha-2 code: `"BR"`.
    pub iso_cc: String,
    /// The country's name: `"Brazil"`.
    pub country: String,
    /// CIA World Factbook code: `"BR"`.
    pub gec_cc: String,
}

/// Checks the head and the body of a `200 OK` that should hold the `metadata.json` of
/// `cc`, as [`check_flag`] does for a flag, and parses it: JSON with the four fields, an
/// `iso_cc` that is `cc`, a country name that is not blank.
pub fn check_metadata(cc: &str, headers: &HeaderMap, body: &[u8]) -> Result<Metadata, BadResponse> {
    check_body(headers, body)?;
    let bad = |why: String| BadResponse::Metadata(why);
    let metadata: Metadata = serde_json::from_slice(body).map_err(|err| bad(err.to_string()))?;
    if !metadata.iso_cc.eq_ignore_ascii_case(cc) {
        return Err(bad(format!("iso_cc is {:?}, not {cc:?}", metadata.iso_cc)));
    }
    if metadata.country.trim().is_empty() {
        return Err(bad("the country is blank".into()));
    }
    Ok(metadata)
}

/// What every body is checked for: no encoding, the announced length, the cap.
fn check_body(headers: &HeaderMap, body: &[u8]) -> Result<(), BadResponse> {
    if let Some(encoding) = headers.get(CONTENT_ENCODING) {
        let encoding = String::from_utf8_lossy(encoding.as_bytes())
            .trim()
            .to_string();
        if !encoding.eq_ignore_ascii_case("identity") {
            return Err(BadResponse::Encoding(encoding));
        }
    }
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(BadResponse::TooLarge);
    }
    let promised = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok());
    match promised {
        Some(promised) if promised != body.len() as u64 => Err(BadResponse::Length {
            promised,
            got: body.len(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn a_whole_gif_passes_with_or_without_a_length() {
        assert_eq!(check_flag(&headers(&[]), GIF), Ok(()));
        assert_eq!(
            check_flag(&headers(&[("content-length", "14")]), GIF),
            Ok(())
        );
        let gif87a = [b"GIF87a".as_slice(), &GIF[6..]].concat();
        assert_eq!(check_flag(&headers(&[]), &gif87a), Ok(()));
        let identity = headers(&[("content-encoding", "identity")]);
        assert_eq!(check_flag(&identity, GIF), Ok(()));
    }

    #[test]
    fn what_is_not_a_gif_says_why() {
        let none = headers(&[]);
        let cases: [(&[u8], &str); 4] = [
            (b"", "not a GIF: the body is empty"),
            (
                b"<!DOCTYPE html><html>log in</html>",
                "not a GIF: the body starts with \"<!DOCTYPE html>\"",
            ),
            (
                b"\x89PNG\r\n",
                "not a GIF: the body starts with \"\u{fffd}PNG\\r\\n\"",
            ),
            (
                b"GIF89a\x01\x00",
                "not a GIF: it ends before the GIF trailer (cut short?)",
            ),
        ];
        for (body, says) in cases {
            let err = check_flag(&none, body).unwrap_err();
            assert_eq!(err.to_string(), says);
        }
    }

    #[test]
    fn an_unasked_encoding_a_wrong_length_and_a_huge_body_are_refused() {
        let gzip = headers(&[("content-encoding", "gzip")]);
        assert_eq!(
            check_flag(&gzip, GIF).unwrap_err().to_string(),
            "unasked Content-Encoding: gzip (the client accepts none)"
        );
        let long = headers(&[("content-length", "1000")]);
        assert_eq!(
            check_flag(&long, GIF).unwrap_err().to_string(),
            "body of 14 bytes where Content-Length said 1000"
        );
        let mut huge = GIF.to_vec();
        huge.resize(MAX_BODY_BYTES as usize + 1, b';');
        assert_eq!(check_flag(&headers(&[]), &huge), Err(BadResponse::TooLarge));
        assert_eq!(
            BadResponse::TooLarge.to_string(),
            "response body over the 1 MiB limit (a flag is under 40 KB)"
        );
    }

    #[test]
    fn a_success_that_is_not_200_names_itself() {
        assert_eq!(
            BadResponse::Status { status: 206 }.to_string(),
            "HTTP 206 Partial Content, not 200 OK"
        );
    }

    #[test]
    fn metadata_must_be_json_with_the_fields_of_the_code_asked_for() {
        let none = headers(&[]);
        let brazil = br#"{"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"}"#;
        let metadata = check_metadata("br", &none, brazil).unwrap();
        assert_eq!(metadata.country, "Brazil");
        let cases: [(&[u8], &str); 4] = [
            (
                b"<html>",
                "bad metadata.json: expected value at line 1 column 1",
            ),
            (
                br#"{"tld_cc": ".br", "iso_cc": "BR", "gec_cc": "BR"}"#,
                "bad metadata.json: missing field `country`",
            ),
            (
                br#"{"tld_cc": ".cn", "iso_cc": "CN", "country": "China", "gec_cc": "CH"}"#,
                "bad metadata.json: iso_cc is \"CN\", not \"br\"",
            ),
            (
                br#"{"tld_cc": ".br", "iso_cc": "BR", "country": " ", "gec_cc": "BR"}"#,
                "bad metadata.json: the country is blank",
            ),
        ];
        for (body, says) in cases {
            let err = check_metadata("br", &none, body).unwrap_err();
            assert!(err.to_string().starts_with(says), "{err}");
        }
        let gzip = headers(&[("content-encoding", "br")]);
        assert!(matches!(
            check_metadata("br", &gzip, brazil),
            Err(BadResponse::Encoding(_))
        ));
    }
}
