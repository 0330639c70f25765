//! Batch jobs: a supervisor uploads a whole export (JSON Lines, gzip, CSV or XLSX, streamed to a temporary file
//! of bounded size), the instance that took it runs it as `jiancha check` runs a file — the same batch crate, the
//! reference data and plugins in force, every output at once (JSON Lines, CSV, XLSX and the HTML report) — and
//! keeps its progress and outputs in the store, so that any instance answers for it. One job runs at a time per
//! instance; a few more wait.

use std::io::{BufWriter, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use futures_util::StreamExt;
use jiancha_batch::{Phase, Progress, Records, Tick};
use jiancha_output::{CheckFormat, Report, Sink, Tee};
use jiancha_store::{BatchInfo, Decision, Store};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::problem::Problem;
use crate::service::Loaded;
use crate::{App, blocking, id_param};

/// Largest upload: 4 GiB.
pub const UPLOAD_MAX: u64 = 4 << 30;
/// Longest an upload may take.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(3600);
/// Jobs an instance keeps waiting behind the one it runs; more are refused with 503 and a retry hint.
pub const QUEUE_MAX: usize = 4;
/// Size of the parts an output is stored in.
const PART_BYTES: usize = 4 << 20;
/// A job not heard of for this long (its instance stopped) is reported `interrupted`.
const STALE_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(60);
/// How often the jobs of an instance say they are alive.
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The outputs of a job: (name in the URL, content type, file extension).
pub const OUTPUTS: [(&str, &str, &str); 4] = [
    ("jsonl", "application/x-ndjson", "jsonl"),
    ("csv", "text/csv; charset=utf-8", "csv"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("report", "text/html; charset=utf-8", "html"),
];

/// The input formats: (the `format` parameter, the extension the batch crate reads it by, content types).
const INPUTS: [(&str, &str, &[&str]); 4] = [
    ("jsonl", "jsonl", &["application/x-ndjson", "application/jsonl", "application/json", "text/plain"]),
    ("jsonl.gz", "jsonl.gz", &["application/gzip", "application/x-gzip"]),
    ("csv", "csv", &["text/csv"]),
    ("xlsx", "xlsx", &["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),
];

/// One job waiting for the runner.
#[derive(Debug)]
pub struct Job {
    info: BatchInfo,
    upload: tempfile::TempPath,
    loaded: Arc<Loaded>,
    rules_hash: String,
}

/// The jobs of this instance: the runner's queue and the ids it is responsible for.
#[derive(Debug)]
pub struct Runner {
    tx: std::sync::mpsc::SyncSender<Job>,
    waiting: Arc<AtomicUsize>,
    active: Arc<Mutex<Vec<String>>>,
}

impl Runner {
    /// Starts the runner thread and the heartbeat of its jobs.
    pub fn start(store: Arc<dyn Store>) -> std::io::Result<Runner> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(QUEUE_MAX);
        let waiting = Arc::new(AtomicUsize::new(0));
        let active: Arc<Mutex<Vec<String>>> = Arc::default();
        let (s, w, a) = (store.clone(), waiting.clone(), active.clone());
        std::thread::Builder::new().name("jiancha-batches".into()).spawn(move || {
            for job in rx {
                w.fetch_sub(1, Ordering::SeqCst);
                let id = job.info.id.clone();
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&*s, job)));
                if run.is_err() {
                    tracing::error!(target: "jiancha::batch", batch = %id, "a batch job failed with a panic");
                    if let Ok(Some(mut b)) = s.batch(&id) {
                        b.state = "failed".into();
                        b.error = Some("内部错误 / internal error".into());
                        let _ = s.update_batch(&b);
                    }
                }
                if let Ok(mut a) = a.lock() {
                    a.retain(|x| *x != id);
                }
            }
        })?;
        let (s, a) = (store, Arc::downgrade(&active));
        std::thread::Builder::new().name("jiancha-batch-heartbeat".into()).spawn(move || {
            loop {
                std::thread::sleep(HEARTBEAT);
                let Some(active) = a.upgrade() else { break };
                let ids = active.lock().map(|a| a.clone()).unwrap_or_default();
                if !ids.is_empty()
                    && let Err(e) = s.touch_batches(&ids)
                {
                    tracing::warn!(target: "jiancha::batch", error = %e, "batch heartbeat failed");
                }
            }
        })?;
        Ok(Runner { tx, waiting, active })
    }
}

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    /// `jsonl`, `jsonl.gz`, `csv` or `xlsx`; else the Content-Type, else the name's extension.
    format: Option<String>,
    /// What to call the input in messages and in the job (e.g. the export's file name).
    name: Option<String>,
}

/// The input's format extension, from the `format` parameter, the Content-Type or the name.
fn input_format(q: &UploadQuery, headers: &HeaderMap) -> Result<&'static str, Problem> {
    if let Some(f) = &q.format {
        return INPUTS.iter().find(|(k, _, _)| k == f).map(|(_, ext, _)| *ext).ok_or_else(|| {
            Problem::bad_request(format!(
                "format 须为 jsonl、jsonl.gz、csv 或 xlsx，收到 `{f}` / format must be jsonl, jsonl.gz, csv or xlsx, got `{f}`"
            ))
            .at("/format")
        });
    }
    let (ct, mime) = crate::mime(headers);
    if let Some((_, ext, _)) = INPUTS.iter().find(|(_, _, types)| types.contains(&mime.as_str())) {
        let gz = headers.get(header::CONTENT_ENCODING).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
        return Ok(if gz && *ext == "jsonl" { "jsonl.gz" } else { ext });
    }
    let name = q.name.as_deref().unwrap_or("").to_ascii_lowercase();
    if let Some((_, ext, _)) = INPUTS.iter().rev().find(|(_, ext, _)| name.ends_with(&format!(".{ext}"))) {
        return Ok(ext);
    }
    Err(Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "无法判断上传文件的格式 / the upload's format is not known",
        format!(
            "请给出 ?format=jsonl|jsonl.gz|csv|xlsx 或相应的 Content-Type，收到 `{ct}` / give ?format=jsonl|jsonl.gz|csv|xlsx or its Content-Type, got `{ct}`"
        ),
    ))
}

/// A new job id.
fn batch_id() -> String {
    crate::service::decision_id().replacen("dec_", "bat_", 1)
}

/// `POST /v1/batches`: the body streamed to a temporary file (at most [`UPLOAD_MAX`]), then queued; answers 202
/// with the job, whose progress `GET /v1/batches/{id}` gives.
pub async fn upload(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    let ext = input_format(&q, &headers)?;
    let name = match &q.name {
        Some(n) => {
            id_param("name", n)?;
            if n.to_ascii_lowercase().ends_with(&format!(".{ext}")) { n.clone() } else { format!("{n}.{ext}") }
        }
        None => format!("upload.{ext}"),
    };
    if app.batches.waiting.load(Ordering::SeqCst) >= QUEUE_MAX {
        return Err(busy());
    }
    let file = blocking_io(|| tempfile::Builder::new().prefix("jiancha-upload-").tempfile()).await?;
    let (file, path) = file.into_parts();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut hash = Sha256::new();
    let mut size: u64 = 0;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Problem::bad_request(format!("上传中断 / the upload broke off: {e}")))?;
        size += chunk.len() as u64;
        if size > UPLOAD_MAX {
            return Err(Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "上传文件过大 / the upload is too large",
                format!("上限 {UPLOAD_MAX} 字节 / at most {UPLOAD_MAX} bytes"),
            ));
        }
        hash.update(&chunk);
        // Writes go to the page cache in 1 MiB pieces: short enough for an async thread.
        out.write_all(&chunk)
            .map_err(|e| Problem::internal(format!("无法写入临时文件 / cannot spool the upload: {e}")))?;
    }
    out.flush().map_err(|e| Problem::internal(format!("无法写入临时文件 / cannot spool the upload: {e}")))?;
    drop(out);
    if size == 0 {
        return Err(Problem::bad_request("上传内容为空 / the upload is empty"));
    }
    let loaded = app.loaded.load_full();
    let info = BatchInfo {
        id: batch_id(),
        created_at: jiancha_store::now(),
        created_by: caller.token.clone(),
        input: name,
        input_hash: hex::encode(hash.finalize()),
        bundle_revision: loaded.info.revision,
        state: "queued".into(),
        progress: json!({ "phase": "queued", "records": 0, "bytes": 0, "total_bytes": size }),
        summary: None,
        error: None,
        updated_at: jiancha_store::now(),
    };
    let store = app.store.clone();
    let stored = info.clone();
    blocking(move || store.put_batch(&stored)).await?;
    let id = info.id.clone();
    if let Ok(mut a) = app.batches.active.lock() {
        a.push(id.clone());
    }
    app.batches.waiting.fetch_add(1, Ordering::SeqCst);
    let job = Job { info: info.clone(), upload: path, loaded, rules_hash: app.rules_hash.clone() };
    if app.batches.tx.try_send(job).is_err() {
        app.batches.waiting.fetch_sub(1, Ordering::SeqCst);
        let mut b = info;
        b.state = "failed".into();
        b.error = Some("排队已满 / the queue was full".into());
        let store = app.store.clone();
        blocking(move || store.update_batch(&b)).await?;
        return Err(busy());
    }
    tracing::info!(target: "jiancha::batch", batch = %id, bytes = size, "batch queued");
    let location = format!("/v1/batches/{id}");
    let mut r = (StatusCode::ACCEPTED, Json(view(info_now(&app, &id).await?))).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    Ok(r)
}

fn busy() -> Problem {
    let mut p = Problem::unavailable(format!(
        "已有 {QUEUE_MAX} 个批量任务在排队，请稍后重试 / {QUEUE_MAX} batch jobs are waiting already: retry later"
    ));
    p.retry_after = Some(30);
    p
}

async fn blocking_io<T: Send + 'static>(f: impl FnOnce() -> std::io::Result<T> + Send + 'static) -> Result<T, Problem> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(Problem::internal(format!("临时文件 / temporary file: {e}"))),
        Err(e) => Err(Problem::internal(format!("任务失败 / a task failed: {e}"))),
    }
}

async fn info_now(app: &App, id: &str) -> Result<BatchInfo, Problem> {
    let store = app.store.clone();
    let lookup = id.to_string();
    blocking(move || store.batch(&lookup))
        .await?
        .ok_or_else(|| Problem::not_found(format!("没有批量任务 {id} / no batch job {id}")))
}

/// A job as the API shows it: a job whose instance stopped is `interrupted`; a finished one links its outputs.
fn view(mut b: BatchInfo) -> serde_json::Value {
    let alive = chrono::DateTime::parse_from_rfc3339(&b.updated_at)
        .is_ok_and(|t| chrono::Utc::now().signed_duration_since(t) < STALE_AFTER);
    if (b.state == "queued" || b.state == "running") && !alive {
        b.state = "interrupted".into();
        b.error =
            Some("运行该任务的实例已停止，请重新上传 / the instance running the job stopped: upload it again".into());
    }
    let outputs: serde_json::Map<String, serde_json::Value> = if b.state == "done" {
        OUTPUTS.iter().map(|(k, _, _)| (k.to_string(), json!(format!("/v1/batches/{}/output/{k}", b.id)))).collect()
    } else {
        serde_json::Map::new()
    };
    let mut v = serde_json::to_value(&b).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("outputs".into(), serde_json::Value::Object(outputs));
    }
    v
}

/// `GET /v1/batches/{id}`.
pub async fn get(State(app): State<App>, Path(id): Path<String>) -> Result<Json<serde_json::Value>, Problem> {
    id_param("id", &id)?;
    Ok(Json(view(info_now(&app, &id).await?)))
}

/// `GET /v1/batches`: the newest jobs first.
pub async fn list(State(app): State<App>) -> Result<Json<serde_json::Value>, Problem> {
    let store = app.store.clone();
    let list = blocking(move || store.batches(100)).await?;
    Ok(Json(json!({ "batches": list.into_iter().map(view).collect::<Vec<_>>() })))
}

/// `GET /v1/batches/{id}/output/{format}`: a finished job's output, streamed part by part from the store.
pub async fn output(State(app): State<App>, Path((id, format)): Path<(String, String)>) -> Result<Response, Problem> {
    id_param("id", &id)?;
    let Some((key, content_type, ext)) = OUTPUTS.iter().find(|(k, _, _)| *k == format).copied() else {
        return Err(Problem::not_found(format!(
            "没有输出格式 {format}（jsonl、csv、xlsx、report）/ no output {format} (jsonl, csv, xlsx, report)"
        )));
    };
    let b = info_now(&app, &id).await?;
    if b.state != "done" {
        return Err(Problem::conflict(format!(
            "批量任务 {id} 尚未完成（{}）/ batch job {id} is not done ({})",
            b.state, b.state
        )));
    }
    let store = app.store.clone();
    let (i, k) = (id.clone(), key.to_string());
    let parts = blocking(move || store.batch_output_parts(&i, &k)).await?;
    let store = app.store.clone();
    let stream = futures_util::stream::unfold(0i64, move |part| {
        let (store, id, key) = (store.clone(), id.clone(), key.to_string());
        async move {
            if part >= parts {
                return None;
            }
            let got = blocking(move || store.batch_output(&id, &key, part)).await;
            let item = match got {
                Ok(Some(bytes)) => Ok(axum::body::Bytes::from(bytes)),
                Ok(None) => Err(std::io::Error::other("output part missing")),
                Err(p) => Err(std::io::Error::other(p.detail)),
            };
            Some((item, part + 1))
        }
    });
    let mut r = Body::from_stream(stream).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.{ext}\"", b.id)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// Tells the store how far a job has got, at most once a second and at each phase.
struct StoreProgress<'a> {
    store: &'a dyn Store,
    info: &'a mut BatchInfo,
    total: u64,
    phase: &'static str,
    last: Instant,
}

impl StoreProgress<'_> {
    fn save(&mut self, at: Tick, force: bool) {
        if !force && self.last.elapsed() < Duration::from_secs(1) {
            return;
        }
        self.last = Instant::now();
        self.info.progress =
            json!({ "phase": self.phase, "records": at.records, "bytes": at.bytes, "total_bytes": self.total });
        if let Err(e) = self.store.update_batch(self.info) {
            tracing::warn!(target: "jiancha::batch", batch = %self.info.id, error = %e, "progress not saved");
        }
    }
}

impl Progress for StoreProgress<'_> {
    fn read(&mut self, at: Tick) {
        self.save(at, false);
    }
    fn phase(&mut self, phase: Phase, at: Tick) {
        self.phase = phase.key();
        self.save(at, true);
    }
}

/// Runs one job to its end: done with its outputs stored, or failed with the reason.
fn run(store: &dyn Store, job: Job) {
    let Job { mut info, upload, loaded, rules_hash } = job;
    info.state = "running".into();
    let outcome = run_checked(store, &mut info, &upload, &loaded, &rules_hash);
    drop(upload);
    match outcome {
        Ok(()) => {
            info.state = "done".into();
            tracing::info!(target: "jiancha::batch", batch = %info.id, "batch done");
        }
        Err(e) => {
            tracing::warn!(target: "jiancha::batch", batch = %info.id, error = %e, "batch failed");
            info.state = "failed".into();
            info.error = Some(e);
        }
    }
    if let Err(e) = store.update_batch(&info) {
        tracing::error!(target: "jiancha::batch", batch = %info.id, error = %e, "batch state not saved");
    }
}

fn run_checked(
    store: &dyn Store,
    info: &mut BatchInfo,
    upload: &std::path::Path,
    loaded: &Loaded,
    rules_hash: &str,
) -> Result<(), String> {
    let io = |e: std::io::Error| format!("临时文件 / temporary file: {e}");
    let total = std::fs::metadata(upload).map_err(io)?.len();
    let mut progress = StoreProgress { store, info, total, phase: "read", last: Instant::now() };
    progress.save(Tick::default(), true);
    let dir = tempfile::Builder::new().prefix("jiancha-batch-").tempdir().map_err(io)?;
    let paths: Vec<std::path::PathBuf> =
        OUTPUTS.iter().map(|(k, _, ext)| dir.path().join(format!("{k}.{ext}"))).collect();
    let [jsonl, csv, xlsx, report] = [0, 1, 2, 3].map(|i| paths.get(i).cloned().unwrap_or_default());
    let ds = &*loaded.ds;
    let writer = |p: &std::path::Path| std::fs::File::create(p).map(|f| BufWriter::with_capacity(1 << 20, f));
    let sinks: Vec<Box<dyn Sink + '_>> = vec![
        jiancha_output::sink(CheckFormat::Jsonl, writer(&jsonl).map_err(io)?, None, ds)
            .map_err(|e| format!("{e:#}"))?,
        jiancha_output::sink(CheckFormat::Csv, writer(&csv).map_err(io)?, None, ds).map_err(|e| format!("{e:#}"))?,
        jiancha_output::sink(CheckFormat::Xlsx, std::io::sink(), Some(xlsx), ds).map_err(|e| format!("{e:#}"))?,
        Box::new(Report::new(writer(&report).map_err(io)?, ds)),
    ];
    let mut sink = Box::new(Tee(sinks));
    let file = std::fs::File::open(upload).map_err(io)?;
    let records = Records::reader(&progress.info.input.clone(), Box::new(file));
    let mut run = loaded.plugins.set.as_ref().map(|s| s.run());
    let plugins = run.as_mut().map(|r| r as &mut dyn jiancha_batch::Plugins);
    let summary =
        jiancha_batch::check(records, ds, plugins, &mut progress, &mut *sink).map_err(|e| format!("{e:#}"))?;
    sink.finish(&summary).map_err(|e| format!("{e:#}"))?;
    let notices: Vec<String> = run.iter().flat_map(|r| r.notices.iter().cloned()).collect();
    drop(run);
    progress.phase = "store";
    progress.save(Tick::default(), true);
    for ((key, _, _), path) in OUTPUTS.iter().zip(&paths) {
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut part = 0i64;
        loop {
            let mut buf = Vec::with_capacity(PART_BYTES);
            (&mut f).take(PART_BYTES as u64).read_to_end(&mut buf).map_err(io)?;
            if buf.is_empty() && part > 0 {
                break;
            }
            store.put_batch_output(&progress.info.id, key, part, &buf).map_err(|e| e.to_string())?;
            part += 1;
            if buf.len() < PART_BYTES {
                break;
            }
        }
    }
    let by_rule: serde_json::Map<String, serde_json::Value> =
        summary.by_rule.iter().map(|(r, (n, _))| (r.clone(), json!(n))).collect();
    let info = progress.info;
    info.progress = json!({ "phase": "done", "records": summary.records, "bytes": total, "total_bytes": total });
    info.summary = Some(json!({
        "records": summary.records,
        "clean": summary.clean,
        "tally": summary.tally,
        "by_rule": by_rule,
        "plugins": loaded.plugins.tags,
        "notices": notices,
        "seconds": summary.elapsed.as_secs_f64(),
        // How much of the upload could be read (the same count as the CLI's data-quality banner and gate).
        "quality": {
            "unreadable": summary.quality.unreadable,
            "unreadable_percent": summary.quality.unreadable_percent(summary.records),
            "first_unreadable": summary.quality.first_unreadable.iter()
                .map(|(line, message)| json!({"line": line, "message": message}))
                .collect::<Vec<_>>(),
        },
    }));
    let decision = Decision {
        id: crate::service::decision_id(),
        at: jiancha_store::now(),
        caller: info.created_by.clone(),
        kind: "batch".into(),
        input_hash: info.input_hash.clone(),
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        rules_hash: rules_hash.to_string(),
        bundle_revision: loaded.info.revision,
        plugins: loaded.plugins.tags.clone(),
        findings: json!({ "batch": info.id, "tally": summary.tally, "by_rule": by_rule }),
    };
    store.log_decision(&decision).map_err(|e| e.to_string())?;
    if let Some(s) = info.summary.as_mut().and_then(|s| s.as_object_mut()) {
        s.insert("decision_id".into(), json!(decision.id));
    }
    Ok(())
}
