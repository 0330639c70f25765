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
use jiancha_core::supervision::{COMPLAINTS, CodeStatus, Complaint, EVALUATION_TEXT_MAX, complaint_alert, verify_code};
use jiancha_store::{Evaluation, FileJob, Filing, NewAlert};
use serde::Deserialize;
use serde_json::json;

use crate::problem::Problem;
use crate::{App, blocking_p, now_in_shanghai, require_json, service};

/// The longest code or USCC accepted (the province's codes are 23 characters).
const FIELD_MAX: usize = 64;

/// Refuses a caller over the public rate (per client address; all callers without one share a budget).
fn limit(app: &App, peer: Option<Extension<ConnectInfo<SocketAddr>>>) -> Result<(), Problem> {
    let who = peer.map_or_else(|| "-".to_string(), |Extension(ConnectInfo(a))| a.ip().to_string());
    if app.public_rate.allow(&who) {
        return Ok(());
    }
    let mut p = Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "请求过于频繁 / too many requests",
        format!(
            "每个地址每分钟最多查询 {} 次，请稍后再试 / at most {} requests a minute from one address: try again later",
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
        return Err(Problem::bad_request(format!(
            "{name} 须为 1–{FIELD_MAX} 个可打印字符 / {name} must be 1–{FIELD_MAX} printable characters"
        ))
        .at(format!("/{name}")));
    }
    Ok(v.to_string())
}

fn read<T: serde::de::DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, Problem> {
    require_json(headers)?;
    serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("请求体无法读取 / the body cannot be read: {e}")))
}

/// The code's records, the enterprise's history, and the verification, read off the async threads.
fn look_up(
    app: &App,
    code: &str,
    enterprise: &str,
) -> Result<(jiancha_core::supervision::Verification, Vec<jiancha_store::StoredRecord>), Problem> {
    let found = app.store.records_by_code(code)?;
    let views = service::stored_records(&found);
    let history = if found.iter().any(|r| r.enterprise == enterprise) {
        service::stored_records(&app.store.history(enterprise)?)
    } else {
        Vec::new()
    };
    let loaded = app.loaded.load();
    let v = verify_code(&loaded.ds, &views, enterprise, now_in_shanghai().local_date(), &history);
    Ok((v, found))
}

/// `POST /v1/public/codes:verify`: `{"code": "…", "enterprise": "<USCC>"}`.
pub async fn verify(
    State(app): State<App>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    limit(&app, peer)?;
    let q: CodeQuery = read(&headers, &body)?;
    let code = field("code", &q.code)?;
    let enterprise = field("enterprise", &q.enterprise)?;
    let a = app.clone();
    let (v, found) = blocking_p(move || look_up(&a, &code, &enterprise)).await?;
    let evaluated = match v.status {
        CodeStatus::Registered | CodeStatus::Expired => {
            let record = found.iter().filter(|r| r.enterprise == q.enterprise.trim()).map(|r| r.id.clone()).next_back();
            let store = app.store.clone();
            let ds = v.inspection.as_ref().map(|i| i.started_at.local_date().to_string()).unwrap_or_default();
            blocking_p(move || {
                Ok(match record {
                    Some(id) => store.evaluations_between(&ds, &ds)?.iter().any(|e| e.record == id),
                    None => false,
                })
            })
            .await?
        }
        _ => false,
    };
    let mut r = Json(json!({ "verification": v, "evaluated": evaluated })).into_response();
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
    limit(&app, peer)?;
    let b: EvaluationBody = read(&headers, &body)?;
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
/// registered inspection of it, a visit not begun, or one evaluated already. Returns whether it raised the
/// agency's complaint alert.
pub fn submit(
    a: &App,
    code: &str,
    enterprise: &str,
    rating: i64,
    complaints: &[&'static Complaint],
    text: String,
) -> Result<bool, Problem> {
    let (v, found) = look_up(a, code, enterprise)?;
    let Some(i) = v.inspection.as_ref().filter(|_| matches!(v.status, CodeStatus::Registered | CodeStatus::Expired))
    else {
        return Err(Problem::not_found(format!("{} / {}", v.message, v.message_en)).at("/code"));
    };
    if i.started_at.0 > chrono::Utc::now() {
        return Err(Problem::conflict(
            "检查尚未开始，结束后才能评价 / the inspection has not started: evaluate it after the visit",
        ));
    }
    // The newest filing under the code, as the verification answered it.
    let Some(record) = found.iter().rfind(|r| r.enterprise == enterprise) else {
        return Err(Problem::not_found("没有记录 / no record"));
    };
    let day = i.started_at.local_date();
    let e = Evaluation {
        record: record.id.clone(),
        enterprise: enterprise.to_string(),
        agency: i.agency.clone(),
        day: day.to_string(),
        at: jiancha_store::now(),
        rating,
        complaints: complaints.iter().map(|c| c.id.to_string()).collect(),
        text,
    };
    if !a.store.put_evaluation(&e)? {
        return Err(Problem::conflict("此次检查已评价过 / this inspection has been evaluated already"));
    }
    if e.complaints.is_empty() {
        return Ok(false);
    }
    let year = day.year();
    let with = a
        .store
        .evaluations_between(&format!("{year:04}-01-01"), &format!("{year:04}-12-31"))?
        .into_iter()
        .filter(|x| x.agency == e.agency && !x.complaints.is_empty())
        .map(|x| x.record)
        .collect::<Vec<_>>();
    let name = i.agency_name.clone().unwrap_or_else(|| e.agency.clone());
    let Some(alert) = complaint_alert(&name, year, with.len(), a.complaint_alert_at) else { return Ok(false) };
    let line = json!({
        "scope": "agency",
        "id": e.agency,
        "findings": [{
            "rule": "complaint.repeated",
            "severity": "warning",
            "message": alert.message,
            "message_en": alert.message_en,
            "citations": alert.citations,
            "path": "",
            "related": with,
        }],
    });
    let new =
        NewAlert { record: e.record.clone(), enterprise: e.enterprise.clone(), change: "complaints".into(), line };
    let job = FileJob {
        enterprise: String::new(),
        record: None,
        decide: Box::new(move |_, _, _| Ok(Filing { alerts: vec![new.clone()], ..Filing::default() })),
    };
    for r in a.store.file(vec![job]) {
        r?;
    }
    Ok(true)
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
