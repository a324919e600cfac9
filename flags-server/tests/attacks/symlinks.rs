//! Symbolic links planted in a `--dir` root: those that lead out of it are never served,
//! one that stays inside is.

use std::os::unix::fs::symlink;

use flags_server::{Config, FlagServer, FlagStore};

use super::{SECRET, send, status, still_serves};

/// Symlinks planted in a `--dir` root: a flag that is a link to a secret outside the root,
/// a country folder that is a link to a folder outside it, a metadata file that is a link
/// to `/etc/passwd`. None is served; a link that stays inside the root is.
#[test]
fn symlinks_out_of_the_root_are_never_served() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("site/flags");
    let outside = top.path().join("outside");
    let embedded = |cc: &str| FlagStore::embedded().get(cc).unwrap();
    for folder in ["br", "ar", "cn", "de"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
    }
    std::fs::create_dir_all(outside.join("us")).unwrap();
    std::fs::write(root.join("br/br.gif"), &embedded("br").gif).unwrap();
    std::fs::write(root.join("br/metadata.json"), &embedded("br").metadata).unwrap();
    // Secrets shaped like flags, so that only the link check can refuse them.
    let secret_gif = format!("GIF89a {SECRET}");
    std::fs::write(outside.join("secret.gif"), &secret_gif).unwrap();
    std::fs::write(outside.join("us/us.gif"), &secret_gif).unwrap();
    std::fs::write(
        outside.join("us/metadata.json"),
        format!("{{\"country\": \"{SECRET}\"}}"),
    )
    .unwrap();
    // ar/ar.gif -> a file outside; us -> a folder outside; cn's metadata -> /etc/passwd.
    symlink(outside.join("secret.gif"), root.join("ar/ar.gif")).unwrap();
    symlink(outside.join("us"), root.join("us")).unwrap();
    std::fs::write(root.join("cn/cn.gif"), &embedded("cn").gif).unwrap();
    symlink("/etc/passwd", root.join("cn/metadata.json")).unwrap();
    // de/de.gif -> ../br/br.gif: a link that stays inside the root may be served.
    symlink("../br/br.gif", root.join("de/de.gif")).unwrap();

    let store = FlagStore::from_dir(&top.path().join("site")).unwrap();
    let refused: Vec<String> = store
        .refused()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    let server = FlagServer::start(Config::default().with_store(store.into())).unwrap();
    for path in [
        "/flags/ar/ar.gif",
        "/flags/us/us.gif",
        "/flags/us/metadata.json",
        "/flags/cn/metadata.json",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let reply = send(&server, request.as_bytes());
        assert!(!reply.contains(SECRET), "{path} leaked a secret: {reply}");
        assert!(
            !reply.contains("root:"),
            "{path} leaked /etc/passwd: {reply}"
        );
    }
    let gif = |cc: &str| {
        let request =
            format!("GET /flags/{cc}/{cc}.gif HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        send(&server, request.as_bytes())
    };
    for cc in ["ar", "us"] {
        assert_eq!(status(&gif(cc)), 404, "{cc}");
    }
    assert_eq!(status(&gif("cn")), 200, "cn's own flag is inside the root");
    assert_eq!(status(&gif("de")), 200, "de's link stays inside the root");
    still_serves(&server);
}
