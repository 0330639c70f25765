//! `jiancha-server`: `jiancha serve`, the county's inspection service.
//!
//! It owns the HTTP API (`/v1`, JSON in and out, errors as `application/problem+json`), who may call what
//! ([`auth::ENDPOINTS`], deny by default), the reference data in force (a bundle of the store, swapped whole),
//! the filer that writes records in groups ([`service::filer`]) and the live alert stream.
//!
//! It may not: hold a rule (every answer is the core engine's line, as `jiancha check` gives it), keep state
//! outside the store that another instance would need (so that instances behind one load balancer answer alike),
//! or parse a command line (the `jiancha` binary does, and calls [`serve`]).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Extension, Json};
use jiancha_core::Dataset;
use jiancha_store::{BundleFiles, Role, Store};
use serde::Deserialize;
use serde_json::json;

pub mod auth;
pub mod batches;
pub mod bundle;
pub mod demo;
pub mod enterprise;
pub mod metrics;
pub mod openapi;
pub mod plugins;
pub mod problem;
pub mod problems;
pub mod service;
pub mod web;

use auth::Caller;
use problem::Problem;
use service::Loaded;

/// Largest JSON request body (a record, a plan, a token request): 1 MiB.
pub const JSON_BODY_MAX: usize = 1 << 20;
/// Largest bundle upload: 1 GiB (the dataset's own cap).
pub const BUNDLE_BODY_MAX: usize = 1 << 30;
/// Largest plugin upload: a component of the host's cap (64 MiB) in base64, and its manifest.
pub const PLUGIN_BODY_MAX: usize = 90 << 20;

/// How a service runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    /// Requests handled at once; more wait.
    pub concurrency: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// Requests per second per token.
    pub rate_per_token: u32,
    /// Whom plugins must be signed by, and their sandbox.
    pub plugins: plugins::PluginConfig,
    /// When a check that stores nothing (`inspections:validate`, `plans:validate`) is answered.
    pub check_log: CheckLog,
    /// Requests a minute one client address may make of the public endpoints (an enterprise's code lookups and
    /// evaluations).
    pub public_per_minute: u32,
    /// Complaints about one agency in a year at which each further one raises a supervisor alert (0: none).
    pub complaint_alert_at: usize,
    /// Whether the client's address is the last of `X-Forwarded-For` (behind a proxy that appends it); otherwise
    /// the header is ignored, so that a caller cannot choose its own rate budget.
    pub trust_forwarded: bool,
}

/// When the decision of a check that stores nothing is answered: filings and changes are always answered once
/// durable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CheckLog {
    /// Once its decision is on disk (the default): a decision id answered is always in the log.
    #[default]
    Durable,
    /// As soon as its decision is handed to the filer, which writes it in its next group: the answer does not
    /// wait for the disk; a stop writes what the filer holds first, and a crash can lose the decisions of the last
    /// group (never a filing).
    Buffered,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8081)),
            concurrency: 256,
            timeout: Duration::from_secs(30),
            rate_per_token: 1000,
            plugins: plugins::PluginConfig::default(),
            check_log: CheckLog::Durable,
            public_per_minute: 30,
            complaint_alert_at: 2,
            trust_forwarded: false,
        }
    }
}

/// The service's state, shared by every request.
#[derive(Clone, Debug)]
pub struct App(Arc<Inner>);

#[derive(Debug)]
pub struct Inner {
    pub store: Arc<dyn Store>,
    pub loaded: ArcSwap<Loaded>,
    pub rules_json: String,
    pub rules_hash: String,
    pub metrics: metrics::Metrics,
    pub rate: auth::RateLimit,
    /// The public endpoints' rate, per client address.
    pub public_rate: auth::RateLimit,
    /// See [`Config::complaint_alert_at`].
    pub complaint_alert_at: usize,
    /// See [`Config::trust_forwarded`].
    pub trust_forwarded: bool,
    /// Tokens read from the store lately.
    pub tokens: auth::TokenCache,
    pub filer: std::sync::mpsc::Sender<service::Work>,
    /// Woken when this instance files an alert (other instances' alerts are found by polling).
    pub alerted: tokio::sync::Notify,
    /// The batch jobs this instance runs.
    pub batches: batches::Runner,
    pub plugin_config: plugins::PluginConfig,
    /// When checks that store nothing are answered.
    pub check_log: CheckLog,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Loads a bundle's reference data.
pub fn load_bundle(files: &BundleFiles) -> Result<Dataset, String> {
    match files {
        BundleFiles::Files(f) => Dataset::from_files("bundle", f),
        BundleFiles::Object(t) => Dataset::from_object("bundle", t),
    }
    .map_err(|e| e.to_string())
}

impl App {
    /// The service over a store, with the store's bundle in force (a store without one is refused: load the
    /// reference data first, e.g. with `--dataset` or `--demo`).
    pub fn new(store: Arc<dyn Store>, config: &Config) -> anyhow::Result<App> {
        let bundle = store.current_bundle()?.ok_or_else(|| {
            anyhow::anyhow!(
                "存储中没有参考数据，请用 --dataset DIR 或 --demo 载入 / the store has no reference data: load it with --dataset DIR or --demo"
            )
        })?;
        let ds = load_bundle(&bundle.files)
            .map_err(|e| anyhow::anyhow!("参考数据无法载入 / the stored bundle cannot be loaded: {e}"))?;
        let plugin_revision = store.plugins_revision()?;
        let in_force = plugins::InForce::load(plugin_revision, &store.plugins()?, &config.plugins, false)
            .map_err(|e| anyhow::anyhow!("已安装的插件无法载入 / the installed plugins cannot be loaded: {e}"))?;
        let rules_json = jiancha_output::text::rules(jiancha_output::RulesFormat::Json, &[]);
        let rules_hash = jiancha_store::sha256_hex(rules_json.as_bytes());
        let (tx, rx) = std::sync::mpsc::channel();
        let inner = Inner {
            store: store.clone(),
            loaded: ArcSwap::from_pointee(Loaded { info: bundle.info, ds: Arc::new(ds), plugins: Arc::new(in_force) }),
            rules_json,
            rules_hash: rules_hash.clone(),
            metrics: metrics::Metrics::default(),
            rate: auth::RateLimit::new(config.rate_per_token),
            public_rate: auth::RateLimit::per(config.public_per_minute.max(1), Duration::from_secs(60)),
            complaint_alert_at: config.complaint_alert_at,
            trust_forwarded: config.trust_forwarded,
            tokens: auth::TokenCache::default(),
            filer: tx,
            alerted: tokio::sync::Notify::new(),
            batches: batches::Runner::start(store.clone())?,
            plugin_config: config.plugins.clone(),
            check_log: config.check_log,
        };
        std::thread::Builder::new()
            .name("jiancha-filer".into())
            .spawn(move || service::filer(store, rules_hash, rx))?;
        let app = App(Arc::new(inner));
        // Another instance may put a bundle: each looks for a new revision every BUNDLE_POLL.
        let weak = Arc::downgrade(&app.0);
        std::thread::Builder::new().name("jiancha-bundles".into()).spawn(move || {
            loop {
                std::thread::sleep(BUNDLE_POLL);
                let Some(inner) = weak.upgrade() else { break };
                if let Err(e) = App(inner).refresh() {
                    tracing::warn!(target: "jiancha::bundle", error = %e.detail, "bundle refresh failed");
                }
            }
        })?;
        Ok(app)
    }

    /// Puts the store's newest bundle and plugins in force where they are not the ones in force (blocking). A
    /// bundle that does not load is not put in force; the one in force stays.
    pub fn refresh(&self) -> Result<(), Problem> {
        let rev = self.store.current_revision()?;
        if let Some(rev) = rev
            && rev != self.loaded.load().info.revision
            && let Some(b) = self.store.current_bundle()?
        {
            let ds = Arc::new(load_bundle(&b.files).map_err(Problem::internal)?);
            tracing::info!(target: "jiancha::bundle", revision = b.info.revision, "bundle of another instance in force");
            self.put_in_force(Some((b.info, ds)), None);
        }
        let prev = self.store.plugins_revision()?;
        if prev != self.loaded.load().plugins.revision {
            let set = plugins::InForce::load(prev, &self.store.plugins()?, &self.plugin_config, false)
                .map_err(Problem::internal)?;
            tracing::info!(target: "jiancha::plugin", revision = prev, plugins = ?set.tags, "plugins of another instance in force");
            self.put_in_force(None, Some(Arc::new(set)));
        }
        Ok(())
    }

    /// Swaps a new bundle, a new plugin set or both in, keeping what is not given (requests in flight finish on the
    /// old ones).
    pub fn put_in_force(
        &self,
        bundle: Option<(jiancha_store::BundleInfo, Arc<Dataset>)>,
        plugins: Option<Arc<plugins::InForce>>,
    ) {
        self.loaded.rcu(|old| {
            // Two changes swapped in out of order (or a poll that loaded slowly) never bring back an older revision.
            let (info, ds) = bundle
                .clone()
                .filter(|(info, _)| info.revision >= old.info.revision)
                .unwrap_or_else(|| (old.info.clone(), old.ds.clone()));
            Loaded { info, ds, plugins: plugins.clone().unwrap_or_else(|| old.plugins.clone()) }
        });
    }
}

/// How often an instance looks for a bundle put through another.
pub const BUNDLE_POLL: Duration = Duration::from_secs(2);

/// Now, in Asia/Shanghai (the day a policy or a quota is read for).
fn now_in_shanghai() -> jiancha_core::time::Timestamp {
    jiancha_core::time::Timestamp(chrono::Utc::now().with_timezone(&jiancha_core::time::shanghai()))
}

/// Runs blocking store or engine work off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, jiancha_store::StoreError> + Send + 'static,
) -> Result<T, Problem> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(Problem::from),
        Err(e) => Err(Problem::internal(format!("任务失败 / a task failed: {e}"))),
    }
}

pub(crate) async fn blocking_p<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(Problem::internal(format!("任务失败 / a task failed: {e}"))),
    }
}

/// The request's Content-Type as written, and its media type (lower case, without parameters).
pub(crate) fn mime(headers: &HeaderMap) -> (&str, String) {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    (ct, ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
}

pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    let (ct, mime) = mime(headers);
    if mime == "application/json" {
        Ok(())
    } else {
        Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "请求体须为 JSON / the body must be JSON",
            format!(
                "Content-Type 须为 application/json，收到 `{ct}` / Content-Type must be application/json, got `{ct}`"
            ),
        ))
    }
}

/// A JSON body read into `T` (its Content-Type JSON, its fields those of `T`).
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, Problem> {
    require_json(headers)?;
    serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("请求体无法读取 / the body cannot be read: {e}")))
}

/// The router with every endpoint, its limits and the authorization in front of it.
pub fn router(app: App, config: &Config) -> Router {
    // Uploads of whole exports take longer than a request may: their own time limit, and their own size cap.
    let uploads = Router::new()
        .route("/v1/batches", get(batches::list).post(batches::upload).layer(DefaultBodyLimit::disable()))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            batches::UPLOAD_TIMEOUT,
        ));
    let timed = Router::new()
        .route("/", get(web::root))
        .route("/app", get(web::app))
        .route("/app/", get(web::index))
        .route("/app/{*path}", get(web::file))
        .route("/health", get(|| async { "ok" }))
        .route("/health/ready", get(ready))
        .route("/openapi.json", get(|| async { Json(openapi::document()) }))
        .route("/metrics", get(metrics_text))
        .route("/v1/version", get(version))
        .route("/v1/me", get(me))
        .route("/v1/rules", get(rules))
        .route("/v1/policy", get(policy))
        .route("/v1/inspections:validate", post(validate))
        .route("/v1/inspections", post(file))
        .route("/v1/inspections/{id}", get(record))
        .route("/v1/enterprises/{uscc}/history", get(history))
        .route("/v1/enterprises/{uscc}/quota", get(quota))
        .route("/v1/plans:validate", post(validate_plan))
        .route("/v1/plans/{id}", put(put_plan))
        .route("/v1/alerts", get(alerts))
        .route("/v1/alerts/stream", get(alert_stream))
        .route("/v1/decisions/{id}", get(decision))
        .route("/v1/bundles", get(bundles))
        .route("/v1/bundles/{revision}/restore", post(restore_bundle))
        .route("/v1/bundle", get(get_bundle).put(put_bundle).layer(DefaultBodyLimit::max(BUNDLE_BODY_MAX)))
        .route("/v1/bundle/policy", put(bundle::put_policy))
        .route("/v1/bundle/calendar", put(bundle::put_calendar))
        .route("/v1/bundle/{kind}/{id}", put(bundle::put_entry).delete(bundle::delete_entry))
        .route("/v1/tokens", get(tokens).post(create_token))
        .route("/v1/tokens/{id}", axum::routing::delete(revoke_token))
        .route("/v1/batches/{id}", get(batches::get))
        .route("/v1/batches/{id}/output/{format}", get(batches::output))
        .route("/verify", get(enterprise::page))
        .route("/verify/{file}", get(enterprise::page_file))
        .route("/v1/public/complaints", get(enterprise::complaints))
        .route("/v1/public/codes:verify", post(enterprise::verify).layer(DefaultBodyLimit::max(enterprise::BODY_MAX)))
        .route("/v1/public/evaluations", post(enterprise::evaluate).layer(DefaultBodyLimit::max(enterprise::BODY_MAX)))
        .route("/v1/problems", get(problems::get))
        .route("/v1/problems/{key}/moves", post(problems::move_one))
        .route("/v1/problems/export/{format}", get(problems::export))
        .route("/v1/plugins", get(list_plugins))
        .route("/v1/plugin-history", get(plugin_history))
        .route("/v1/plugin-history/{seq}/restore", post(restore_plugin))
        .route(
            "/v1/plugins/{id}",
            put(install_plugin).delete(remove_plugin).layer(DefaultBodyLimit::max(PLUGIN_BODY_MAX)),
        )
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.timeout));
    let api = timed
        .merge(uploads)
        .fallback(|| async { Problem::not_found("没有这个接口 / no such endpoint") })
        .layer(middleware::from_fn_with_state(app.clone(), auth::authorize))
        .layer(DefaultBodyLimit::max(JSON_BODY_MAX));
    api.layer(middleware::from_fn_with_state(app.clone(), observe))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(config.concurrency))
        .with_state(app)
}

/// Counts each request and logs it.
async fn observe(State(app): State<App>, matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let path = matched.map_or_else(|| "(none)".to_string(), |m| m.as_str().to_string());
    let resp = next.run(req).await;
    let took = start.elapsed();
    app.metrics.request(&method, &path, resp.status().as_u16(), took);
    tracing::info!(target: "jiancha::http", %method, path, status = resp.status().as_u16(), micros = took.as_micros() as u64);
    resp
}

async fn ready(State(app): State<App>) -> Result<&'static str, Problem> {
    let store = app.store.clone();
    blocking(move || store.ping()).await.map(|_| "ready")
}

async fn metrics_text(State(app): State<App>) -> Response {
    use std::fmt::Write as _;
    let mut text = app.metrics.render();
    text.push_str("# HELP jiancha_plugin_failures_total Records on which a plugin failed (plugin.failed), by plugin, since the set in force was loaded.\n# TYPE jiancha_plugin_failures_total counter\n");
    let loaded = app.loaded.load();
    if let Ok(f) = loaded.plugins.failures.lock() {
        for (id, n) in f.iter() {
            let _ = writeln!(text, "jiancha_plugin_failures_total{{plugin=\"{id}\"}} {n}");
        }
    }
    let _ = writeln!(
        text,
        "# HELP jiancha_plugins_in_force Plugins in force.\n# TYPE jiancha_plugins_in_force gauge\njiancha_plugins_in_force {}",
        loaded.plugins.tags.len()
    );
    let mut r = text.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"));
    r
}

async fn version(State(app): State<App>) -> Result<Json<serde_json::Value>, Problem> {
    let store = app.store.clone();
    let (records, revisions) = blocking(move || store.counts()).await?;
    let loaded = app.loaded.load();
    Ok(Json(json!({
        "engine_version": env!("CARGO_PKG_VERSION"),
        "rules_hash": app.rules_hash,
        "rules": jiancha_core::RULES.len(),
        "bundle": loaded.info,
        "store": { "backend": app.store.backend(), "records": records, "revisions": revisions },
    })))
}

/// `GET /v1/me`: who the token is (what a page shows and which of its parts it offers).
async fn me(State(app): State<App>, Extension(caller): Extension<Caller>) -> Result<Json<serde_json::Value>, Problem> {
    let store = app.store.clone();
    let id = caller.token.clone();
    let info = blocking(move || store.token(&id)).await?;
    let loaded = app.loaded.load();
    Ok(Json(json!({
        "id": caller.token,
        "label": info.as_ref().map(|t| t.label.clone()).unwrap_or_default(),
        "agency": caller.agency,
        "agency_name": loaded.ds.agency(&caller.agency).map(|a| a.name.clone()),
        "role": caller.role.as_str(),
        "expires_at": info.and_then(|t| t.expires_at),
    })))
}

async fn rules(State(app): State<App>) -> Response {
    let mut r = app.rules_json.clone().into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

#[derive(Debug, Deserialize)]
struct DateQuery {
    date: Option<String>,
}

async fn policy(State(app): State<App>, Query(q): Query<DateQuery>) -> Result<Json<serde_json::Value>, Problem> {
    let day = match q.date.as_deref() {
        Some(d) => jiancha_core::time::Date::parse(d).map_err(|_| {
            Problem::bad_request(format!("date 须为 YYYY-MM-DD，收到 `{d}` / date must be YYYY-MM-DD, got `{d}`"))
                .at("/date")
        })?,
        None => now_in_shanghai().local_date(),
    };
    let loaded = app.loaded.load();
    Ok(Json(json!({
        "date": day,
        "bundle_revision": loaded.info.revision,
        "parameters": loaded.ds.policy.in_force(day),
    })))
}

async fn validate(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<service::Answer>, Problem> {
    require_json(&headers)?;
    let loaded = app.loaded.load_full();
    let a = app.clone();
    let (answer, decision) =
        blocking_p(move || service::validate(&*a.store, &loaded, &a.rules_hash, &caller, &body)).await?;
    // Answered once its decision is logged (durably, in the filer's next group), or handed to the filer.
    log_check(&app, decision).await?;
    app.metrics.findings(answer.line.findings.iter().map(|f| f.rule.as_str()));
    Ok(Json(answer))
}

async fn file(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    require_json(&headers)?;
    let c = caller.clone();
    let prepared = blocking_p(move || service::prepare(&c, &body)).await?;
    let (reply, answer) = tokio::sync::oneshot::channel();
    let req = service::FileRequest { caller, prepared, loaded: app.loaded.load_full(), reply };
    app.filer
        .send(service::Work::File(req))
        .map_err(|_| Problem::unavailable("登记线程已停止 / the filer has stopped"))?;
    let filed = answer.await.map_err(|_| Problem::unavailable("登记未完成 / the filing did not finish"))??;
    app.metrics.findings(filed.answer.line.findings.iter().map(|f| f.rule.as_str()));
    if !filed.duplicate {
        app.alerted.notify_waiters();
    }
    let status = if filed.duplicate { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(filed)).into_response())
}

/// A path parameter that is an id of the data contract: printable, no path separators, at most 256 bytes.
pub(crate) fn id_param(what: &str, id: &str) -> Result<(), Problem> {
    if id.is_empty() || id.len() > 256 || id.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
        return Err(Problem::bad_request(format!("{what} 无效 / invalid {what}")).at(format!("/{what}")));
    }
    Ok(())
}

async fn record(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    id_param("id", &id)?;
    let store = app.store.clone();
    let lookup = id.clone();
    let Some(r) = blocking(move || store.record(&lookup)).await? else {
        return Err(Problem::not_found(format!("没有记录 {id} / no record {id}")));
    };
    // A stored body was read when it was filed: one that no longer reads is the service's fault, not the caller's.
    let (_, inspection) = service::read_record(r.body.as_bytes()).map_err(|p| {
        Problem::internal(format!("已存储的记录 {id} 无法读取 / stored record {id} cannot be read: {}", p.detail))
    })?;
    if caller.role == Role::Officer && !service::takes_part(&caller, &inspection) {
        return Err(Problem::forbidden(format!("本机构未参与记录 {id} / your agency takes no part in record {id}")));
    }
    let line: serde_json::Value = serde_json::from_str(&r.line).unwrap_or_default();
    Ok(Json(json!({
        "id": r.id,
        "revision": r.revision,
        "enterprise": r.enterprise,
        "record": serde_json::from_str::<serde_json::Value>(&r.body).unwrap_or_default(),
        "findings": line.get("findings").cloned().unwrap_or_default(),
    })))
}

async fn history(
    State(app): State<App>,
    Path(uscc): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    id_param("uscc", &uscc)?;
    let store = app.store.clone();
    let e = uscc.clone();
    let year = q.year;
    let views = blocking(move || {
        let mut views = service::history_views(&store.history(&e)?);
        if let Some(y) = year {
            views.retain(|r| r.started_at.local_year() == y);
        }
        Ok(views)
    })
    .await?;
    Ok(Json(json!({ "enterprise": uscc, "bundle_revision": app.loaded.load().info.revision, "records": views })))
}

/// Reads a request body as a plan of the data contract.
fn read_plan(body: &[u8]) -> Result<(String, jiancha_core::model::Plan), Problem> {
    let text = std::str::from_utf8(body)
        .map_err(|e| Problem::bad_request(format!("请求体不是 UTF-8 文本 / the body is not UTF-8 text: {e}")))?;
    let plan = jiancha_core::error::parse_json("plan", text)
        .map_err(|e| Problem::unprocessable(e.message.clone()).at(e.path))?;
    Ok((text.to_string(), plan))
}

fn plan_of_agency(caller: &Caller, plan: &jiancha_core::model::Plan) -> Result<(), Problem> {
    if caller.role != Role::Officer
        || plan.agencies.contains(&caller.agency)
        || plan.lead.as_deref() == Some(caller.agency.as_str())
    {
        Ok(())
    } else {
        Err(Problem::forbidden(format!(
            "本机构 {} 不是该计划的实施机关 / your agency {} is not one of the plan's agencies",
            caller.agency, caller.agency
        ))
        .at("/agencies"))
    }
}

/// Logs the decision of a check that stores nothing, as [`Config::check_log`] says.
async fn log_check(app: &App, d: jiancha_store::Decision) -> Result<(), Problem> {
    match app.check_log {
        CheckLog::Durable => log_decision(app, d).await,
        CheckLog::Buffered => {
            // The filer writes it with its next group; nobody waits for the answer.
            let (reply, _) = tokio::sync::oneshot::channel();
            app.filer
                .send(service::Work::Log(d, reply))
                .map_err(|_| Problem::unavailable("登记线程已停止 / the filer has stopped"))
        }
    }
}

/// Logs a decision through the filer (group commit) and waits until it is durable.
async fn log_decision(app: &App, d: jiancha_store::Decision) -> Result<(), Problem> {
    let (reply, logged) = tokio::sync::oneshot::channel();
    app.filer
        .send(service::Work::Log(d, reply))
        .map_err(|_| Problem::unavailable("登记线程已停止 / the filer has stopped"))?;
    logged.await.map_err(|_| Problem::unavailable("决定未记录 / the decision was not logged"))?
}

fn plan_decision(
    app: &App,
    kind: &str,
    caller: &Caller,
    text: &str,
    findings: &[jiancha_core::Finding],
) -> jiancha_store::Decision {
    jiancha_store::Decision {
        id: service::decision_id(),
        at: jiancha_store::now(),
        caller: caller.token.clone(),
        kind: kind.to_string(),
        input_hash: jiancha_store::sha256_hex(text.as_bytes()),
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        rules_hash: app.rules_hash.clone(),
        bundle_revision: app.loaded.load().info.revision,
        plugins: Vec::new(),
        findings: serde_json::to_value(findings).unwrap_or_default(),
    }
}

/// `POST /v1/plans:validate`: the plan's findings (publication, lead, special approval, merge suggestions) with
/// the reference data in force, as the browser's plan form gives them.
async fn validate_plan(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, Problem> {
    require_json(&headers)?;
    let (text, plan) = read_plan(&body)?;
    let id = plan.id.clone();
    let loaded = app.loaded.load_full();
    let findings = blocking_p(move || {
        jiancha_core::Engine::new(&loaded.ds)
            .validate_plan(plan)
            .map(|(_, f)| f)
            .map_err(|e| Problem::unprocessable(e.message.clone()).at(e.path))
    })
    .await?;
    let d = plan_decision(&app, "validate-plan", &caller, &text, &findings);
    let decision_id = d.id.clone();
    log_check(&app, d).await?;
    Ok(Json(json!({ "decision_id": decision_id, "id": id, "findings": findings })))
}

/// `PUT /v1/plans/{id}`: the plan put into the reference data (in place of a plan of that id) as a new bundle
/// revision on top of the one in force, which it then replaces; answers the plan's findings.
async fn put_plan(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    require_json(&headers)?;
    id_param("id", &id)?;
    let (text, plan) = read_plan(&body)?;
    if plan.id != id {
        return Err(Problem::bad_request(format!(
            "计划 id `{}` 与路径中的 `{id}` 不同 / the plan's id `{}` is not the path's `{id}`",
            plan.id, plan.id
        ))
        .at("/id"));
    }
    plan_of_agency(&caller, &plan)?;
    // A plan of that id already in force is changed only by one of its own agencies.
    if let Some(old) = app.loaded.load().ds.plan(&id) {
        plan_of_agency(&caller, old)?;
    }
    let a = app.clone();
    let who = caller.token.clone();
    let (info, findings) = blocking_p(move || {
        let loaded = a.loaded.load_full();
        let (with, findings) = jiancha_core::Engine::new(&loaded.ds)
            .validate_plan(plan)
            .map_err(|e| Problem::unprocessable(e.message.clone()).at(e.path))?;
        let Some(bundle) = a.store.current_bundle()? else {
            return Err(Problem::internal("存储中没有参考数据 / the store has no reference data"));
        };
        // The plan was checked on the revision in force here; one put since (here or by another instance) would
        // be lost under the new revision: refused, to be retried on it.
        if bundle.info.revision != loaded.info.revision {
            return Err(Problem::from(jiancha_store::StoreError::Refused(format!(
                "参考数据已更新为第 {} 版，请重试 / the reference data changed to revision {} meanwhile: retry",
                bundle.info.revision, bundle.info.revision
            ))));
        }
        let BundleFiles::Files(mut files) = bundle.files else {
            return Err(Problem::conflict("参考数据为单一对象形式，请整体上传 / the reference data is one object: upload it whole (PUT /v1/bundle)"));
        };
        let plans = serde_json::to_string_pretty(&with.plans).map_err(|e| Problem::internal(e.to_string()))? + "\n";
        match files.iter_mut().find(|(n, _)| n == "plans.json") {
            Some((_, t)) => *t = plans,
            None => files.push(("plans.json".into(), plans)),
        }
        let files = BundleFiles::Files(files);
        // The new revision must load as the check did (it is the same data, written out and read back).
        let ds = load_bundle(&files).map_err(Problem::internal)?;
        let info = a.store.put_bundle_on(Some(loaded.info.revision), &format!("plan {id}"), &who, &files)?;
        a.put_in_force(Some((info.clone(), Arc::new(ds))), None);
        Ok((info, findings))
    })
    .await?;
    let d = plan_decision(&app, "put-plan", &caller, &text, &findings);
    let decision_id = d.id.clone();
    log_decision(&app, d).await?;
    Ok((StatusCode::CREATED, Json(json!({ "decision_id": decision_id, "bundle": info, "findings": findings }))))
}

#[derive(Debug, Deserialize)]
struct QuotaQuery {
    agency: Option<String>,
    year: Option<i32>,
}

/// `GET /v1/enterprises/{uscc}/quota`: the caps of the frequency rules for an agency (an officer's own by default
/// and only) in a year (this year by default), counted from the stored history as the rules count.
async fn quota(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(uscc): Path<String>,
    Query(q): Query<QuotaQuery>,
) -> Result<Json<serde_json::Value>, Problem> {
    id_param("uscc", &uscc)?;
    let agency = q.agency.unwrap_or_else(|| caller.agency.clone());
    if caller.role == Role::Officer && agency != caller.agency {
        return Err(Problem::forbidden(format!(
            "只能查询本机构 {} 的额度 / you may ask only for your agency {}",
            caller.agency, caller.agency
        ))
        .at("/agency"));
    }
    let today = now_in_shanghai().local_date();
    let year = q.year.unwrap_or(today.year());
    // The caps as in force today within this year; for another year, as on its last day.
    let day = if year == today.year() {
        today
    } else {
        jiancha_core::time::Date::parse(&format!("{year:04}-12-31"))
            .map_err(|_| Problem::bad_request(format!("年份无效 / invalid year {year}")).at("/year"))?
    };
    let loaded = app.loaded.load_full();
    if loaded.ds.agency(&agency).is_none() {
        return Err(Problem::not_found(format!("没有机构 {agency} / no agency {agency}")).at("/agency"));
    }
    if loaded.ds.enterprise(&uscc).is_none() {
        return Err(Problem::not_found(format!(
            "参考数据中没有企业 {uscc} / no enterprise {uscc} in the reference data"
        )));
    }
    let store = app.store.clone();
    let (e, a, l) = (uscc.clone(), agency.clone(), loaded.clone());
    let caps = blocking(move || {
        let records = service::stored_records(&store.history(&e)?);
        Ok(jiancha_core::rules::frequency::quota(&l.ds, &records, &e, &a, year, day))
    })
    .await?;
    Ok(Json(json!({
        "enterprise": uscc,
        "agency": agency,
        "year": year,
        "as_of": day,
        "bundle_revision": loaded.info.revision,
        "caps": caps,
    })))
}

#[derive(Debug, Deserialize)]
struct YearQuery {
    year: Option<i32>,
}

#[derive(Debug, Deserialize)]
struct SinceQuery {
    since: Option<i64>,
    limit: Option<i64>,
}

async fn alerts(State(app): State<App>, Query(q): Query<SinceQuery>) -> Result<Json<serde_json::Value>, Problem> {
    let store = app.store.clone();
    let since = q.since.unwrap_or(0);
    let limit = q.limit.unwrap_or(1000).clamp(1, 10_000);
    let list = blocking(move || store.alerts_since(since, limit)).await?;
    let next = list.last().map_or(since, |a| a.seq);
    Ok(Json(json!({ "alerts": list, "next": next })))
}

/// How often a live alert stream checks that its token is still valid (revoked or expired: the stream ends).
const STREAM_TOKEN_CHECK: Duration = Duration::from_secs(30);

async fn alert_stream(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    Query(q): Query<SinceQuery>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let since = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .or(q.since)
        .unwrap_or(0);
    let state = (app, caller.token, since, Vec::new(), Instant::now());
    let stream = futures_util::stream::unfold(state, |(app, token, mut since, mut queue, mut checked)| async move {
        loop {
            if checked.elapsed() >= STREAM_TOKEN_CHECK {
                let store = app.store.clone();
                let id = token.clone();
                let valid = blocking(move || store.token(&id))
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|t| t.in_force(&jiancha_store::now()));
                if !valid {
                    tracing::warn!(target: "jiancha::access", token = %token, "alert stream ended: the token is revoked or expired");
                    return None;
                }
                checked = Instant::now();
            }
            if let Some(a) = queue.pop() {
                let a: jiancha_store::Alert = a;
                let ev = Event::default().id(a.seq.to_string()).event("alert").json_data(&a).unwrap_or_default();
                return Some((Ok(ev), (app, token, since, queue, checked)));
            }
            let store = app.store.clone();
            let got = blocking(move || store.alerts_since(since, 100)).await.unwrap_or_default();
            if got.is_empty() {
                // Woken by this instance's filings; other instances' are found within a second.
                let _ = tokio::time::timeout(Duration::from_secs(1), app.alerted.notified()).await;
                continue;
            }
            since = got.last().map_or(since, |a| a.seq);
            queue = got.into_iter().rev().collect();
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn decision(State(app): State<App>, Path(id): Path<String>) -> Result<Json<jiancha_store::Decision>, Problem> {
    id_param("id", &id)?;
    let store = app.store.clone();
    let lookup = id.clone();
    blocking(move || store.decision(&lookup))
        .await?
        .map(Json)
        .ok_or_else(|| Problem::not_found(format!("没有决定 {id} / no decision {id}")))
}

async fn bundles(State(app): State<App>) -> Result<Json<serde_json::Value>, Problem> {
    let store = app.store.clone();
    let list = blocking(move || store.bundles()).await?;
    Ok(Json(json!({ "in_force": app.loaded.load().info.revision, "bundles": list })))
}

/// `GET /v1/bundle`: the reference data in force as it was uploaded, so that a form checks in the browser against
/// exactly what the server checks against (`files`: the directory form, file name → text; or `object`: the
/// one-object form's text).
async fn get_bundle(State(app): State<App>) -> Result<Json<serde_json::Value>, Problem> {
    let store = app.store.clone();
    let Some(b) = blocking(move || store.current_bundle()).await? else {
        return Err(Problem::not_found("尚无参考数据 / no reference data in force"));
    };
    let content = match b.files {
        BundleFiles::Files(files) => {
            json!({ "files": files.into_iter().collect::<std::collections::BTreeMap<String, String>>() })
        }
        BundleFiles::Object(text) => json!({ "object": text }),
    };
    Ok(Json(json!({ "revision": b.info.revision, "name": b.info.name, "digest": b.info.digest, "content": content })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleUpload {
    name: String,
    /// File name → text, the directory form.
    files: std::collections::BTreeMap<String, String>,
}

/// `PUT /v1/bundle`: the new reference data is loaded first; only a bundle that loads is stored and put in force
/// (requests in flight finish on the old one); a bad one is refused and the old one kept.
async fn put_bundle(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<jiancha_store::BundleInfo>), Problem> {
    require_json(&headers)?;
    let up: BundleUpload = serde_json::from_slice(&body)
        .map_err(|e| Problem::bad_request(format!("参考数据包格式无效 / malformed bundle: {e}")))?;
    let files = BundleFiles::Files(up.files.into_iter().collect());
    let a = app.clone();
    let info = blocking_p(move || {
        let ds = load_bundle(&files).map_err(|e| {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "参考数据无法载入，未更换 / the bundle does not load and was not put in force",
                e,
            )
        })?;
        let info = a.store.put_bundle(&up.name, &caller.token, &files)?;
        a.put_in_force(Some((info.clone(), Arc::new(ds))), None);
        Ok(info)
    })
    .await?;
    tracing::info!(target: "jiancha::bundle", revision = info.revision, digest = %info.digest, "bundle in force");
    Ok((StatusCode::CREATED, Json(info)))
}

/// `POST /v1/bundles/{revision}/restore`: an earlier revision loaded again and, only if it loads, stored as a new
/// revision in force (the history keeps every revision; the one restored is named in the new one's name).
async fn restore_bundle(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(revision): Path<i64>,
) -> Result<(StatusCode, Json<jiancha_store::BundleInfo>), Problem> {
    let a = app.clone();
    let info = blocking_p(move || {
        let Some(old) = a.store.bundle(revision)? else {
            return Err(Problem::not_found(format!("没有第 {revision} 版参考数据 / no bundle revision {revision}")));
        };
        let ds = load_bundle(&old.files).map_err(|e| {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "该版本参考数据现已无法载入，未更换 / that revision no longer loads and was not put in force",
                e,
            )
        })?;
        let base = a.store.current_revision()?;
        let name = format!("{}（恢复第 {revision} 版 / restored from revision {revision}）", old.info.name);
        let info = a.store.put_bundle_on(base, &name, &caller.token, &old.files)?;
        a.put_in_force(Some((info.clone(), Arc::new(ds))), None);
        Ok(info)
    })
    .await?;
    tracing::info!(target: "jiancha::bundle", revision = info.revision, restored = revision, "earlier bundle back in force");
    Ok((StatusCode::CREATED, Json(info)))
}

async fn tokens(State(app): State<App>) -> Result<Json<Vec<jiancha_store::TokenInfo>>, Problem> {
    let store = app.store.clone();
    Ok(Json(blocking(move || store.tokens()).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequest {
    agency: String,
    role: Role,
    #[serde(default)]
    label: String,
    expires_in_days: Option<u32>,
}

async fn create_token(
    State(app): State<App>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    require_json(&headers)?;
    let t: TokenRequest = serde_json::from_slice(&body)
        .map_err(|e| Problem::bad_request(format!("令牌请求无效 / malformed token request: {e}")))?;
    if app.loaded.load().ds.agency(&t.agency).is_none() {
        return Err(Problem::unprocessable(format!("没有机构 {} / no agency {}", t.agency, t.agency)).at("/agency"));
    }
    if t.expires_in_days.is_some_and(|d| d > auth::TOKEN_DAYS_MAX) {
        return Err(Problem::unprocessable(format!(
            "有效期最长 {} 天 / a token lasts at most {} days",
            auth::TOKEN_DAYS_MAX,
            auth::TOKEN_DAYS_MAX
        ))
        .at("/expires_in_days"));
    }
    let new = auth::new_token(&t.label, &t.agency, t.role, t.expires_in_days);
    let store = app.store.clone();
    let info = new.info.clone();
    blocking(move || store.put_token(&info)).await?;
    Ok((StatusCode::CREATED, Json(json!({ "token": new.token, "info": new.info }))))
}

async fn revoke_token(State(app): State<App>, Path(id): Path<String>) -> Result<StatusCode, Problem> {
    id_param("id", &id)?;
    let store = app.store.clone();
    let lookup = id.clone();
    let revoked = blocking(move || store.revoke_token(&lookup)).await?;
    app.tokens.forget(&id);
    if revoked {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found(format!("没有令牌 {id} / no token {id}")))
    }
}

/// `GET /v1/plugins`: the plugins in force.
async fn list_plugins(State(app): State<App>) -> Json<serde_json::Value> {
    Json(app.loaded.load().plugins.describe())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginUpload {
    /// The signed manifest (`*.manifest.json`).
    manifest: serde_json::Value,
    /// The component's bytes, base64.
    component: String,
}

/// `PUT /v1/plugins/{id}`: the plugin verified (signature, revocations, imports, metadata) and loaded with the
/// others in force; only then stored and put in force. A plugin refused leaves the set in force as it was.
async fn install_plugin(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    use base64::Engine as _;
    require_json(&headers)?;
    id_param("id", &id)?;
    let up: PluginUpload = serde_json::from_slice(&body)
        .map_err(|e| Problem::bad_request(format!("插件上传格式无效 / malformed plugin upload: {e}")))?;
    let manifest: jiancha_plugin_host::manifest::Manifest = serde_json::from_value(up.manifest)
        .map_err(|e| Problem::unprocessable(format!("插件清单无效 / malformed manifest: {e}")).at("/manifest"))?;
    if manifest.id != id {
        return Err(Problem::bad_request(format!(
            "清单的 id `{}` 与路径中的 `{id}` 不同 / the manifest's id `{}` is not the path's `{id}`",
            manifest.id, manifest.id
        ))
        .at("/manifest/id"));
    }
    let component = base64::engine::general_purpose::STANDARD.decode(up.component.trim()).map_err(|e| {
        Problem::bad_request(format!("组件不是 base64 / the component is not base64: {e}")).at("/component")
    })?;
    let text = serde_json::to_string(&manifest).map_err(|e| Problem::internal(e.to_string()))?;
    let a = app.clone();
    let set = blocking_p(move || install(&a, id, text, component, &caller.token)).await?;
    tracing::info!(target: "jiancha::plugin", plugins = ?set.tags, "plugin installed; set in force");
    Ok((StatusCode::CREATED, Json(set.describe())))
}

/// Verifies and loads a plugin with the others in force, then stores it and puts the new set in force (a plugin
/// refused leaves the set as it was).
fn install(
    a: &App,
    id: String,
    manifest: String,
    component: Vec<u8>,
    by: &str,
) -> Result<Arc<plugins::InForce>, Problem> {
    let before = a.store.plugins_revision()?;
    let mut stored: Vec<jiancha_store::StoredPlugin> = a.store.plugins()?.into_iter().filter(|p| p.id != id).collect();
    stored.push(jiancha_store::StoredPlugin {
        seq: 0,
        id: id.clone(),
        manifest: manifest.clone(),
        sha256: jiancha_store::sha256_hex(&component),
        component,
        installed_by: by.to_string(),
        installed_at: jiancha_store::now(),
    });
    stored.sort_by(|x, y| x.id.cmp(&y.id));
    let set = plugins::InForce::load(0, &stored, &a.plugin_config, true).map_err(|e| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "插件未通过验证，未安装 / the plugin was refused and not installed",
            e,
        )
    })?;
    let new = stored.iter().find(|p| p.id == id).map(|p| p.component.as_slice()).unwrap_or_default();
    let seq = a.store.put_plugin(&id, &manifest, Some(new), by)?;
    // Another install between the read and this one is not in this set: the next refresh loads it.
    let set = plugins::InForce { revision: if seq == before + 1 { seq } else { 0 }, ..set };
    let set = Arc::new(set);
    a.put_in_force(None, Some(set.clone()));
    Ok(set)
}

/// `GET /v1/plugin-history`: every install and removal of every plugin, oldest first (what can be put back).
async fn plugin_history(State(app): State<App>) -> Result<Json<Vec<jiancha_store::PluginEntry>>, Problem> {
    let store = app.store.clone();
    Ok(Json(blocking(move || store.plugin_history()).await?))
}

/// `POST /v1/plugin-history/{seq}/restore`: an earlier install verified again (signature, revocations in force
/// today) and put back in force as a new entry, in place of the plugin of its id; the history keeps both.
async fn restore_plugin(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(seq): Path<i64>,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    let a = app.clone();
    let set = blocking_p(move || {
        let Some(old) = a.store.plugin_entry(seq)? else {
            return Err(Problem::not_found(format!(
                "没有第 {seq} 号插件安装记录（或它是一次停用）/ no plugin install {seq} (or it was a removal)"
            )));
        };
        install(&a, old.id, old.manifest, old.component, &caller.token)
    })
    .await?;
    tracing::info!(target: "jiancha::plugin", plugins = ?set.tags, seq, "earlier plugin version put back in force");
    Ok((StatusCode::CREATED, Json(set.describe())))
}

/// `DELETE /v1/plugins/{id}`: the plugin taken out of the set in force.
async fn remove_plugin(
    State(app): State<App>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    id_param("id", &id)?;
    let a = app.clone();
    let gone = id.clone();
    blocking_p(move || {
        let id = gone;
        let before = a.store.plugins_revision()?;
        let all = a.store.plugins()?;
        if !all.iter().any(|p| p.id == id) {
            return Err(Problem::not_found(format!("没有安装插件 {id} / no plugin {id} is installed")));
        }
        let rest: Vec<_> = all.into_iter().filter(|p| p.id != id).collect();
        let set = plugins::InForce::load(0, &rest, &a.plugin_config, false).map_err(Problem::internal)?;
        let seq = a.store.put_plugin(&id, "", None, &caller.token)?;
        let set = plugins::InForce { revision: if seq == before + 1 { seq } else { 0 }, ..set };
        a.put_in_force(None, Some(Arc::new(set)));
        Ok(())
    })
    .await?;
    tracing::info!(target: "jiancha::plugin", plugin = %id, "plugin removed");
    Ok(StatusCode::NO_CONTENT)
}

/// Serves until SIGINT or SIGTERM; requests in flight are finished first.
pub async fn serve(app: App, config: Config, on_listen: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("无法监听 / cannot listen on {}: {e}", config.listen))?;
    on_listen(listener.local_addr()?);
    let router = router(app.clone(), &config);
    // The client's address reaches the handlers: the public endpoints are rate-limited by it.
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    // The requests are answered; what the filer still holds (buffered check decisions) is written before the
    // process ends.
    let (tx, written) = tokio::sync::oneshot::channel();
    if app.filer.send(service::Work::Flush(tx)).is_ok()
        && tokio::time::timeout(Duration::from_secs(30), written).await.is_err()
    {
        tracing::warn!(target: "jiancha::filer", "the filer did not finish within 30 s; buffered decisions may be lost");
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("正在停止 / shutting down");
}
