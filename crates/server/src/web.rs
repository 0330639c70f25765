//! The web app at `/app/`: the page of `web-demo/` and the `@jiancha/core` package, embedded in the binary by
//! `build.rs` and answered from memory, same origin as the API (no CDN, nothing fetched elsewhere). The page finds
//! `service.json` next to it and runs as the service's app: sign-in with a token, 检查预检 on the service's
//! history, 监督台 and 管理 by role. The files are public, as a page is; everything they show comes through the API
//! and its roles.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

/// Whether the browser build was there when the binary was built.
pub fn built() -> bool {
    FILES.iter().any(|(p, _)| *p == "pkg/index.js")
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
/// `wasm-unsafe-eval`); no inline script, no frame, no form sent elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; \
connect-src 'self'; worker-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>检查 Jiancha</title>\
<h1>网页应用未构建 / the web app was not built</h1>\
<p>此程序构建时没有浏览器引擎包：先运行 <code>bash web-demo/build.sh</code>，再重新构建 <code>jiancha</code>（cargo build --release -p jiancha）。</p>\
<p>This binary was built without the browser package: run <code>bash web-demo/build.sh</code>, then build <code>jiancha</code> again. The API works without it.</p></html>";

fn answer(path: &str, bytes: &'static [u8]) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime(path)));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // The page's files change with the binary: revalidated each time (they are small and come from memory).
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// `GET /`: to the app.
pub async fn root() -> Redirect {
    Redirect::to("/app/")
}

/// `GET /app/`: the page.
pub async fn index() -> Response {
    file_at("index.html")
}

/// `GET /app/{*path}`: one of the app's files.
pub async fn file(Path(path): Path<String>) -> Response {
    file_at(&path)
}

fn file_at(path: &str) -> Response {
    if path == "service.json" {
        let body =
            serde_json::json!({ "service": true, "engine_version": env!("CARGO_PKG_VERSION"), "built": built() });
        let mut r = axum::Json(body).into_response();
        r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return r;
    }
    if path == "index.html" && !built() {
        return answer("index.html", NOT_BUILT.as_bytes());
    }
    match FILES.iter().find(|(p, _)| *p == path) {
        Some((p, bytes)) => answer(p, bytes),
        None => crate::problem::Problem::not_found(format!("没有这个文件 / no such file: /app/{path}")).into_response(),
    }
}
