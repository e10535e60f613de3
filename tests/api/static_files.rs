//! The pages' static files: built into the binary, served under names that
//! carry their content hash, cached for a year.

use reqwest::{Method, StatusCode};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, assert_problem};

/// The served name of a file under `assets/static/`, worked out from the
/// file in the repository as a browser would be sent it.
fn served(name: &str, extension: &str) -> (String, Vec<u8>) {
    let bytes = std::fs::read(format!(
        "{}/assets/static/{name}.{extension}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("vendored file");
    let hash = hex::encode(Sha256::digest(&bytes));
    (format!("/static/{name}.{}.{extension}", &hash[..12]), bytes)
}

async fn htmx_is_served_from_the_binary_under_its_hash(app: TestApp) {
    let (path, bytes) = served("vendor/htmx.min", "js");
    let response = app.send(Method::GET, &path, None, None).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // HEAD answers as GET does, without the body.
    let response = app.send(Method::HEAD, &path, None, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(response.bytes().await.unwrap().is_empty());
}

async fn only_the_hashed_name_is_served(app: TestApp) {
    for path in [
        "/static/vendor/htmx.min.js",
        "/static/vendor/htmx.min.000000000000.js",
        "/static/vendor/README.md",
        "/static/",
        "/static/../Cargo.toml",
    ] {
        let (status, body) = app.request(Method::GET, path, None, None).await;
        assert_problem(status, &body, StatusCode::NOT_FOUND);
    }
    let (path, _) = served("vendor/htmx.min", "js");
    let (status, body) = app.request(Method::POST, &path, None, None).await;
    assert_problem(status, &body, StatusCode::METHOD_NOT_ALLOWED);
}

crate::on_both_backends!(
    htmx_is_served_from_the_binary_under_its_hash,
    only_the_hashed_name_is_served,
);
