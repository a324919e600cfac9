//! Routing: which of the few exact paths served a request path names. Nothing else is
//! served, so no request path ever reaches the file system.

/// Where a request path leads (see [`route_path`]).
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Route<'a> {
    /// `/`
    Index,
    /// `/flags` or `/flags/`
    Listing,
    /// `/flags/{cc}/`
    CountryListing(&'a str),
    /// `/flags/{cc}/{cc}.gif`
    Gif(&'a str),
    /// `/flags/{cc}/metadata.json`
    Metadata(&'a str),
    /// Anything else: a 404.
    Unknown,
}

/// Where a request path leads. Only these exact shapes are served, `cc` being two
/// lower-case ASCII letters; anything else (`..`, `%2e%2e`, upper case, backslashes, NUL,
/// doubled slashes) is simply [`Route::Unknown`]. Public for the fuzz target.
pub fn route_path(path: &str) -> Route<'_> {
    let is_cc = |cc: &str| cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_lowercase());
    match path {
        "/" => return Route::Index,
        "/flags" | "/flags/" => return Route::Listing,
        _ => {}
    }
    let Some(rest) = path.strip_prefix("/flags/") else {
        return Route::Unknown;
    };
    match rest.split_once('/') {
        Some((cc, "")) if is_cc(cc) => Route::CountryListing(cc),
        Some((cc, "metadata.json")) if is_cc(cc) => Route::Metadata(cc),
        Some((cc, file)) if is_cc(cc) && file.strip_suffix(".gif") == Some(cc) => Route::Gif(cc),
        _ => Route::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_accept_only_the_exact_shapes() {
        assert_eq!(route_path("/"), Route::Index);
        assert_eq!(route_path("/flags/"), Route::Listing);
        assert_eq!(route_path("/flags/br/br.gif"), Route::Gif("br"));
        assert_eq!(route_path("/flags/br/metadata.json"), Route::Metadata("br"));
        assert_eq!(route_path("/flags/br/"), Route::CountryListing("br"));
        for unknown in [
            "/flags/br/ar.gif",
            "/flags/BR/BR.gif",
            "/flags/br/br.gif/",
            "/flags/br//br.gif",
            "/flags//br/br.gif",
            "/flags/../flags/br/br.gif",
            "/flags/br/../br/br.gif",
            "/flags/%2e%2e/br/br.gif",
            "/flags/br/%2e%2e%2fbr.gif",
            "/flags/bra/bra.gif",
            "/flags/b/b.gif",
            "/flags/br\\br.gif",
            "/flags/br/br.gif\0",
            "/etc/passwd",
            "//etc/passwd",
            "/flags/br",
            "",
        ] {
            assert_eq!(route_path(unknown), Route::Unknown, "{unknown:?}");
        }
    }
}
