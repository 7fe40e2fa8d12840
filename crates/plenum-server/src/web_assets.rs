//! The web client, embedded into release builds (read from `web/dist` at runtime in debug
//! builds), served with single-page-app fallback and security headers.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/../../web/dist"]
#[allow_missing = true]
struct Assets;

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>Plenum</title>\
<p>The web client has not been built. Run <code>cargo xtask run</code> (or \
<code>npm run build</code> in <code>web/</code>).";

/// Serves a file of the web client, or `index.html` for client-side routes.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") || path.starts_with("node/") {
        return crate::error::ApiError::NotFound("endpoint").into_response();
    }
    if let Some(file) = (!path.is_empty()).then(|| Assets::get(path)).flatten() {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return file_response(file.data.into_owned(), mime.as_ref(), cache);
    }
    // Paths with a file extension are missing files; everything else is a client route.
    if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    match Assets::get("index.html") {
        Some(index) => file_response(
            index.data.into_owned(),
            "text/html; charset=utf-8",
            "no-cache",
        ),
        None => file_response(
            NOT_BUILT.as_bytes().to_vec(),
            "text/html; charset=utf-8",
            "no-cache",
        ),
    }
}

fn file_response(bytes: Vec<u8>, mime: &str, cache: &'static str) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
