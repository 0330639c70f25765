//! The web app at `/app/`: the page of `web-demo/` and the `@jiancha/core` package, embedded in the binary by
//! `build.rs` and answered from memory, same origin as the API (no CDN, nothing fetched elsewhere). The page finds
//! `service.json` next to it and runs as the service's app: sign-in with a token, 检查预检 on the service's
//! history, 监督台 and 管理 by role. The files are public, as a page is; everything they show comes through the API
//! and its roles.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// A file of the app, embedded.
pub struct Asset {
    /// Path under `/app/`.
    pub path: &'static str,
    pub bytes: &'static [u8],
    /// Entity tag (a hash of the bytes, quoted).
    pub etag: &'static str,
    /// A gzip copy, for text and WebAssembly over 1 KiB.
    pub gzip: Option<&'static [u8]>,
}

impl std::fmt::Debug for Asset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Asset").field("path", &self.path).field("bytes", &self.bytes.len()).finish_non_exhaustive()
    }
}

include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

/// Whether the browser build was there when the binary was built.
pub fn built() -> bool {
    FILES.iter().any(|a| a.path == "pkg/index.js")
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Only this origin; scripts are the page's own modules and the engine (compiled WebAssembly needs
/// `wasm-unsafe-eval`); no inline script, no frame, no form sent elsewhere. One inline style is allowed, by its
/// hash: the printable 问题清单's (`jiancha_output::problems::PRINT_CSS`), which the app opens as a `blob:` page
/// that inherits this policy.
fn csp() -> HeaderValue {
    static CSP: std::sync::OnceLock<HeaderValue> = std::sync::OnceLock::new();
    CSP.get_or_init(|| {
        use base64::Engine as _;
        use sha2::Digest as _;
        let hash = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(jiancha_output::problems::PRINT_CSS.as_bytes()));
        let text = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'sha256-{hash}'; \
             img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        );
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
    })
    .clone()
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>检查 Jiancha</title>\
<h1>网页应用未构建 / the web app was not built</h1>\
<p>此程序构建时没有浏览器引擎包：先运行 <code>bash web-demo/build.sh</code>，再重新构建 <code>jiancha</code>（cargo build --release -p jiancha）。</p>\
<p>This binary was built without the browser package: run <code>bash web-demo/build.sh</code>, then build <code>jiancha</code> again. The API works without it.</p></html>";

pub(crate) fn secure(r: &mut Response, path: &str) {
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime(path)));
    h.insert(header::CONTENT_SECURITY_POLICY, csp());
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // The page's files change with the binary: revalidated each time (a 304 while the entity tag holds).
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

/// One embedded file: 304 when the browser has it, gzipped when it accepts that and a copy was made.
fn answer(
    headers: &HeaderMap,
    path: &str,
    bytes: &'static [u8],
    tag: &'static str,
    gz: Option<&'static [u8]>,
) -> Response {
    let has = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag || t.trim() == "*"));
    let gzip = gz.filter(|_| {
        headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).is_some_and(|v| {
            v.split(',').any(|e| {
                let mut parts = e.split(';');
                let name = parts.next().unwrap_or("").trim();
                let refused = parts.any(|q| matches!(q.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
                name.eq_ignore_ascii_case("gzip") && !refused
            })
        })
    });
    let mut r = if has { StatusCode::NOT_MODIFIED.into_response() } else { gzip.unwrap_or(bytes).into_response() };
    secure(&mut r, path);
    let h = r.headers_mut();
    h.insert(header::ETAG, HeaderValue::from_static(tag));
    if gz.is_some() {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if gzip.is_some() && !has {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    r
}

/// `GET /`: to the app.
pub async fn root() -> Redirect {
    Redirect::to("/app/")
}

/// `GET /app`: to the app's directory (its files are named relative to it).
pub async fn app() -> Redirect {
    Redirect::permanent("/app/")
}

/// `GET /app/`: the page.
pub async fn index(headers: HeaderMap) -> Response {
    file_at(&headers, "index.html")
}

/// `GET /app/{*path}`: one of the app's files.
pub async fn file(headers: HeaderMap, Path(path): Path<String>) -> Response {
    file_at(&headers, &path)
}

fn file_at(headers: &HeaderMap, path: &str) -> Response {
    if path == "service.json" {
        let body =
            serde_json::json!({ "service": true, "engine_version": env!("CARGO_PKG_VERSION"), "built": built() });
        let mut r = axum::Json(body).into_response();
        r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return r;
    }
    if path == "index.html" && !built() {
        let mut r = NOT_BUILT.into_response();
        secure(&mut r, "index.html");
        return r;
    }
    match FILES.iter().find(|a| a.path == path) {
        Some(a) => answer(headers, a.path, a.bytes, a.etag, a.gzip),
        None => crate::problem::Problem::not_found(format!("没有这个文件 / no such file: /app/{path}")).into_response(),
    }
}
