//! Fuzzes `flags_server::route_path`, the request path parser: whatever the path, it either
//! names one of the exact shapes served, spelled exactly so, or is unknown. So no encoding,
//! traversal or odd byte can lead anywhere else (and the server holds nothing but flags).
//!
//! From flags-server/: `cargo +nightly fuzz run route -- -max_total_time=60`.
#![no_main]

use flags_server::{Route, route_path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // hyper hands the router a `&str`; other bytes never reach it.
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    let canonical = match route_path(path) {
        Route::Unknown => return,
        Route::Index => "/".to_string(),
        Route::Listing => {
            assert!(path == "/flags" || path == "/flags/", "{path:?}");
            return;
        }
        Route::CountryListing(cc) => format!("/flags/{cc}/"),
        Route::Gif(cc) => format!("/flags/{cc}/{cc}.gif"),
        Route::Metadata(cc) => format!("/flags/{cc}/metadata.json"),
    };
    assert_eq!(path, canonical, "a path served must be spelled exactly");
    if let Route::CountryListing(cc) | Route::Gif(cc) | Route::Metadata(cc) = route_path(path) {
        assert!(
            cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_lowercase()),
            "{cc:?}"
        );
    }
});
