//! The enterprise's side of 亮码检查, without sign-in: at the door it enters (or scans) the 行政行为码 it is shown
//! and sees whether it is a registered inspection of it, by whom, for which items, approved and noticed when, and the
//! agency's visits this year against the cap (`POST /v1/public/codes:verify`); after the visit it evaluates it and
//! may complain (`POST /v1/public/evaluations`). Both are rate-limited per client address; a code is looked up by
//! the index of its exact text together with the enterprise's USCC, codes are never listed, and no answer names a
//! person or shows another enterprise's anything. The page is `/verify`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use jiancha_core::supervision::{
    COMPLAINTS, Complaint, EVALUATION_TEXT_MAX, EVALUATIONS_PER_RECORD_MAX, Verification, complaint_alert, verify_code,
};
use jiancha_store::{Evaluation, NewAlert};
use serde::Deserialize;
use serde_json::json;

use crate::problem::Problem;
use crate::{App, blocking_p, json_body, now_in_shanghai, service};

/// The largest body of a public request: an evaluation's text of [`EVALUATION_TEXT_MAX`] characters and its
/// checkboxes fit many times over.
pub const BODY_MAX: usize = 16 << 10;

/// The longest code or USCC accepted (the province's codes are 23 characters).
const FIELD_MAX: usize = 64;

/// The client's budget key: its address (an IPv6 one by its /64), the last one of `X-Forwarded-For` when the service runs behind a proxy it trusts
/// ([`crate::Config::trust_forwarded`]: the proxy appends the address it saw), else the peer's; callers without
/// either share one budget.
fn client(app: &App, peer: Option<Extension<ConnectInfo<SocketAddr>>>, headers: &HeaderMap) -> String {
    let forwarded = app
        .trust_forwarded
        .then(|| headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back())
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .and_then(|a| a.parse::<std::net::IpAddr>().ok());
    let ip = forwarded.or_else(|| peer.map(|Extension(ConnectInfo(a))| a.ip()));
    match ip {
        // One IPv6 host may hold a whole /64: it is one budget.
        Some(std::net::IpAddr::V6(v6)) => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
        Some(ip) => ip.to_string(),
        None => "-".to_string(),
    }
}

/// Refuses a caller over the public rate (per client address).
fn limit(app: &App, peer: Option<Extension<ConnectInfo<SocketAddr>>>, headers: &HeaderMap) -> Result<(), Problem> {
    let who = client(app, peer, headers);
    if app.public_rate.allow(&who) {
        return Ok(());
    }
    let mut p = Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "请求过于频繁 / too many requests",
        format!(
            "每个地址每分钟最多 {} 次核验与评价，请稍后再试 / at most {} verifications and evaluations a minute from one address: try again later",
            app.public_rate.per_window(),
            app.public_rate.per_window()
        ),
    );
    p.retry_after = Some(60);
    Err(p)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeQuery {
    code: String,
    enterprise: String,
}

fn field(name: &str, value: &str) -> Result<String, Problem> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > FIELD_MAX || v.chars().any(char::is_control) {
        let zh = if name == "code" { "行政行为码" } else { "统一社会信用代码" };
        let en = if name == "code" { "the code" } else { "the USCC" };
        return Err(Problem::bad_request(format!(
            "{zh}须为 1–{FIELD_MAX} 个可打印字符 / {en} must be 1–{FIELD_MAX} printable characters"
        ))
        .at(format!("/{name}")));
    }
    Ok(v.to_string())
}

/// The code's records and the enterprise's history read, and the code verified (blocking).
fn look_up(app: &App, code: &str, enterprise: &str) -> Result<Verification, Problem> {
    let found = app.store.records_by_code(code)?;
    let views = service::stored_records(&found);
    let history = if found.iter().any(|r| r.enterprise == enterprise) {
        service::stored_records(&app.store.history(enterprise)?)
    } else {
        Vec::new()
    };
    let loaded = app.loaded.load();
    Ok(verify_code(&loaded.ds, &views, enterprise, now_in_shanghai(), &history))
}

/// `POST /v1/public/codes:verify`: `{"code": "…", "enterprise": "<USCC>"}`.
pub async fn verify(
    State(app): State<App>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    limit(&app, peer, &headers)?;
    let q: CodeQuery = json_body(&headers, &body)?;
    let code = field("code", &q.code)?;
    let enterprise = field("enterprise", &q.enterprise)?;
    let a = app.clone();
    let (v, evaluations) = blocking_p(move || {
        let v = look_up(&a, &code, &enterprise)?;
        let n = match &v.record {
            Some(id) => a.store.evaluations_of(id)?.len(),
            None => 0,
        };
        Ok((v, n))
    })
    .await?;
    let evaluable = v.evaluable(now_in_shanghai()).is_ok() && evaluations < EVALUATIONS_PER_RECORD_MAX;
    let mut r = Json(json!({
        "verification": v,
        "evaluations": evaluations,
        "evaluable": evaluable,
        "evaluations_max": EVALUATIONS_PER_RECORD_MAX,
    }))
    .into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// `GET /v1/public/complaints`: the conduct an enterprise may complain of (the checkboxes of its form).
pub async fn complaints() -> Json<serde_json::Value> {
    Json(json!({ "complaints": COMPLAINTS, "text_max": EVALUATION_TEXT_MAX }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvaluationBody {
    code: String,
    enterprise: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    rating: i64,
    #[serde(default)]
    complaints: Vec<String>,
    #[serde(default)]
    text: String,
}

/// `POST /v1/public/evaluations`: the enterprise's evaluation of a visit, bound to the code it was shown.
pub async fn evaluate(
    State(app): State<App>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    limit(&app, peer, &headers)?;
    let b: EvaluationBody = json_body(&headers, &body)?;
    let code = field("code", &b.code)?;
    let enterprise = field("enterprise", &b.enterprise)?;
    if !(1..=5).contains(&b.rating) {
        return Err(Problem::bad_request(format!(
            "评分须为 1–5，收到 {} / rating must be 1–5, got {}",
            b.rating, b.rating
        ))
        .at("/rating"));
    }
    let mut complaints: Vec<&'static Complaint> = Vec::new();
    for (i, c) in b.complaints.iter().enumerate() {
        let Some(known) = Complaint::by_id(c) else {
            return Err(
                Problem::bad_request(format!("没有投诉项 `{c}` / no complaint `{c}`")).at(format!("/complaints/{i}"))
            );
        };
        if !complaints.contains(&known) {
            complaints.push(known);
        }
    }
    let text = b.text.trim().to_string();
    if text.chars().count() > EVALUATION_TEXT_MAX {
        return Err(Problem::bad_request(format!(
            "意见最多 {EVALUATION_TEXT_MAX} 字 / the text is at most {EVALUATION_TEXT_MAX} characters"
        ))
        .at("/text"));
    }
    let a = app.clone();
    let alerted = blocking_p(move || submit(&a, &code, &enterprise, b.rating, &complaints, text)).await?;
    if alerted {
        app.alerted.notify_waiters();
    }
    Ok((
        StatusCode::CREATED,
        Json(json!({ "received": true, "message": "已收到评价，谢谢 / evaluation received, thank you" })),
    )
        .into_response())
}

/// Stores an evaluation of the visit under `code` for `enterprise` (blocking): refused for a code that is not a
/// registered inspection of it, a visit not begun, or one evaluated [`EVALUATIONS_PER_RECORD_MAX`] times. With a
/// complaint, the agency's complaints of the year are counted and the alert, when due, is written with it. Returns
/// whether it raised the alert.
pub fn submit(
    a: &App,
    code: &str,
    enterprise: &str,
    rating: i64,
    complaints: &[&'static Complaint],
    text: String,
) -> Result<bool, Problem> {
    let v = look_up(a, code, enterprise)?;
    let record = match v.evaluable(now_in_shanghai()) {
        Ok(r) => r.to_string(),
        Err((zh, en)) if v.record.is_some() => return Err(Problem::conflict(format!("{zh} / {en}"))),
        Err((zh, en)) => return Err(Problem::not_found(format!("{zh} / {en}")).at("/code")),
    };
    let Some(i) = v.inspection.as_ref() else { return Err(Problem::not_found("没有记录 / no record")) };
    if a.store.evaluations_of(&record)?.len() >= EVALUATIONS_PER_RECORD_MAX {
        return Err(Problem::conflict(format!(
            "此次检查已有 {EVALUATIONS_PER_RECORD_MAX} 条评价，不再接收 / this inspection has {EVALUATIONS_PER_RECORD_MAX} evaluations already"
        )));
    }
    let day = i.started_at.local_date();
    let e = Evaluation {
        record: record.clone(),
        enterprise: enterprise.to_string(),
        agency: i.agency.clone(),
        day: day.to_string(),
        at: jiancha_store::now(),
        rating,
        complaints: complaints.iter().map(|c| c.id.to_string()).collect(),
        text,
    };
    let alert = if e.complaints.is_empty() {
        None
    } else {
        let year = day.year();
        let mut with =
            a.store.complained_records(&e.agency, &format!("{year:04}-01-01"), &format!("{year:04}-12-31"))?;
        if !with.contains(&record) {
            with.push(record.clone());
        }
        let name = i.agency_name.clone().unwrap_or_else(|| e.agency.clone());
        complaint_alert(&name, year, with.len(), a.complaint_alert_at).map(|alert| NewAlert {
            record: record.clone(),
            enterprise: e.enterprise.clone(),
            change: "complaints".into(),
            line: alert.line(&e.agency, &with),
        })
    };
    a.store.put_evaluation(&e, alert.as_ref())?;
    Ok(alert.is_some())
}

const PAGE: &str = include_str!("verify/index.html");
const SCRIPT: &str = include_str!("verify/verify.js");
const STYLE: &str = include_str!("verify/verify.css");

/// `GET /verify`: the enterprise's page.
pub async fn page() -> Response {
    asset("index.html", PAGE)
}

/// `GET /verify/{file}`: its script and style.
pub async fn page_file(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "verify.js" => asset("verify.js", SCRIPT),
        "verify.css" => asset("verify.css", STYLE),
        _ => Problem::not_found(format!("没有这个文件 / no such file: /verify/{file}")).into_response(),
    }
}

fn asset(name: &str, text: &'static str) -> Response {
    let mut r = text.into_response();
    crate::web::secure(&mut r, name);
    r
}
