//! The 问题清单 for supervisors: the year's problems by agency, made by `jiancha_core::supervision` from the
//! findings of the stored records and the enterprises' complaints, with each problem's state and moves as the
//! store keeps them; moved one step at a time, and written out as XLSX or a printable document
//! (`jiancha_output::problems`).

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use jiancha_core::meta::Severity;
use jiancha_core::supervision::{
    Complaint, ComplaintOf, EvaluationOf, FindingOf, Move, ProblemList, ProblemState, list, parse_problem_key, problems,
};
use jiancha_store::ProblemEvent;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::problem::Problem;
use crate::{App, blocking_p, json_body, now_in_shanghai};

/// The longest note of a move, in characters.
pub const NOTE_MAX: usize = 1000;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    year: Option<i32>,
}

fn year_of(q: Option<i32>) -> Result<i32, Problem> {
    let year = q.unwrap_or_else(|| now_in_shanghai().local_date().year());
    if !(2000..=2100).contains(&year) {
        return Err(Problem::bad_request(format!("年份无效 / invalid year {year}")).at("/year"));
    }
    Ok(year)
}

#[derive(Deserialize)]
struct Lead {
    lead_agency: Option<String>,
}

#[derive(Deserialize)]
struct LineFinding {
    rule: String,
    severity: Severity,
}

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    findings: Vec<LineFinding>,
}

/// The year's list, read from the store (blocking).
pub fn build(app: &App, year: i32) -> Result<ProblemList, Problem> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let records = app.store.records_between(&from, &to)?;
    // Each record's lead agency (from its body) and its findings now (from its line).
    let mut facts: Vec<(String, String, Vec<LineFinding>)> = Vec::with_capacity(records.len());
    for r in &records {
        // Both were written by the service: a record or line it cannot read again is counted as holding nothing.
        let lead =
            serde_json::from_str::<Lead>(&r.body).ok().and_then(|b| b.lead_agency).unwrap_or_else(|| r.agency.clone());
        let findings = serde_json::from_str::<Line>(&r.line).map(|l| l.findings).unwrap_or_default();
        facts.push((r.id.clone(), lead, findings));
    }
    let evaluations = app.store.evaluations_between(&from, &to)?;
    let events = app.store.problem_events(i64::from(year))?;
    let labels: BTreeMap<String, String> =
        app.store.tokens()?.into_iter().map(|t| (t.id.clone(), format!("{}（{}）", t.label, t.agency))).collect();
    let found = facts.iter().flat_map(|(id, agency, fs)| {
        fs.iter().map(move |f| FindingOf { record: id, agency, rule: &f.rule, severity: f.severity })
    });
    let complaints = evaluations.iter().flat_map(|e| {
        e.complaints.iter().filter_map(|c| Complaint::by_id(c)).map(|c| ComplaintOf {
            record: &e.record,
            agency: &e.agency,
            complaint: c,
        })
    });
    let made = problems(year, found, complaints);
    let mut moves: BTreeMap<String, Vec<Move>> = BTreeMap::new();
    for e in events {
        let (Some(from), Some(to)) = (ProblemState::parse(&e.from), ProblemState::parse(&e.to)) else { continue };
        let by = labels.get(&e.by).cloned().unwrap_or(e.by);
        moves.entry(e.key).or_default().push(Move { from, to, note: e.note, by, at: local(&e.at) });
    }
    let mut evals: BTreeMap<String, Vec<EvaluationOf>> = BTreeMap::new();
    for e in evaluations {
        evals.entry(e.record.clone()).or_default().push(EvaluationOf {
            record: e.record,
            rating: e.rating,
            complaints: e.complaints,
            text: e.text,
            at: local(&e.at),
        });
    }
    let loaded = app.loaded.load();
    Ok(list(year, made, &moves, &evals, |a| loaded.ds.agency_name(a).to_string()))
}

/// A time the store wrote (RFC 3339, UTC) as the county reads it: `YYYY-MM-DD HH:MM`, Asia/Shanghai.
fn local(at: &str) -> String {
    jiancha_core::time::Timestamp::parse(at).map_or_else(|_| at.to_string(), |t| t.display_local())
}

/// `GET /v1/problems?year=`.
pub async fn get(State(app): State<App>, Query(q): Query<ListQuery>) -> Result<Json<Value>, Problem> {
    let year = year_of(q.year)?;
    let list = blocking_p(move || build(&app, year)).await?;
    let states: Vec<Value> = ProblemState::ALL
        .iter()
        .map(|s| json!({"key": s, "zh": s.zh(), "en": s.en(), "next": s.next(), "targets": s.targets()}))
        .collect();
    Ok(Json(json!({ "list": list, "states": states })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveBody {
    /// The state the caller saw; the move is refused when the problem is no longer in it.
    from: Option<String>,
    to: String,
    #[serde(default)]
    note: String,
}

/// `POST /v1/problems/{key}/moves`: `{"to": "assigned", "note": "…", "from": "found"}`.
pub async fn move_one(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    let b: MoveBody = json_body(&headers, &body)?;
    let Some((year, _, _)) = parse_problem_key(&key) else {
        return Err(Problem::bad_request(format!(
            "问题编号无效 `{key}`（应为 年~机构~规则）/ invalid problem key `{key}` (year~agency~rule)"
        )));
    };
    let Some(to) = ProblemState::parse(&b.to) else {
        return Err(Problem::bad_request(format!(
            "状态须为 assigned、rectified 或 evaluated，收到 `{}` / to must be assigned, rectified or evaluated, got `{}`",
            b.to, b.to
        ))
        .at("/to"));
    };
    let note = b.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        return Err(Problem::bad_request(format!(
            "说明最多 {NOTE_MAX} 字 / the note is at most {NOTE_MAX} characters"
        ))
        .at("/note"));
    }
    let a = app.clone();
    let by = caller.token.clone();
    let moved = blocking_p(move || {
        let list = build(&a, year)?;
        let Some(p) = list.agencies.iter().flat_map(|x| &x.problems).find(|p| p.problem.key == key) else {
            return Err(Problem::not_found(format!("{year} 年的问题清单中没有 `{key}` / no problem `{key}` in {year}")));
        };
        let now = p.state;
        if let Some(seen) = b.from.as_deref()
            && seen != now.key()
        {
            return Err(Problem::conflict(format!(
                "问题已是“{}”，不是“{seen}”：请刷新 / the problem is {} now, not {seen}: reload",
                now.zh(),
                now.key()
            )));
        }
        if !now.may_become(to) {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "不能变更到此状态 / not a next state",
                format!(
                "“{}”之后不能到“{}”（闭环：发现 → 交办 → 整改 → 评价，整改可退回交办）/ {} cannot become {} (found → assigned → rectified → evaluated; rectified may go back to assigned)",
                now.zh(),
                to.zh(),
                now.key(),
                to.key()
            ),
            )
            .at("/to"));
        }
        let event = ProblemEvent {
            seq: 0,
            key: key.clone(),
            year: i64::from(year),
            from: now.key().into(),
            to: to.key().into(),
            note,
            by,
            at: jiancha_store::now(),
        };
        match a.store.move_problem(&event)? {
            Some(seq) => Ok(json!({ "key": key, "state": to, "state_zh": to.zh(), "seq": seq })),
            None => Err(Problem::conflict("另一位监督人员刚刚变更了此问题：请刷新 / someone moved this problem just now: reload")),
        }
    })
    .await?;
    Ok((StatusCode::CREATED, Json(moved)).into_response())
}

/// `GET /v1/problems/export/{format}?year=`: `xlsx` or `html` (printable).
pub async fn export(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(format): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, Problem> {
    let year = year_of(q.year)?;
    if format != "xlsx" && format != "html" {
        return Err(Problem::not_found(format!(
            "格式须为 xlsx 或 html，收到 `{format}` / format must be xlsx or html, got `{format}`"
        )));
    }
    let a = app.clone();
    let id = caller.token.clone();
    let (list, label) = blocking_p(move || {
        let label = a.store.token(&id)?.map_or(id, |t| t.label);
        Ok((build(&a, year)?, label))
    })
    .await?;
    let (bytes, mime, ext) = if format == "xlsx" {
        let bytes = jiancha_output::problems::xlsx(&list).map_err(|e| Problem::internal(e.to_string()))?;
        (bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    } else {
        let by = format!("{label}（{}）", caller.agency);
        let doc = jiancha_output::problems::html(&list, &local(&jiancha_store::now()), &by);
        (doc.into_bytes(), "text/html; charset=utf-8", "html")
    };
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    // The workbook is saved; the document opens to be printed (nothing in it runs, nothing is fetched).
    let disposition = if ext == "xlsx" { "attachment" } else { "inline" };
    if let Ok(v) = HeaderValue::from_str(&format!("{disposition}; filename=\"problems-{year}.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
