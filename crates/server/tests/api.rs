//! The API against both stores: SQLite always, PostgreSQL when `JIANCHA_TEST_POSTGRES` names a server (the test
//! command starts one, sets it and requires it with `JIANCHA_REQUIRE_POSTGRES`; each test creates its own
//! database and drops it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiancha_core::engine::parse_records;
use jiancha_core::{Dataset, Engine, Scope};
use jiancha_server::auth::{Access, ENDPOINTS, new_token};
use jiancha_server::{App, CheckLog, Config, demo, load_bundle};
use jiancha_store::{Role, Store};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A store of each backend, with the example's bundle, and what keeps it alive.
struct Fixture {
    name: &'static str,
    store: Arc<dyn Store>,
    _guard: Box<dyn std::any::Any + Send>,
}

struct PgDb {
    admin: String,
    name: String,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        sync(|| {
            if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
            }
        });
    }
}

static DBS: AtomicUsize = AtomicUsize::new(0);

/// Store calls block (the PostgreSQL client runs its own runtime): off the async threads, as the service makes them.
fn sync<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// A new PostgreSQL database of `JIANCHA_TEST_POSTGRES`, dropped with its guard: its connection string.
fn pg_database() -> Option<(String, PgDb)> {
    let admin = std::env::var("JIANCHA_TEST_POSTGRES").ok()?;
    let name = format!("jiancha_test_{}_{}", std::process::id(), DBS.fetch_add(1, Ordering::Relaxed));
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("JIANCHA_TEST_POSTGRES connects");
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    Some((format!("{admin} dbname={name}"), PgDb { admin, name }))
}

fn fixtures() -> Vec<Fixture> {
    sync(make_fixtures)
}

fn make_fixtures() -> Vec<Fixture> {
    let out = make_fixtures_empty();
    for f in &out {
        f.store.put_bundle("example", "test", &demo::example_bundle()).unwrap();
    }
    out
}

/// A store of each backend, without reference data.
fn make_fixtures_empty() -> Vec<Fixture> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = jiancha_store::sqlite::Sqlite::open(dir.path()).unwrap();
    let mut out = vec![Fixture { name: "sqlite", store: Arc::new(sqlite), _guard: Box::new(dir) }];
    if let Some((url, guard)) = pg_database() {
        let store = jiancha_store::postgres::Postgres::connect(&url).unwrap();
        out.push(Fixture { name: "postgres", store: Arc::new(store), _guard: Box::new(guard) });
    } else if std::env::var_os("JIANCHA_REQUIRE_POSTGRES").is_some() {
        panic!("JIANCHA_REQUIRE_POSTGRES: the API tests must run against PostgreSQL too: set JIANCHA_TEST_POSTGRES");
    }
    out
}

struct Api {
    app: App,
    router: axum::Router,
    store: Arc<dyn Store>,
    tokens: HashMap<String, String>,
}

impl Api {
    fn new(store: Arc<dyn Store>) -> Api {
        Api::with(store, Config::default())
    }

    fn with(store: Arc<dyn Store>, config: Config) -> Api {
        let app = sync(|| App::new(store.clone(), &config)).unwrap();
        Api { router: jiancha_server::router(app.clone(), &config), app, store, tokens: HashMap::new() }
    }

    /// A token of `role` for `agency` (made once).
    fn token(&mut self, role: Role, agency: &str) -> String {
        let key = format!("{}-{agency}", role.as_str());
        if let Some(t) = self.tokens.get(&key) {
            return t.clone();
        }
        let t = new_token(&key, agency, role, Some(1));
        sync(|| self.store.put_token(&t.info)).unwrap();
        self.tokens.insert(key, t.token.clone());
        t.token
    }

    async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (StatusCode, Value, String) {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        let req = b.body(body.map_or_else(Body::empty, |s| Body::from(s.to_string()))).unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let ct = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        if ct == "text/event-stream" {
            // A live stream does not end: its status and type are the answer.
            return (status, Value::Null, ct);
        }
        let bytes = axum::body::to_bytes(resp.into_body(), 64 << 20).await.unwrap();
        let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, v, ct)
    }
}

fn example_records() -> Vec<String> {
    demo::EXAMPLE_RECORDS.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}

fn example_ds() -> Dataset {
    load_bundle(&demo::example_bundle()).unwrap()
}

fn lead_of(record: &str) -> String {
    serde_json::from_str::<Value>(record).unwrap()["lead_agency"].as_str().unwrap().to_string()
}

/// An on-site 双随机 visit by 市场监管局 of one enterprise of the example (the example's first such record, lawful
/// in itself), given the id and start `at` (09:00 on some day; the code, approval and notice move with it).
fn visit(id: &str, at: &str) -> String {
    let mut r = example_records()
        .into_iter()
        .map(|l| serde_json::from_str::<Value>(&l).unwrap())
        .find(|r| r["lead_agency"] == "scjg" && r["mode"] == "on-site" && r["trigger"] == "random-sampling")
        .expect("the example has an on-site random-sampling visit of scjg");
    let moved = |hour: &str| at.replace("T09:", &format!("T{hour}:"));
    r["id"] = json!(id);
    r["started_at"] = json!(at);
    r["ended_at"] = json!(moved("11"));
    r["code_assigned_at"] = json!(moved("08"));
    if !r["approval"].is_null() {
        r["approval"]["approved_at"] = json!(moved("07"));
    }
    if !r["notice"].is_null() {
        r["notice"]["sent_at"] = json!(moved("06"));
    }
    r.to_string()
}

fn sample_path(path: &str) -> String {
    path.replace("{kind}", "enterprises")
        .replace("{id}", "I-2025-0001")
        .replace("{uscc}", &example_ds().enterprises[0].id)
        .replace("{format}", if path.starts_with("/v1/problems") { "xlsx" } else { "jsonl" })
        .replace("{key}", "2025~scjg~plan.outside-plan")
        .replace("{file}", "verify.js")
        .replace("{*path}", "style.css")
}

/// Every endpoint × role × no token: a role of the endpoint's list gets past the door (neither 401 nor 403), any
/// other role gets 403, no token 401; each denial is a problem document.
#[tokio::test(flavor = "multi_thread")]
async fn every_endpoint_admits_its_roles_and_refuses_the_others() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let record = example_records()[0].clone();
        let lead = lead_of(&record);
        for ep in ENDPOINTS {
            let uri = sample_path(ep.path);
            let body = match ep.method {
                "POST" | "PUT" if ep.path.starts_with("/v1/inspections") => Some(record.as_str()),
                "POST" | "PUT" => Some("{}"),
                _ => None,
            };
            let (status, v, ct) = api.call(ep.method, &uri, None, body).await;
            match ep.access {
                // A public GET answers; a public POST with an empty object gets past the door to its own checks.
                Access::Public if ep.method == "GET" => assert!(
                    status.is_success() || status.is_redirection(),
                    "{} {} {}: {status}",
                    f.name,
                    ep.method,
                    ep.path
                ),
                Access::Public => assert!(
                    status == StatusCode::BAD_REQUEST && ct == "application/problem+json",
                    "{} {} {}: {status} {v}",
                    f.name,
                    ep.method,
                    ep.path
                ),
                Access::Roles(_) => {
                    assert_eq!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{} {} {} without a token",
                        f.name,
                        ep.method,
                        ep.path
                    );
                    assert_eq!(ct, "application/problem+json");
                    assert_eq!(v["status"], 401);
                }
            }
            for role in Role::ALL {
                let token = api.token(role, &lead);
                let (status, v, ct) = api.call(ep.method, &uri, Some(&token), body).await;
                let allowed = match ep.access {
                    Access::Public => true,
                    Access::Roles(r) => r.contains(&role),
                };
                if allowed {
                    assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                        "{} {} {} as {}: {status} {v}",
                        f.name,
                        ep.method,
                        ep.path,
                        role.as_str()
                    );
                } else {
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{} {} {} as {}: {v}",
                        f.name,
                        ep.method,
                        ep.path,
                        role.as_str()
                    );
                    assert_eq!(ct, "application/problem+json");
                    assert!(v["detail"].as_str().unwrap().contains(role.as_str()), "{v}");
                }
            }
        }
        // A route of the router that is not in the table, and a method not in it, are refused.
        let admin = api.token(Role::Admin, &lead);
        let (status, _, _) = api.call("DELETE", "/v1/rules", Some(&admin), None).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        let (status, v, _) = api.call("GET", "/v1/nothing", Some(&admin), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
        // A revoked token, and a token with a wrong secret, are refused.
        let sup = api.token(Role::Supervisor, &lead);
        // The same token with its last character changed (to another hex digit).
        let last = if sup.ends_with('0') { "1" } else { "0" };
        let wrong = format!("{}{last}", &sup[..sup.len() - 1]);
        assert_ne!(wrong, sup);
        let (status, _, _) = api.call("GET", "/v1/version", Some(&wrong), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let id = sup.split('_').nth(1).unwrap();
        let (status, _, _) = api.call("DELETE", &format!("/v1/tokens/{id}"), Some(&admin), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, _) = api.call("GET", "/v1/version", Some(&sup), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}: a revoked token", f.name);
    }
}

/// A token revoked in the store by another way than this instance's API (`jiancha token revoke`, another instance
/// of the same store) is refused once this instance's copy is older than `auth::TOKEN_CACHE`.
#[tokio::test(flavor = "multi_thread")]
async fn a_token_revoked_elsewhere_is_refused_within_the_cache_time() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let sup = api.token(Role::Supervisor, "scjg");
        let (status, _, _) = api.call("GET", "/v1/version", Some(&sup), None).await;
        assert_eq!(status, StatusCode::OK, "{}", f.name);
        let id = sup.split('_').nth(1).unwrap().to_string();
        let store = f.store.clone();
        // The store's calls block (the PostgreSQL client runs its own runtime): off the async thread.
        let revoked = tokio::task::spawn_blocking(move || store.revoke_token(&id)).await.unwrap();
        assert!(revoked.unwrap(), "{}", f.name);
        tokio::time::sleep(jiancha_server::auth::TOKEN_CACHE + std::time::Duration::from_millis(200)).await;
        let (status, _, _) = api.call("GET", "/v1/version", Some(&sup), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}: revoked in the store", f.name);
    }
}

/// An officer validates and files only records its agency leads or takes part in, and reads only those.
#[tokio::test(flavor = "multi_thread")]
async fn an_officer_acts_for_its_own_agency_only() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let record = example_records()[0].clone();
        let lead = lead_of(&record);
        let other = if lead == "scjg" { "yjgl" } else { "scjg" };
        let mine = api.token(Role::Officer, &lead);
        let theirs = api.token(Role::Officer, other);
        for uri in ["/v1/inspections:validate", "/v1/inspections"] {
            let (status, v, _) = api.call("POST", uri, Some(&theirs), Some(&record)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{} {uri}: {v}", f.name);
            assert_eq!(v["pointer"], "/lead_agency");
        }
        let (status, v, _) = api.call("POST", "/v1/inspections", Some(&mine), Some(&record)).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {v}", f.name);
        let id = v["id"].as_str().unwrap().to_string();
        let (status, _, _) = api.call("GET", &format!("/v1/inspections/{id}"), Some(&theirs), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, v, _) = api.call("GET", &format!("/v1/inspections/{id}"), Some(&mine), None).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["id"], id.as_str());
    }
}

/// Filing the example's records one by one through the API leaves every record with the findings that
/// `jiancha check` gives the whole file.
#[tokio::test(flavor = "multi_thread")]
async fn records_filed_one_by_one_get_the_findings_of_the_whole_file() {
    let records = example_records();
    let ds = example_ds();
    let whole = Engine::new(&ds).check(parse_records(&records.join("\n")));
    let want: HashMap<String, Value> = whole
        .lines
        .iter()
        .filter(|l| l.scope == Scope::Inspection)
        .map(|l| (l.id.clone().unwrap(), serde_json::to_value(&l.findings).unwrap()))
        .collect();
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        for r in &records {
            let token = api.token(Role::Officer, &lead_of(r));
            let (status, v, _) = api.call("POST", "/v1/inspections", Some(&token), Some(r)).await;
            assert_eq!(status, StatusCode::CREATED, "{}: {v}", f.name);
        }
        let mut differ = Vec::new();
        for (id, findings) in &want {
            let stored = sync(|| f.store.record(id)).unwrap().unwrap();
            let line: Value = serde_json::from_str(&stored.line).unwrap();
            if line["findings"] != *findings {
                differ.push(id.clone());
            }
        }
        assert!(
            differ.is_empty(),
            "{}: {} records differ from the whole file: {:?}",
            f.name,
            differ.len(),
            &differ[..differ.len().min(10)]
        );
        assert_eq!(sync(|| f.store.counts()).unwrap(), (records.len() as i64, records.len() as i64));
    }
}

/// `inspections:validate` answers what the whole file gives the record, stores nothing but the decision, and the
/// decision can be read back with its provenance.
#[tokio::test(flavor = "multi_thread")]
async fn validate_answers_with_the_history_and_stores_nothing() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let a = visit("T-1", "2025-05-06T09:00:00+08:00");
        let b = visit("T-2", "2025-06-10T09:00:00+08:00");
        let c = visit("T-3", "2025-07-15T09:00:00+08:00");
        let officer = api.token(Role::Officer, "scjg");
        for r in [&a, &b] {
            let (s, v, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(r)).await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }
        let (s, v, _) = api.call("POST", "/v1/inspections:validate", Some(&officer), Some(&c)).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert!(rules.contains(&"frequency.onsite-cap"), "{}: the third visit: {v}", f.name);
        assert_eq!(v["provenance"]["history_records"], 2);
        assert_eq!(sync(|| f.store.counts()).unwrap().0, 2, "validate stores no record");
        let sup = api.token(Role::Supervisor, "scjg");
        let (s, d, _) =
            api.call("GET", &format!("/v1/decisions/{}", v["decision_id"].as_str().unwrap()), Some(&sup), None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(d["kind"], "validate");
        assert_eq!(d["bundle_revision"], 1);
        assert_eq!(d["findings"], v["findings"]);
    }
}

/// The same record twice is one record; a changed body is a new revision; a late-filed earlier visit changes a
/// later record's findings, which the answer and the alerts say.
#[tokio::test(flavor = "multi_thread")]
async fn filing_is_idempotent_revises_and_reports_changed_findings() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let officer = api.token(Role::Officer, "scjg");
        let sup = api.token(Role::Supervisor, "scjg");
        let a = visit("T-1", "2025-05-06T09:00:00+08:00");
        let (s, first, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&a)).await;
        assert_eq!(s, StatusCode::CREATED, "{first}");
        let (s, again, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&a)).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(again["duplicate"], true);
        assert_eq!(again["findings"], first["findings"]);
        assert_eq!(sync(|| f.store.counts()).unwrap(), (1, 1));
        let mut a2: Value = serde_json::from_str(&a).unwrap();
        a2["ended_at"] = json!("2025-05-06T11:30:00+08:00");
        let a2 = a2.to_string();
        let (s, rev, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&a2)).await;
        assert_eq!(s, StatusCode::CREATED, "{rev}");
        assert_eq!(rev["revision"], 2);
        assert_eq!(sync(|| f.store.counts()).unwrap(), (1, 2));
        // Two later visits, then one dated before them: the last of them becomes the third.
        for (id, at) in [("T-2", "2025-06-10T09:00:00+08:00"), ("T-3", "2025-07-15T09:00:00+08:00")] {
            let (s, v, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&visit(id, at))).await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }
        let (_, before, _) = api.call("GET", "/v1/alerts", Some(&sup), None).await;
        let since = before["next"].as_i64().unwrap();
        let (s, late, _) =
            api.call("POST", "/v1/inspections", Some(&officer), Some(&visit("T-0", "2025-04-01T09:00:00+08:00"))).await;
        assert_eq!(s, StatusCode::CREATED, "{late}");
        let changed: Vec<&str> =
            late["changed"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert!(changed.contains(&"T-2") || changed.contains(&"T-3"), "{}: {late}", f.name);
        let (_, after, _) = api.call("GET", &format!("/v1/alerts?since={since}"), Some(&sup), None).await;
        let alerts = after["alerts"].as_array().unwrap();
        assert!(alerts.iter().any(|a| a["change"] == "changed"), "{}: {after}", f.name);
        // The quota counts the four visits: the cap of two is used up.
        let (s, q, _) = api
            .call(
                "GET",
                &format!(
                    "/v1/enterprises/{}/quota?year=2025",
                    serde_json::from_str::<Value>(&a).unwrap()["enterprise"].as_str().unwrap()
                ),
                Some(&officer),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{q}");
        assert_eq!(q["caps"][0]["rule"], "frequency.onsite-cap");
        assert_eq!(q["caps"][0]["used"], 4, "{q}");
        assert_eq!(q["caps"][0]["left"], 0, "{q}");
        let (s, _, _) = api
            .call(
                "GET",
                &format!(
                    "/v1/enterprises/{}/quota?agency=yjgl",
                    serde_json::from_str::<Value>(&a).unwrap()["enterprise"].as_str().unwrap()
                ),
                Some(&officer),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "an officer asks for its own agency only");
        // The history shows the facts and no person.
        let ent = serde_json::from_str::<Value>(&a).unwrap()["enterprise"].as_str().unwrap().to_string();
        let (s, h, _) =
            api.call("GET", &format!("/v1/enterprises/{ent}/history?year=2025"), Some(&officer), None).await;
        assert_eq!(s, StatusCode::OK);
        let recs = h["records"].as_array().unwrap();
        assert_eq!(recs.len(), 4);
        assert!(recs.iter().all(|r| r["inspectors"].as_array().unwrap().is_empty()), "{h}");
    }
}

/// Three on-site visits by one agency of each of twelve enterprises, all filed at the same moment through the
/// given instances (alternately). Held: the stored findings are those of all the visits checked as one file; and
/// a visit answered as within the cap that is not within it in the end is named, with the cap, in the `changed`
/// of a later answer. Two filings of one enterprise decided on the same history (no lock) break both: the second
/// never sees the first, and nothing later repairs it.
async fn race(instances: &[(Arc<Api>, String)], store: &Arc<dyn Store>, tag: &str) {
    let ds = example_ds();
    let enterprises: Vec<String> = ds.enterprises.iter().take(12).map(|e| e.id.to_string()).collect();
    let mut records = Vec::new();
    for (n, e) in enterprises.iter().enumerate() {
        for k in 0..3 {
            let mut r: Value = serde_json::from_str(&visit(
                &format!("{tag}-{n:02}-{k}"),
                &format!("2025-05-06T09:{:02}:00+08:00", k * 10),
            ))
            .unwrap();
            r["enterprise"] = json!(e);
            records.push(r.to_string());
        }
    }
    let mut tasks = Vec::new();
    for (k, r) in records.iter().cloned().enumerate() {
        let (api, token) = instances[k % instances.len()].clone();
        tasks.push(tokio::spawn(async move { api.call("POST", "/v1/inspections", Some(&token), Some(&r)).await }));
    }
    let capped = |findings: &Value| findings.as_array().unwrap().iter().any(|f| f["rule"] == "frequency.onsite-cap");
    let mut passed = Vec::new();
    let mut told = std::collections::HashSet::new();
    for t in tasks {
        let (s, v, _) = t.await.unwrap();
        assert_eq!(s, StatusCode::CREATED, "{v}");
        if !capped(&v["findings"]) {
            passed.push(v["id"].as_str().unwrap().to_string());
        }
        for c in v["changed"].as_array().unwrap() {
            if capped(&c["findings"]) {
                told.insert(c["id"].as_str().unwrap().to_string());
            }
        }
    }
    let whole = Engine::new(&ds).check(parse_records(&records.join("\n")));
    let mut within = Vec::new();
    for l in whole.lines.iter().filter(|l| l.scope == Scope::Inspection) {
        let id = l.id.clone().unwrap();
        let stored: Value = serde_json::from_str(&sync(|| store.record(&id)).unwrap().unwrap().line).unwrap();
        assert_eq!(stored["findings"], serde_json::to_value(&l.findings).unwrap(), "{id}: stored findings");
        if !capped(&stored["findings"]) {
            within.push(id);
        }
    }
    assert_eq!(within.len(), 2 * enterprises.len(), "{within:?}");
    for id in &passed {
        assert!(within.contains(id) || told.contains(id), "{id} passed the cap and was never said to change");
    }
}

/// Filings at the same moment through one instance are decided one after the other ([`race`]).
#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_filings_never_pass_the_cap_twice() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let officer = api.token(Role::Officer, "scjg");
        race(&[(Arc::new(api), officer)], &f.store, "R").await;
    }
}

/// A bundle that does not load is refused and the one in force kept; a good one is put in force.
#[tokio::test(flavor = "multi_thread")]
async fn a_bad_bundle_is_refused_and_the_old_one_kept() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let admin = api.token(Role::Admin, "scjg");
        let bad = json!({"name": "broken", "files": {"agencies.json": "[{\"id\": 1}]"}}).to_string();
        let (s, v, ct) = api.call("PUT", "/v1/bundle", Some(&admin), Some(&bad)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(ct, "application/problem+json");
        let (_, version, _) = api.call("GET", "/v1/version", Some(&admin), None).await;
        assert_eq!(version["bundle"]["revision"], 1);
        let jiancha_store::BundleFiles::Files(files) = demo::example_bundle() else { unreachable!() };
        let mut map: serde_json::Map<String, Value> = files.into_iter().map(|(n, t)| (n, Value::String(t))).collect();
        map.insert("policy.toml".into(), Value::String("onsite_cap_per_agency_enterprise_year = 2\n".into()));
        let good = json!({"name": "policy 2", "files": map}).to_string();
        let (s, v, _) = api.call("PUT", "/v1/bundle", Some(&admin), Some(&good)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (_, version, _) = api.call("GET", "/v1/version", Some(&admin), None).await;
        assert_eq!(version["bundle"]["revision"], 2, "{}", f.name);
        let (_, p, _) = api.call("GET", "/v1/policy?date=2025-06-01", Some(&admin), None).await;
        assert_eq!(p["bundle_revision"], 2);
        assert!(
            p["parameters"].as_array().unwrap().iter().any(|x| x["name"] == "onsite_cap_per_agency_enterprise_year")
        );
        // Rolled back: revision 1's content is put back in force as revision 3; the history keeps all three.
        let (s, v, _) = api.call("POST", "/v1/bundles/1/restore", Some(&admin), None).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["revision"], 3, "{v}");
        assert!(v["name"].as_str().unwrap().contains("revision 1"), "{v}");
        let (_, version, _) = api.call("GET", "/v1/version", Some(&admin), None).await;
        assert_eq!(version["bundle"]["revision"], 3);
        let b1 = sync(|| f.store.bundle(1)).unwrap().unwrap();
        let b3 = sync(|| f.store.current_bundle()).unwrap().unwrap();
        assert_eq!((b3.info.digest, b3.files), (b1.info.digest, b1.files));
        let (_, p, _) = api.call("GET", "/v1/policy?date=2025-06-01", Some(&admin), None).await;
        assert_eq!(p["bundle_revision"], 3);
        let (_, list, _) = api.call("GET", "/v1/bundles", Some(&admin), None).await;
        assert_eq!(list["bundles"].as_array().unwrap().len(), 3);
        let (s, v, _) = api.call("POST", "/v1/bundles/99/restore", Some(&admin), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
        let sup = api.token(Role::Supervisor, "scjg");
        let (s, _, _) = api.call("POST", "/v1/bundles/2/restore", Some(&sup), None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
}

/// Malformed, mistyped and oversized requests get a problem naming what is wrong, never a 500.
#[tokio::test(flavor = "multi_thread")]
async fn bad_requests_get_a_problem() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let officer = api.token(Role::Officer, "scjg");
        let (s, v, _) = api.call("POST", "/v1/inspections:validate", Some(&officer), Some("{\"id\": ")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let mut r: Value = serde_json::from_str(&visit("X", "2025-05-06T09:00:00+08:00")).unwrap();
        r["mode"] = json!("sideways");
        let (s, v, _) = api.call("POST", "/v1/inspections:validate", Some(&officer), Some(&r.to_string())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["pointer"], "/mode");
        let req = Request::builder()
            .method("POST")
            .uri("/v1/inspections")
            .header("authorization", format!("Bearer {officer}"))
            .header("content-type", "text/plain")
            .body(Body::from("x"))
            .unwrap();
        assert_eq!(api.router.clone().oneshot(req).await.unwrap().status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let big = format!("{{\"id\": \"{}\"}}", "x".repeat(2 << 20));
        let (s, _, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&big)).await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
        let sup = api.token(Role::Supervisor, "scjg");
        for uri in ["/v1/inspections/..%2F..%2Fetc%2Fpasswd", "/v1/enterprises/%00/history", "/v1/decisions/%2F"] {
            let (s, v, _) = api.call("GET", uri, Some(&sup), None).await;
            assert!(s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND, "{uri}: {s} {v}");
        }
        let (s, _, _) = api.call("GET", "/v1/policy?date=2025-13-01", Some(&sup), None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
    }
}

/// Two instances on one PostgreSQL database: concurrent filings of one enterprise to both are decided one after
/// the other (the advisory lock holds across instances), both answer alike, and a bundle put through one is in
/// force on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn two_instances_on_one_database_share_the_lock_and_the_bundle() {
    let Some((url, _guard)) = sync(pg_database) else {
        assert!(std::env::var_os("JIANCHA_REQUIRE_POSTGRES").is_none());
        return;
    };
    let a: Arc<dyn Store> = Arc::new(sync(|| jiancha_store::postgres::Postgres::connect(&url)).unwrap());
    let b: Arc<dyn Store> = Arc::new(sync(|| jiancha_store::postgres::Postgres::connect(&url)).unwrap());
    sync(|| a.put_bundle("example", "test", &demo::example_bundle())).unwrap();
    let mut one = Api::new(a.clone());
    let mut two = Api::new(b.clone());
    let t1 = one.token(Role::Officer, "scjg");
    let t2 = two.token(Role::Officer, "scjg");
    let (one, two) = (Arc::new(one), Arc::new(two));
    race(&[(one.clone(), t1.clone()), (two.clone(), t2.clone())], &b, "M").await;
    // Both answer a validation alike.
    let next = visit("M-99", "2025-08-06T09:00:00+08:00");
    let (_, x, _) = one.call("POST", "/v1/inspections:validate", Some(&t1), Some(&next)).await;
    let (_, y, _) = two.call("POST", "/v1/inspections:validate", Some(&t2), Some(&next)).await;
    assert_eq!(x["findings"], y["findings"]);
    // A bundle put through one is in force on the other once it looks (every BUNDLE_POLL).
    let jiancha_store::BundleFiles::Files(files) = demo::example_bundle() else { unreachable!() };
    let map: serde_json::Map<String, Value> = files.into_iter().map(|(n, t)| (n, Value::String(t))).collect();
    let admin = sync(|| {
        let t = new_token("admin", "scjg", Role::Admin, Some(1));
        a.put_token(&t.info).unwrap();
        t.token
    });
    let (s, v, _) =
        one.call("PUT", "/v1/bundle", Some(&admin), Some(&json!({"name": "r2", "files": map}).to_string())).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    sync(|| two.app.refresh()).unwrap();
    let (_, v, _) = two.call("GET", "/v1/version", Some(&admin), None).await;
    assert_eq!(v["bundle"]["revision"], 2, "{v}");
}

/// `/openapi.json` lists every endpoint of the table with its roles, and its record schema's references resolve.
#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_describes_every_endpoint() {
    let f = fixtures().remove(0);
    let api = Api::new(f.store.clone());
    let (s, doc, _) = api.call("GET", "/openapi.json", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    for ep in ENDPOINTS {
        let op = &doc["paths"][ep.path.replace("{*", "{").as_str()][ep.method.to_lowercase()];
        assert!(op.is_object(), "{} {} is not described", ep.method, ep.path);
        let roles: Vec<&str> = op["x-roles"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        match ep.access {
            Access::Public => assert_eq!(roles, ["anyone"]),
            Access::Roles(r) => assert_eq!(roles, r.iter().map(|x| x.as_str()).collect::<Vec<_>>()),
        }
    }
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"").skip(1) {
        let target = r.split('"').next().unwrap();
        let name = target.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{target}"));
        assert!(doc["components"]["schemas"][name].is_object(), "{target} does not resolve");
    }
}

/// With its database refusing connections (every connection of the service cut, new ones refused), calls fail at
/// once with 503 and a retry hint; when the database is back, the service answers again by itself.
#[tokio::test(flavor = "multi_thread")]
async fn a_database_gone_is_503_and_the_service_recovers() {
    let Some((url, guard)) = sync(pg_database) else {
        assert!(std::env::var_os("JIANCHA_REQUIRE_POSTGRES").is_none());
        return;
    };
    let store: Arc<dyn Store> = Arc::new(sync(|| jiancha_store::postgres::Postgres::connect(&url)).unwrap());
    sync(|| store.put_bundle("example", "test", &demo::example_bundle())).unwrap();
    let mut api = Api::new(store.clone());
    let officer = api.token(Role::Officer, "scjg");
    let record = visit("G-1", "2025-05-06T09:00:00+08:00");
    let (s, v, _) = api.call("POST", "/v1/inspections:validate", Some(&officer), Some(&record)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let admin = |sql: String| {
        sync(|| {
            let mut c = postgres::Client::connect(&guard.admin, postgres::NoTls).unwrap();
            c.batch_execute(&sql).unwrap();
        })
    };
    admin(format!("ALTER DATABASE {} ALLOW_CONNECTIONS false", guard.name));
    admin(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
        guard.name
    ));
    for path in ["/v1/inspections:validate", "/v1/inspections"] {
        let started = std::time::Instant::now();
        let (s, v, ct) = api.call("POST", path, Some(&officer), Some(&record)).await;
        assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{path}: {v}");
        assert_eq!(ct, "application/problem+json");
        assert!(v["retry_after"].as_u64().is_some(), "{v}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{path} failed in {:?}", started.elapsed());
    }
    let (s, _, _) = api.call("GET", "/health/ready", None, None).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    admin(format!("ALTER DATABASE {} ALLOW_CONNECTIONS true", guard.name));
    // A caller that retries as told is answered once each connection cut under the service has been replaced.
    let mut tries = 0;
    loop {
        tries += 1;
        let (s, v, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&record)).await;
        if s == StatusCode::CREATED {
            break;
        }
        assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{v}");
        assert!(tries < 20, "not recovered after {tries} tries");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (s, _, _) = api.call("GET", "/health/ready", None, None).await;
    assert_eq!(s, StatusCode::OK);
}

/// A plan checked against the reference data, and put into it as a new bundle revision by an officer of one of
/// its agencies; another agency's officer may not, and the path and body must name one plan.
#[tokio::test(flavor = "multi_thread")]
async fn plans_are_checked_and_put_into_the_reference_data() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let ds = example_ds();
        let mut plan = serde_json::to_value(&ds.plans[0]).unwrap();
        let agency = plan["agencies"][0].as_str().unwrap().to_string();
        let other = ds
            .agencies
            .iter()
            .map(|a| a.id.to_string())
            .find(|a| !plan["agencies"].as_array().unwrap().iter().any(|x| x == a.as_str()))
            .unwrap();
        let mine = api.token(Role::Officer, &agency);
        let theirs = api.token(Role::Officer, &other);
        let (s, v, _) = api.call("POST", "/v1/plans:validate", Some(&mine), Some(&plan.to_string())).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["findings"].is_array() && v["decision_id"].as_str().unwrap().starts_with("dec_"));
        // Published late: the plan's line says so.
        plan["published_on"] = json!(format!("{}-06-30", plan["year"]));
        let (_, v, _) = api.call("POST", "/v1/plans:validate", Some(&mine), Some(&plan.to_string())).await;
        let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert!(rules.contains(&"plan.late-publication"), "{}: {v}", f.name);
        let id = plan["id"].as_str().unwrap().to_string();
        let (s, _, _) = api.call("PUT", &format!("/v1/plans/{id}"), Some(&theirs), Some(&plan.to_string())).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _, _) = api.call("PUT", "/v1/plans/OTHER", Some(&mine), Some(&plan.to_string())).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let (s, v, _) = api.call("PUT", &format!("/v1/plans/{id}"), Some(&mine), Some(&plan.to_string())).await;
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", f.name);
        assert_eq!(v["bundle"]["revision"], 2);
        let (_, version, _) = api.call("GET", "/v1/version", Some(&mine), None).await;
        assert_eq!(version["bundle"]["revision"], 2);
        // The new revision holds the plan as put, and the other plans as they were.
        let b = sync(|| f.store.current_bundle()).unwrap().unwrap();
        let stored = load_bundle(&b.files).unwrap();
        assert_eq!(stored.plans.len(), ds.plans.len());
        assert_eq!(serde_json::to_value(stored.plan(&id).unwrap()).unwrap()["published_on"], plan["published_on"]);
    }
}

/// A filed record stays with its enterprise and its agency: filing the id again under another enterprise, or by
/// another agency, is a conflict (409) and changes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_record_id_cannot_move_or_change_hands() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let scjg = api.token(Role::Officer, "scjg");
        let yjgl = api.token(Role::Officer, "yjgl");
        let r = visit("H-1", "2025-05-06T09:00:00+08:00");
        let (s, v, _) = api.call("POST", "/v1/inspections", Some(&scjg), Some(&r)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let ds = example_ds();
        let mut moved: Value = serde_json::from_str(&r).unwrap();
        let first = moved["enterprise"].as_str().unwrap().to_string();
        moved["enterprise"] = json!(ds.enterprises.iter().find(|e| e.id != first).unwrap().id.to_string());
        let (s, v, _) = api.call("POST", "/v1/inspections", Some(&scjg), Some(&moved.to_string())).await;
        assert_eq!(s, StatusCode::CONFLICT, "{}: moved: {v}", f.name);
        let mut taken: Value = serde_json::from_str(&r).unwrap();
        taken["lead_agency"] = json!("yjgl");
        taken["inspectors"] = json!(
            ds.inspectors.iter().filter(|i| i.agency == "yjgl").take(2).map(|i| i.id.to_string()).collect::<Vec<_>>()
        );
        let (s, v, _) = api.call("POST", "/v1/inspections", Some(&yjgl), Some(&taken.to_string())).await;
        assert_eq!(s, StatusCode::CONFLICT, "{}: taken over: {v}", f.name);
        assert_eq!(sync(|| f.store.counts()).unwrap(), (1, 1));
        assert_eq!(sync(|| f.store.record("H-1")).unwrap().unwrap().enterprise, first);
    }
}

/// An officer may not put a plan of that id that belongs to other agencies, even naming its own agency in it; a
/// token longer than ten years is refused.
#[tokio::test(flavor = "multi_thread")]
async fn another_agencys_plan_and_endless_tokens_are_refused() {
    let f = fixtures().remove(0);
    let mut api = Api::new(f.store.clone());
    let ds = example_ds();
    let plan =
        ds.plans.iter().find(|p| !p.agencies.iter().any(|a| a == "scjg") && p.lead.as_deref() != Some("scjg")).unwrap();
    let mut forged = serde_json::to_value(plan).unwrap();
    forged["agencies"] = json!(["scjg"]);
    forged["lead"] = json!(null);
    let scjg = api.token(Role::Officer, "scjg");
    let (s, v, _) = api.call("PUT", &format!("/v1/plans/{}", plan.id), Some(&scjg), Some(&forged.to_string())).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    let admin = api.token(Role::Admin, "scjg");
    let body = json!({"agency": "scjg", "role": "officer", "expires_in_days": 4_000_000_000u32}).to_string();
    let (s, v, _) = api.call("POST", "/v1/tokens", Some(&admin), Some(&body)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["pointer"], "/expires_in_days");
}

/// The live stream sends an alert as a record with findings is filed.
#[tokio::test(flavor = "multi_thread")]
async fn the_alert_stream_sends_new_alerts_as_they_are_filed() {
    use futures_util::StreamExt;
    let f = fixtures().remove(0);
    let mut api = Api::new(f.store.clone());
    let sup = api.token(Role::Supervisor, "scjg");
    let officer = api.token(Role::Officer, "scjg");
    let req = Request::builder()
        .uri("/v1/alerts/stream")
        .header("authorization", format!("Bearer {sup}"))
        .body(Body::empty())
        .unwrap();
    let resp = api.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let mut body = resp.into_body().into_data_stream();
    for (id, at) in [
        ("S-1", "2025-05-06T09:00:00+08:00"),
        ("S-2", "2025-06-06T09:00:00+08:00"),
        ("S-3", "2025-07-07T09:00:00+08:00"),
    ] {
        let (s, v, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&visit(id, at))).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let mut text = String::new();
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(Ok(chunk)) = body.next().await {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if text.contains("\"record\":\"S-3\"") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(got, Ok(true), "the stream sent: {text}");
    assert!(text.contains("event: alert"), "{text}");
}

/// A supervisor's upload, run to its end; its outputs (read whole).
async fn run_batch(
    api: &Api,
    token: &str,
    uri: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (Value, HashMap<String, Vec<u8>>) {
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    let resp = api.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let location = resp.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::ACCEPTED, "{v}");
    let location = location.expect("a Location header");
    assert_eq!(location, format!("/v1/batches/{}", v["id"].as_str().unwrap()));
    let started = std::time::Instant::now();
    let job = loop {
        let (s, job, _) = api.call("GET", &location, Some(token), None).await;
        assert_eq!(s, StatusCode::OK, "{job}");
        if job["state"] == "done" || job["state"] == "failed" {
            break job;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(120), "the job did not end: {job}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let mut outputs = HashMap::new();
    if job["state"] == "done" {
        for (k, ct, _) in jiancha_server::batches::OUTPUTS {
            let req = Request::builder()
                .uri(format!("{location}/output/{k}"))
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap();
            let resp = api.router.clone().oneshot(req).await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            assert_eq!(resp.headers()["content-type"], ct);
            outputs.insert(k.to_string(), axum::body::to_bytes(resp.into_body(), 1 << 30).await.unwrap().to_vec());
        }
    }
    (job, outputs)
}

/// What `jiancha check` writes for `records` (named `name`) with the example's reference data and `plugins`:
/// JSON Lines, CSV and the report, by the batch and output crates the CLI runs.
fn cli_outputs(
    name: &str,
    records: &[u8],
    plugins: Option<&jiancha_plugin_host::PluginSet>,
) -> HashMap<String, Vec<u8>> {
    use jiancha_output::{CheckFormat, Report, Sink as _, Tee};
    let ds = example_ds();
    let (mut jsonl, mut csv, mut report) = (Vec::new(), Vec::new(), Vec::new());
    {
        let sinks: Vec<Box<dyn jiancha_output::Sink + '_>> = vec![
            jiancha_output::sink(CheckFormat::Jsonl, &mut jsonl, None, &ds).unwrap(),
            jiancha_output::sink(CheckFormat::Csv, &mut csv, None, &ds).unwrap(),
            Box::new(Report::new(&mut report, &ds)),
        ];
        let mut sink = Box::new(Tee(sinks));
        let mut run = plugins.map(|p| p.run());
        let plugins = run.as_mut().map(|r| r as &mut dyn jiancha_batch::Plugins);
        let records = jiancha_batch::Records::bytes(name, records.to_vec());
        let summary = jiancha_batch::check(records, &ds, plugins, &mut (), &mut *sink).unwrap();
        sink.finish(&summary).unwrap();
    }
    HashMap::from([("jsonl".to_string(), jsonl), ("csv".to_string(), csv), ("report".to_string(), report)])
}

/// A whole export uploaded as JSON Lines, gzip or CSV is checked as `jiancha check` checks the file: the same
/// bytes of JSON Lines, CSV and report; its job tells its progress and summary; what cannot be read fails the job
/// with the reason, and what is not an export is refused at the door.
#[tokio::test(flavor = "multi_thread")]
async fn a_batch_gives_the_bytes_of_the_cli() {
    let records = demo::EXAMPLE_RECORDS.as_bytes().to_vec();
    let want = cli_outputs("records-2025.jsonl", &records, None);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &records).unwrap();
    let gz = gz.finish().unwrap();
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let sup = api.token(Role::Supervisor, "scjg");
        let uri = "/v1/batches?name=records-2025.jsonl";
        let (job, got) = run_batch(&api, &sup, uri, "application/x-ndjson", records.clone()).await;
        assert_eq!(job["state"], "done", "{}: {job}", f.name);
        assert_eq!(job["summary"]["records"], example_records().len(), "{job}");
        assert_eq!(job["progress"]["phase"], "done");
        for k in ["jsonl", "csv", "report"] {
            assert!(got[k] == want[k], "{}: the {k} output differs from the CLI's", f.name);
        }
        assert!(got["xlsx"].starts_with(b"PK"), "an XLSX workbook");
        // The decision log has the batch, with its input's hash.
        let decision = job["summary"]["decision_id"].as_str().unwrap();
        let d = sync(|| f.store.decision(decision)).unwrap().unwrap();
        assert_eq!(d.kind, "batch");
        assert_eq!(d.input_hash, jiancha_store::sha256_hex(&records));
        // Gzip, named by its format: the same lines.
        let (job, got) = run_batch(
            &api,
            &sup,
            "/v1/batches?format=jsonl.gz&name=records-2025",
            "application/octet-stream",
            gz.clone(),
        )
        .await;
        assert_eq!(job["state"], "done", "{job}");
        assert_eq!(job["input"], "records-2025.jsonl.gz");
        assert!(got["jsonl"] == want["jsonl"], "{}: gzip", f.name);
        // A CSV with a bad row: the row is an error line, the others are checked.
        let csv = "id,enterprise,lead_agency\nX-1,not-a-uscc,scjg\n";
        let (job, got) = run_batch(&api, &sup, "/v1/batches?name=bad.csv", "text/csv", csv.as_bytes().to_vec()).await;
        assert_eq!(job["state"], "done", "{job}");
        assert!(got["jsonl"] == cli_outputs("bad.csv", csv.as_bytes(), None)["jsonl"]);
        // Not an XLSX workbook: the job fails, saying why and naming the input.
        let (job, _) = run_batch(
            &api,
            &sup,
            "/v1/batches?name=export.xlsx",
            "application/octet-stream",
            b"not a workbook".to_vec(),
        )
        .await;
        assert_eq!(job["state"], "failed", "{job}");
        assert!(job["error"].as_str().unwrap().contains("export.xlsx"), "{job}");
        let (s, v, _) = api
            .call("GET", &format!("/v1/batches/{}/output/jsonl", job["id"].as_str().unwrap()), Some(&sup), None)
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        // Refused at the door: an unknown format, an empty upload, an unknown output, an unknown job.
        let req = |ct: &str, body: &str| {
            Request::builder()
                .method("POST")
                .uri("/v1/batches")
                .header("authorization", format!("Bearer {sup}"))
                .header("content-type", ct)
                .body(Body::from(body.to_string()))
                .unwrap()
        };
        let resp = api.router.clone().oneshot(req("image/png", "x")).await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let resp = api.router.clone().oneshot(req("text/csv", "")).await.unwrap();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let id = job["id"].as_str().unwrap();
        let (s, _, _) = api.call("GET", &format!("/v1/batches/{id}/output/pdf"), Some(&sup), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _, _) = api.call("GET", "/v1/batches/bat_none", Some(&sup), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, list, _) = api.call("GET", "/v1/batches", Some(&sup), None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list["batches"].as_array().unwrap().len(), 4, "{}", f.name);
    }
}

/// The sample plugins copied, and signed by a key of each one's department: (directory, the public keys).
fn signed_samples() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    use jiancha_plugin_host::manifest;
    let built = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/plugins/samples");
    let dir = tempfile::tempdir().unwrap();
    let mut keys = Vec::new();
    for id in ["herbal", "safety"] {
        for f in [format!("{id}.wasm"), format!("{id}.manifest.json")] {
            std::fs::copy(built.join(&f), dir.path().join(&f))
                .unwrap_or_else(|e| panic!("{f}: {e} (scripts/build-plugins.sh builds the samples)"));
        }
        let m = dir.path().join(format!("{id}.manifest.json"));
        let (_, unsigned) = manifest::read_manifest(&m).unwrap();
        let key = dir.path().join(format!("{id}.key"));
        let (public, _) = manifest::keygen(&key, &unsigned.department).unwrap();
        manifest::sign(&m, &key).unwrap();
        keys.push(public);
    }
    (dir, keys)
}

fn plugin_upload(dir: &std::path::Path, id: &str) -> Value {
    use base64::Engine as _;
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{id}.manifest.json"))).unwrap()).unwrap();
    let component = std::fs::read(dir.join(format!("{id}.wasm"))).unwrap();
    json!({"manifest": manifest, "component": base64::engine::general_purpose::STANDARD.encode(component)})
}

/// The admin installs signed plugins by API: an unsigned or tampered one is refused and the set in force kept; a
/// verified one is swapped in, and from then on records filed one by one get the findings `jiancha check` gives
/// the whole file with those plugins; the decisions name them; another instance picks them up; removal takes them
/// out.
#[tokio::test(flavor = "multi_thread")]
async fn plugins_are_verified_swapped_in_and_used() {
    use jiancha_plugin_host::{PluginSet, TrustPolicy, manifest};
    let (dir, publics) = signed_samples();
    let keys: Vec<_> = publics.iter().map(|p| manifest::read_public(p).unwrap()).collect();
    let trust = TrustPolicy { keys, allow_unsigned: false, revoked: Vec::new() };
    let config = jiancha_server::plugins::PluginConfig { trust: trust.clone(), ..Default::default() };
    let records = example_records();
    let mut set = PluginSet::new(config.limits, None).unwrap();
    set.load_dir(dir.path(), &trust).unwrap();
    let whole = cli_outputs("records.jsonl", records.join("\n").as_bytes(), Some(&set));
    let want: HashMap<String, Value> = String::from_utf8(whole["jsonl"].clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["scope"] == "inspection")
        .map(|l| (l["id"].as_str().unwrap().to_string(), l["findings"].clone()))
        .collect();
    assert!(
        want.values().any(|f| f.as_array().unwrap().iter().any(|x| x["rule"].as_str().unwrap().starts_with("safety.")))
    );
    for f in fixtures() {
        let cfg = Config { plugins: config.clone(), ..Config::default() };
        let app = sync(|| App::new(f.store.clone(), &cfg)).unwrap();
        let mut api = Api {
            router: jiancha_server::router(app.clone(), &cfg),
            app,
            store: f.store.clone(),
            tokens: HashMap::new(),
        };
        let admin = api.token(Role::Admin, "scjg");
        // Unsigned: refused, nothing in force.
        let mut unsigned = plugin_upload(dir.path(), "safety");
        unsigned["manifest"]["signature"] = Value::Null;
        let (s, v, ct) = api.call("PUT", "/v1/plugins/safety", Some(&admin), Some(&unsigned.to_string())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}: {v}", f.name);
        assert_eq!(ct, "application/problem+json");
        // Tampered: the component is not the one signed.
        let mut tampered = plugin_upload(dir.path(), "safety");
        tampered["component"] = plugin_upload(dir.path(), "herbal")["component"].clone();
        let (s, v, _) = api.call("PUT", "/v1/plugins/safety", Some(&admin), Some(&tampered.to_string())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let (s, v, _) = api
            .call("PUT", "/v1/plugins/other", Some(&admin), Some(&plugin_upload(dir.path(), "safety").to_string()))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "the path's id is the manifest's: {v}");
        let (_, list, _) = api.call("GET", "/v1/plugins", Some(&admin), None).await;
        assert_eq!(list["plugins"], json!([]), "{list}");
        // Signed: installed.
        for id in ["safety", "herbal"] {
            let (s, v, _) = api
                .call(
                    "PUT",
                    &format!("/v1/plugins/{id}"),
                    Some(&admin),
                    Some(&plugin_upload(dir.path(), id).to_string()),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{}: {v}", f.name);
        }
        let (_, list, _) = api.call("GET", "/v1/plugins", Some(&admin), None).await;
        let ids: Vec<&str> = list["plugins"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["herbal", "safety"]);
        assert!(list["plugins"].as_array().unwrap().iter().all(|p| p["verified"] == true));
        // Another instance on the store picks the set up.
        let other = sync(|| App::new(f.store.clone(), &cfg)).unwrap();
        assert_eq!(other.loaded.load().plugins.tags.len(), 2);
        // Filed one by one: the whole file's findings with the plugins.
        let mut decision = None;
        for r in &records {
            let token = api.token(Role::Officer, &lead_of(r));
            let (s, v, _) = api.call("POST", "/v1/inspections", Some(&token), Some(r)).await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
            decision = v["decision_id"].as_str().map(str::to_string);
            assert_eq!(v["provenance"]["plugins"].as_array().unwrap().len(), 2, "{v}");
        }
        let d = sync(|| f.store.decision(decision.as_deref().unwrap())).unwrap().unwrap();
        assert!(d.plugins.iter().any(|p| p.starts_with("safety@")), "{:?}", d.plugins);
        let differ: Vec<&String> = want
            .iter()
            .filter(|(id, findings)| {
                let stored = sync(|| f.store.record(id)).unwrap().unwrap();
                serde_json::from_str::<Value>(&stored.line).unwrap()["findings"] != **findings
            })
            .map(|(id, _)| id)
            .collect();
        assert!(differ.is_empty(), "{}: {} records differ: {:?}", f.name, differ.len(), &differ[..differ.len().min(5)]);
        // Removed: out of the set, here and (after a refresh) there.
        let (s, _, _) = api.call("DELETE", "/v1/plugins/safety", Some(&admin), None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _, _) = api.call("DELETE", "/v1/plugins/safety", Some(&admin), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        sync(|| other.refresh()).unwrap();
        assert_eq!(other.loaded.load().plugins.tags.len(), 1);
        // Rolled back: the removed install put back from the plugin's history, verified again.
        let (s, all, _) = api.call("GET", "/v1/plugin-history", Some(&admin), None).await;
        assert_eq!(s, StatusCode::OK, "{all}");
        let hist: Vec<&Value> = all.as_array().unwrap().iter().filter(|e| e["id"] == "safety").collect();
        assert_eq!(hist.len(), 2, "{hist:?}");
        assert_eq!((hist[0]["removed"].as_bool(), hist[1]["removed"].as_bool()), (Some(false), Some(true)));
        assert!(!hist[0]["version"].as_str().unwrap().is_empty(), "{hist:?}");
        let seq = hist[0]["seq"].as_i64().unwrap();
        let (s, v, _) =
            api.call("POST", &format!("/v1/plugin-history/{}/restore", hist[1]["seq"]), Some(&admin), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "a removal is nothing to restore: {v}");
        let (s, v, _) = api.call("POST", &format!("/v1/plugin-history/{seq}/restore"), Some(&admin), None).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (_, list, _) = api.call("GET", "/v1/plugins", Some(&admin), None).await;
        assert_eq!(list["plugins"].as_array().unwrap().len(), 2, "{list}");
        let (_, all, _) = api.call("GET", "/v1/plugin-history", Some(&admin), None).await;
        assert_eq!(all.as_array().unwrap().iter().filter(|e| e["id"] == "safety").count(), 3);
    }
}

/// A golden scenario's reference data as one bundle: its `dataset.json`, with its `policy.toml` (applied on top,
/// as `jiancha check --policy` applies it) merged into the object's `policy`.
fn scenario_bundle(dir: &std::path::Path) -> jiancha_store::BundleFiles {
    let mut obj: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dataset.json")).unwrap()).unwrap();
    if let Ok(text) = std::fs::read_to_string(dir.join("policy.toml")) {
        let table: toml::Table = toml::from_str(&text).unwrap();
        let over = serde_json::to_value(table).unwrap();
        let policy = obj.entry("policy").or_insert_with(|| json!({}));
        for (k, v) in over.as_object().unwrap() {
            policy[k] = v.clone();
        }
    }
    jiancha_store::BundleFiles::Object(Value::Object(obj).to_string())
}

/// Every golden scenario, its records filed one by one through the API, on each store: each record the file
/// checks is filed (a line that does not read is refused, as a file gives it an error line), and each ends with
/// the findings `jiancha check` gives it in the whole file.
#[tokio::test(flavor = "multi_thread")]
async fn golden_scenarios_filed_one_by_one_get_the_findings_of_the_whole_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("records.jsonl").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() > 60, "{} scenarios", dirs.len());
    let mut differ = Vec::new();
    let mut filed = 0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let bundle = scenario_bundle(dir);
        let Ok(ds) = load_bundle(&bundle) else { panic!("{name}: the bundle does not load") };
        let text = std::fs::read_to_string(dir.join("records.jsonl")).unwrap();
        let whole = Engine::new(&ds).check(parse_records(&text));
        let want: HashMap<String, Value> = whole
            .lines
            .iter()
            .filter(|l| l.scope == Scope::Inspection && l.error.is_none())
            .filter_map(|l| Some((l.id.clone()?, serde_json::to_value(&l.findings).unwrap())))
            .collect();
        // Error lines of the whole file, by line number: true for a repeated id.
        let errors: HashMap<usize, bool> = whole
            .lines
            .iter()
            .filter(|l| l.scope == Scope::Inspection)
            .filter_map(|l| {
                let e = l.error.as_ref()?;
                Some((l.line?, e.message.contains("duplicate record id")))
            })
            .collect();
        for f in sync(make_fixtures_empty) {
            sync(|| f.store.put_bundle(&name, "test", &bundle)).unwrap();
            let mut api = Api::new(f.store.clone());
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                // A line the file cannot check is not filed: the API refuses one that does not read; a record
                // whose id is repeated in the file (every copy an error line there) is, to the API, a revision.
                match errors.get(&(n + 1)) {
                    Some(true) => continue,
                    Some(false) => {
                        let token = api.token(Role::Officer, "scjg");
                        let (s, v, _) = api.call("POST", "/v1/inspections", Some(&token), Some(line)).await;
                        assert!(
                            matches!(s, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST),
                            "{name} {} line {}: {s} {v}",
                            f.name,
                            n + 1
                        );
                        continue;
                    }
                    None => {}
                }
                let lead = serde_json::from_str::<Value>(line)
                    .ok()
                    .and_then(|v| v["lead_agency"].as_str().map(str::to_string))
                    .unwrap_or_else(|| "scjg".into());
                let token = api.token(Role::Officer, &lead);
                let (s, v, _) = api.call("POST", "/v1/inspections", Some(&token), Some(line)).await;
                assert!(matches!(s, StatusCode::CREATED | StatusCode::OK), "{name} {} line {}: {s} {v}", f.name, n + 1);
                filed += 1;
            }
            for (id, findings) in &want {
                let rules = |v: Option<&Value>| -> Vec<String> {
                    v.and_then(Value::as_array)
                        .map(|a| a.iter().map(|x| x["rule"].as_str().unwrap_or("").to_string()).collect())
                        .unwrap_or_default()
                };
                let stored = sync(|| f.store.record(id)).unwrap().expect("every record the file checks is filed");
                // Asked now, the service answers what the whole file gives.
                let token = api.token(Role::Officer, &stored.agency);
                let (s, v, _) = api.call("POST", "/v1/inspections:validate", Some(&token), Some(&stored.body)).await;
                assert_eq!(s, StatusCode::OK, "{name} {id}: {v}");
                if &v["findings"] != findings {
                    differ.push(format!(
                        "{name} {} {id}: whole file {:?}, validated {:?}",
                        f.name,
                        rules(Some(findings)),
                        rules(Some(&v["findings"]))
                    ));
                }
                // The stored line is the same, but for a missed return visit that a later visit of another
                // enterprise brought past its period (the record's line is made again when its enterprise's
                // history next changes; docs/interpretation.md).
                let line: Value = serde_json::from_str(&stored.line).unwrap();
                let late = |v: &Value| -> Value {
                    Value::Array(
                        v.as_array()
                            .unwrap()
                            .iter()
                            .filter(|x| x["rule"] != "penalty.no-return-visit")
                            .cloned()
                            .collect(),
                    )
                };
                let same = &line["findings"] == findings
                    || (late(&line["findings"]) == late(findings) && late(&line["findings"]) == line["findings"]);
                if !same {
                    differ.push(format!(
                        "{name} {} {id}: whole file {:?}, stored {:?}",
                        f.name,
                        rules(Some(findings)),
                        rules(Some(&line["findings"]))
                    ));
                }
            }
        }
    }
    assert!(filed > 300, "{filed} records filed");
    assert!(differ.is_empty(), "{} records differ from the whole file:\n{}", differ.len(), differ.join("\n"));
}

/// The reference data changed record by record: an entry replaced, taken out and put back, the policy replaced;
/// each change a new revision in force, and a change that leaves the data unloadable refused with the old kept.
#[tokio::test(flavor = "multi_thread")]
async fn the_reference_data_changes_record_by_record() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let admin = api.token(Role::Admin, "scjg");
        let revision = |api: &Api| api.app.loaded.load().info.revision;
        let ds = example_ds();
        let mut e = serde_json::to_value(&ds.enterprises[0]).unwrap();
        let uscc = e["id"].as_str().unwrap().to_string();
        e["name"] = json!("改名后的企业");
        let uri = format!("/v1/bundle/enterprises/{uscc}");
        let (s, v, _) = api.call("PUT", &uri, Some(&admin), Some(&e.to_string())).await;
        assert_eq!(s, StatusCode::OK, "{} {v}", f.name);
        assert_eq!(v["replaced"], true);
        assert_eq!(revision(&api), 2);
        assert_eq!(api.app.loaded.load().ds.enterprise(&uscc).unwrap().name, "改名后的企业");
        // Out, then back in (added at the end).
        let (s, v, _) = api.call("DELETE", &uri, Some(&admin), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(api.app.loaded.load().ds.enterprise(&uscc).is_none());
        let (s, _, _) = api.call("DELETE", &uri, Some(&admin), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, v, _) = api.call("PUT", &uri, Some(&admin), Some(&e.to_string())).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(revision(&api), 4);
        // An item whose publication date does not read: the loader's message, the revision in force kept.
        let mut item = serde_json::to_value(&ds.items[0]).unwrap();
        item["published_on"] = json!("2025-13-45");
        let item_uri = format!("/v1/bundle/items/{}", item["id"].as_str().unwrap());
        let (s, v, ct) = api.call("PUT", &item_uri, Some(&admin), Some(&item.to_string())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(ct, "application/problem+json");
        assert!(v["detail"].as_str().unwrap().contains("items.json"), "{v}");
        assert_eq!(revision(&api), 4);
        assert_eq!(sync(|| f.store.current_revision()).unwrap(), Some(4));
        // The entry's id must be the path's; the collection must be one of the reference data.
        let (s, v, _) = api.call("PUT", "/v1/bundle/enterprises/OTHER", Some(&admin), Some(&e.to_string())).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert_eq!(v["pointer"], "/id");
        let (s, _, _) = api.call("PUT", "/v1/bundle/records/X", Some(&admin), Some(&e.to_string())).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // The policy replaced (JSON here; TOML as policy.toml is written).
        let (s, v, _) = api
            .call("PUT", "/v1/bundle/policy", Some(&admin), Some(r#"{"onsite_cap_per_agency_enterprise_year": 3}"#))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let day = jiancha_core::time::Date::parse("2025-06-01").unwrap();
        assert_eq!(api.app.loaded.load().ds.policy.onsite_cap.on(day), Some(&3));
        let (s, v, _) = api
            .call(
                "PUT",
                "/v1/bundle/policy",
                Some(&admin),
                Some(r#"{"onsite_cap_per_agency_enterprise_year": "many"}"#),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(revision(&api), 5, "{}", f.name);
        // TOML, as policy.toml is written; another type is refused.
        for (ct, want) in [("application/toml", StatusCode::CREATED), ("text/html", StatusCode::UNSUPPORTED_MEDIA_TYPE)]
        {
            let req = Request::builder()
                .method("PUT")
                .uri("/v1/bundle/policy")
                .header("authorization", format!("Bearer {admin}"))
                .header("content-type", ct)
                .body(Body::from("onsite_cap_per_agency_enterprise_year = 2\n"))
                .unwrap();
            let resp = api.router.clone().oneshot(req).await.unwrap();
            assert_eq!(resp.status(), want, "{ct}");
        }
        assert_eq!(api.app.loaded.load().ds.policy.onsite_cap.on(day), Some(&2));
        assert_eq!(revision(&api), 6, "{}", f.name);
        // The store keeps every revision, each named by its change.
        let names: Vec<String> = sync(|| f.store.bundles()).unwrap().into_iter().map(|b| b.name).collect();
        assert_eq!(
            names[1..],
            [
                format!("enterprises/{uscc}"),
                format!("-enterprises/{uscc}"),
                format!("enterprises/{uscc}"),
                "policy".into(),
                "policy".into()
            ]
        );
    }
}

/// With `--check-log buffered` nobody waits for a validation's decision, and it still reaches the log (written with
/// the filer's next group) with the findings answered.
#[tokio::test(flavor = "multi_thread")]
async fn a_buffered_check_log_writes_the_decision_after_the_answer() {
    for f in fixtures() {
        let mut api = Api::with(f.store.clone(), Config { check_log: CheckLog::Buffered, ..Config::default() });
        let officer = api.token(Role::Officer, "scjg");
        let (s, v, _) = api
            .call("POST", "/v1/inspections:validate", Some(&officer), Some(&visit("B-1", "2025-05-06T09:00:00+08:00")))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let id = v["decision_id"].as_str().unwrap().to_string();
        let mut logged = None;
        for _ in 0..200 {
            logged = sync(|| f.store.decision(&id)).unwrap();
            if logged.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let d = logged.unwrap_or_else(|| panic!("{}: the decision reached the log within 2 s", f.name));
        assert_eq!(d.kind, "validate");
        assert_eq!(d.findings, v["findings"]);
    }
}

/// `GET /v1/me` says who a token is; `GET /v1/bundle` answers the reference data in force as uploaded, and that
/// data, loaded as the browser loads it (`Dataset::from_files`), checks a record to the server's own findings.
#[tokio::test(flavor = "multi_thread")]
async fn a_form_gets_its_caller_and_the_reference_data_the_server_checks_against() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let record = visit("I-FORM-1", "2025-06-03T09:00:00+08:00");
        let officer = api.token(Role::Officer, &lead_of(&record));
        let (s, me, _) = api.call("GET", "/v1/me", Some(&officer), None).await;
        assert_eq!(s, StatusCode::OK, "{}", f.name);
        assert_eq!(me["role"], "officer");
        assert_eq!(me["agency"], lead_of(&record).as_str());
        assert!(me["agency_name"].as_str().is_some_and(|n| !n.is_empty()), "{me}");
        assert_eq!(me["id"], officer.split('_').nth(1).unwrap());

        let (s, bundle, _) = api.call("GET", "/v1/bundle", Some(&officer), None).await;
        assert_eq!(s, StatusCode::OK, "{}: {bundle}", f.name);
        let files: Vec<(String, String)> = bundle["content"]["files"]
            .as_object()
            .expect("the example is in the directory form")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        assert!(files.iter().any(|(n, _)| n == "agencies.json"));
        let ds = Dataset::from_files("dataset", &files).unwrap();
        let (s, answer, _) = api.call("POST", "/v1/inspections:validate", Some(&officer), Some(&record)).await;
        assert_eq!(s, StatusCode::OK, "{answer}");
        let insp: jiancha_core::model::Inspection = serde_json::from_str(&record).unwrap();
        let native = Engine::new(&ds).validate_inspection(insp, Vec::new());
        let findings = serde_json::to_value(&native.lines[0].findings).unwrap();
        assert_eq!(answer["findings"], findings, "{}", f.name);
    }
}

/// The web app is answered at `/app/` without a token, with its types and a policy that keeps it to this origin;
/// `/` leads to it; a file that is not there is a 404 problem.
#[tokio::test(flavor = "multi_thread")]
async fn the_web_app_is_served_from_the_binary() {
    let f = fixtures().remove(0);
    let api = Api::new(f.store.clone());
    let resp = api.router.clone().oneshot(Request::get("/app/").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "text/html; charset=utf-8");
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let (s, v, _) = api.call("GET", "/app/service.json", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["service"], true);
    let (s, _, ct) = api.call("GET", "/app/precheck.js", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ct, "text/javascript; charset=utf-8");
    if jiancha_server::web::built() {
        let (s, _, ct) = api.call("GET", "/app/pkg/wasm/jiancha_wasm_bg.wasm", None, None).await;
        assert_eq!((s, ct.as_str()), (StatusCode::OK, "application/wasm"));
    }
    let (s, v, ct) = api.call("GET", "/app/nothing.js", None, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(ct, "application/problem+json", "{v}");
    let (s, _, _) = api.call("GET", "/app/../Cargo.toml", None, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    for to_app in ["/", "/app"] {
        let resp = api.router.clone().oneshot(Request::get(to_app).body(Body::empty()).unwrap()).await.unwrap();
        assert!(resp.status().is_redirection(), "{to_app}");
        assert_eq!(resp.headers()["location"], "/app/");
    }
    // Revalidated by entity tag, and gzipped for a browser that accepts it.
    let get = |uri: &str, headers: &[(&str, &str)]| {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        api.router.clone().oneshot(req.body(Body::empty()).unwrap())
    };
    let plain = get("/app/precheck.js", &[]).await.unwrap();
    let tag = plain.headers()["etag"].to_str().unwrap().to_string();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = axum::body::to_bytes(plain.into_body(), usize::MAX).await.unwrap();
    let again = get("/app/precheck.js", &[("if-none-match", &tag)]).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(axum::body::to_bytes(again.into_body(), usize::MAX).await.unwrap().is_empty());
    let other = get("/app/ui.js", &[("if-none-match", &tag)]).await.unwrap();
    assert_eq!(other.status(), StatusCode::OK, "another file's tag does not match");
    let packed = get("/app/precheck.js", &[("accept-encoding", "br, gzip;q=0.8")]).await.unwrap();
    assert_eq!(packed.headers()["content-encoding"], "gzip");
    assert_eq!(packed.headers()["vary"], "accept-encoding");
    let packed = axum::body::to_bytes(packed.into_body(), usize::MAX).await.unwrap();
    assert!(packed.len() < plain.len() / 2, "{} of {}", packed.len(), plain.len());
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut unpacked).unwrap();
    assert_eq!(unpacked, plain);
    let refused = get("/app/precheck.js", &[("accept-encoding", "gzip;q=0")]).await.unwrap();
    assert!(refused.headers().get("content-encoding").is_none());
}

/// The day `n` days after today in Asia/Shanghai, `YYYY-MM-DD`.
fn days_ahead(n: i64) -> String {
    (chrono::Utc::now().with_timezone(&jiancha_core::time::shanghai()) + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

async fn public(api: &Api, path: &str, body: Value) -> (StatusCode, Value) {
    let (status, v, _) = api.call("POST", path, None, Some(&body.to_string())).await;
    (status, v)
}

/// The enterprise's side: a code verified at the door (registered, expired, another enterprise's, unknown) with
/// nothing personal in any answer; an evaluation bound to the code, once; complaints about one agency raising the
/// supervisor alert; the 问题清单 with the complaint, moved through its states by supervisors only, and exported.
#[tokio::test(flavor = "multi_thread")]
async fn an_enterprise_verifies_a_code_evaluates_the_visit_and_supervision_acts_on_it() {
    for f in fixtures() {
        let mut api = Api::new(f.store.clone());
        let officer = api.token(Role::Officer, "scjg");
        let sup = api.token(Role::Supervisor, "scjg");
        // Two visits of 2025 and one of today, each with its own code.
        let mut filed = Vec::new();
        for (id, at, code) in [
            ("EV-1", "2025-03-10T09:00:00+08:00".to_string(), "ZJXZ3307272025031000101"),
            ("EV-2", "2025-04-14T09:00:00+08:00".to_string(), "ZJXZ3307272025041400102"),
            ("EV-3", "now".to_string(), "ZJXZ3307272026010100103"),
            // Two days ahead: its code tells nobody of it before it comes.
            ("EV-4", format!("{}T09:00:00+08:00", days_ahead(2)), "ZJXZ3307272026010100104"),
        ] {
            let mut r: Value = if at == "now" {
                // Under way: begun an hour ago.
                let t = |h: i64| {
                    (chrono::Utc::now().with_timezone(&jiancha_core::time::shanghai()) + chrono::Duration::hours(h))
                        .format("%Y-%m-%dT%H:%M:00+08:00")
                        .to_string()
                };
                let mut r: Value = serde_json::from_str(&visit(id, "2025-03-10T09:00:00+08:00")).unwrap();
                r["started_at"] = json!(t(-1));
                r["ended_at"] = json!(t(1));
                r["code_assigned_at"] = json!(t(-2));
                if !r["approval"].is_null() {
                    r["approval"]["approved_at"] = json!(t(-3));
                }
                if !r["notice"].is_null() {
                    r["notice"]["sent_at"] = json!(t(-26));
                }
                r
            } else {
                serde_json::from_str(&visit(id, &at)).unwrap()
            };
            r["code"] = json!(code);
            let (status, v, _) = api.call("POST", "/v1/inspections", Some(&officer), Some(&r.to_string())).await;
            assert_eq!(status, StatusCode::CREATED, "{}: {v}", f.name);
            filed.push(r);
        }
        let uscc = filed[0]["enterprise"].as_str().unwrap().to_string();
        let other = example_ds().enterprises.iter().map(|e| e.id.clone()).find(|e| *e != uscc).unwrap();
        let verify = |code: &str, enterprise: &str| json!({ "code": code, "enterprise": enterprise });

        let (status, v) = public(&api, "/v1/public/codes:verify", verify("ZJXZ3307272026010100103", &uscc)).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let ver = &v["verification"];
        assert_eq!(ver["status"], "registered", "{}: {v}", f.name);
        assert_eq!(ver["inspection"]["agency"], "scjg");
        assert_eq!(ver["inspection"]["items"][0]["published"], true, "{v}");
        let started = filed[2]["started_at"].as_str().unwrap();
        assert_eq!(ver["inspection"]["visits"]["year"].as_i64().unwrap().to_string(), started[..4]);
        assert!(ver["inspection"]["visits"]["used"].as_u64().unwrap() >= 1, "{v}");
        // Nothing personal: no inspector, no token, no other field of the record than those listed.
        let text = v.to_string();
        for person in filed[2]["inspectors"].as_array().unwrap() {
            assert!(!text.contains(person.as_str().unwrap()), "{}: an inspector is named: {text}", f.name);
        }
        assert!(!text.contains("inspectors") && !text.contains("jct_") && !text.contains("filed_by"), "{text}");

        let (_, v) = public(&api, "/v1/public/codes:verify", verify("ZJXZ3307272025031000101", &uscc)).await;
        assert_eq!(v["verification"]["status"], "expired", "{v}");
        let (_, v) = public(&api, "/v1/public/codes:verify", verify("ZJXZ3307272025031000101", &other)).await;
        assert_eq!(v["verification"]["status"], "foreign", "{v}");
        assert!(v["verification"]["inspection"].is_null(), "another enterprise's code shows nothing: {v}");
        let (_, v) = public(&api, "/v1/public/codes:verify", verify("ZJXZ3307272025031099999", &uscc)).await;
        assert_eq!(v["verification"]["status"], "unknown", "{v}");
        let (_, v) = public(&api, "/v1/public/codes:verify", verify("ZJXZ3307272026010100104", &uscc)).await;
        assert_eq!(v["verification"]["status"], "unknown", "a visit two days ahead is not shown: {v}");
        assert!(v["verification"]["inspection"].is_null(), "{v}");
        let (status, v) = public(&api, "/v1/public/codes:verify", json!({ "code": "", "enterprise": uscc })).await;
        assert_eq!((status, v["pointer"].as_str()), (StatusCode::BAD_REQUEST, Some("/code")), "{v}");

        // Evaluations: checked, bound to the code, once.
        let eval = |code: &str, rating: i64, complaints: Value| json!({ "code": code, "enterprise": uscc, "rating": rating, "complaints": complaints, "text": "午餐 <b>" });
        let (status, v) = public(&api, "/v1/public/evaluations", eval("ZJXZ3307272025031000101", 6, json!([]))).await;
        assert_eq!((status, v["pointer"].as_str()), (StatusCode::BAD_REQUEST, Some("/rating")), "{v}");
        let (status, v) =
            public(&api, "/v1/public/evaluations", eval("ZJXZ3307272025031000101", 2, json!(["bribes"]))).await;
        assert_eq!((status, v["pointer"].as_str()), (StatusCode::BAD_REQUEST, Some("/complaints/0")), "{v}");
        let foreign = json!({ "code": "ZJXZ3307272025031000101", "enterprise": other, "rating": 1 });
        let (status, _) = public(&api, "/v1/public/evaluations", foreign).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another enterprise cannot evaluate the visit");
        let (status, v) =
            public(&api, "/v1/public/evaluations", eval("ZJXZ3307272025031000101", 2, json!(["hospitality"]))).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {v}", f.name);
        // Whoever else entered the code first cannot silence the enterprise: every evaluation is kept, up to five.
        for n in 2..=5 {
            let (status, v) =
                public(&api, "/v1/public/evaluations", eval("ZJXZ3307272025031000101", 5, json!([]))).await;
            assert_eq!(status, StatusCode::CREATED, "evaluation {n}: {v}");
        }
        let (status, _) = public(&api, "/v1/public/evaluations", eval("ZJXZ3307272025031000101", 5, json!([]))).await;
        assert_eq!(status, StatusCode::CONFLICT, "at most five a visit");
        let (_, v) = public(&api, "/v1/public/codes:verify", verify("ZJXZ3307272025031000101", &uscc)).await;
        assert_eq!((v["evaluations"].as_u64(), v["evaluable"].as_bool()), (Some(5), Some(false)), "{v}");
        let (status, v) = public(&api, "/v1/public/evaluations", eval("ZJXZ3307272026010100104", 3, json!([]))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "a visit ahead cannot be evaluated: {v}");
        // The second complaint about 市场监管局 in 2025 raises the alert (the default threshold is 2).
        let (_, before, _) = api.call("GET", "/v1/alerts?since=0&limit=10000", Some(&sup), None).await;
        assert!(!before["alerts"].as_array().unwrap().iter().any(|a| a["change"] == "complaints"));
        let (status, _) = public(
            &api,
            "/v1/public/evaluations",
            eval("ZJXZ3307272025041400102", 1, json!(["legal-rep-required", "no-code", "no-code"])),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, after, _) = api.call("GET", "/v1/alerts?since=0&limit=10000", Some(&sup), None).await;
        let alert = after["alerts"].as_array().unwrap().iter().find(|a| a["change"] == "complaints").cloned();
        let alert = alert.unwrap_or_else(|| panic!("{}: no complaint alert: {after}", f.name));
        assert_eq!(alert["line"]["findings"][0]["rule"], "complaint.repeated");
        assert_eq!(alert["line"]["findings"][0]["related"], json!(["EV-1", "EV-2"]));

        // The 问题清单: supervisors only; the complaints with their evaluations, the findings by agency and rule.
        let (status, _, _) = api.call("GET", "/v1/problems?year=2025", Some(&officer), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, v, _) = api.call("GET", "/v1/problems?year=2025", Some(&sup), None).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let problems: Vec<Value> = v["list"]["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["problems"].as_array().unwrap().clone())
            .collect();
        let hosp = problems.iter().find(|p| p["rule"] == "complaint.hospitality").expect("the complaint is listed");
        assert_eq!(hosp["records"], json!(["EV-1"]));
        assert_eq!(hosp["state"], "found");
        assert_eq!(hosp["evaluations"][0]["text"], "午餐 <b>");
        assert_eq!(hosp["citations"][0]["article"], "七 ②");
        let nocode = problems.iter().find(|p| p["rule"] == "complaint.no-code").unwrap();
        assert_eq!(nocode["records"], json!(["EV-2"]));
        assert_eq!(
            nocode["evaluations"][0]["complaints"],
            json!(["legal-rep-required", "no-code"]),
            "ticked twice, kept once"
        );
        assert_eq!(hosp["evaluations"].as_array().unwrap().len(), 5, "every evaluation of the record complained of");
        assert!(problems.iter().all(|p| p["agency"] == "scjg"), "only scjg's records were filed");
        let key = hosp["key"].as_str().unwrap().to_string();
        let moves = format!("/v1/problems/{key}/moves");
        let mv = |to: &str, from: &str| json!({ "to": to, "from": from, "note": "交办市场监管局核查" }).to_string();
        let (status, _, _) = api.call("POST", &moves, Some(&officer), Some(&mv("assigned", "found"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "officers cannot move problems");
        let (status, v, _) = api.call("POST", &moves, Some(&sup), Some(&mv("rectified", "found"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a step cannot be skipped: {v}");
        let (status, v, _) = api.call("POST", &moves, Some(&sup), Some(&mv("assigned", "found"))).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {v}", f.name);
        let (status, _, _) = api.call("POST", &moves, Some(&sup), Some(&mv("rectified", "found"))).await;
        assert_eq!(status, StatusCode::CONFLICT, "a move on a state seen before another's is refused");
        // The store's own compare-and-set, for two instances deciding at once: a move from a state left is not written.
        let stale = jiancha_store::ProblemEvent {
            seq: 0,
            key: key.clone(),
            year: 2025,
            from: "found".into(),
            to: "assigned".into(),
            note: String::new(),
            by: "t".into(),
            at: jiancha_store::now(),
        };
        assert_eq!(sync(|| f.store.move_problem(&stale)).unwrap(), None, "{}", f.name);
        for (to, from) in [
            ("rectified", "assigned"),
            ("assigned", "rectified"),
            ("rectified", "assigned"),
            ("evaluated", "rectified"),
        ] {
            let (status, v, _) = api.call("POST", &moves, Some(&sup), Some(&mv(to, from))).await;
            assert_eq!(status, StatusCode::CREATED, "{from} → {to}: {v}");
        }
        let (status, _, _) = api.call("POST", &moves, Some(&sup), Some(&mv("found", "evaluated"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the loop is closed");
        let (status, _, _) = api
            .call("POST", "/v1/problems/2025~scjg~nothing.here/moves", Some(&sup), Some(&mv("assigned", "found")))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, v, _) = api.call("GET", "/v1/problems?year=2025", Some(&sup), None).await;
        let again =
            v["list"]["agencies"][0]["problems"].as_array().unwrap().iter().find(|p| p["key"] == key).cloned().unwrap();
        assert_eq!(again["state"], "evaluated");
        let history: Vec<(&str, &str)> = again["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["from"].as_str().unwrap(), m["to"].as_str().unwrap()))
            .collect();
        assert_eq!(
            history,
            [
                ("found", "assigned"),
                ("assigned", "rectified"),
                ("rectified", "assigned"),
                ("assigned", "rectified"),
                ("rectified", "evaluated")
            ]
        );
        assert!(again["history"][0]["by"].as_str().unwrap().contains("supervisor-scjg"), "{again}");
        assert_eq!(v["list"]["by_state"][3], json!(["evaluated", 1]));

        // Exported: a workbook, and a printable document holding the problem and its moves.
        let req = Request::builder()
            .uri("/v1/problems/export/xlsx?year=2025")
            .header("authorization", format!("Bearer {sup}"))
            .body(Body::empty())
            .unwrap();
        let resp = api.router.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20).await.unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let req = Request::builder()
            .uri("/v1/problems/export/html?year=2025")
            .header("authorization", format!("Bearer {sup}"))
            .body(Body::empty())
            .unwrap();
        let resp = api.router.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let doc = String::from_utf8(axum::body::to_bytes(resp.into_body(), 16 << 20).await.unwrap().to_vec()).unwrap();
        assert!(doc.contains("complaint.hospitality") && doc.contains("整改 → 评价"), "{doc}");
        assert!(doc.contains("午餐 &lt;b&gt;") && !doc.contains("午餐 <b>"), "the enterprise's text is escaped");
        let (status, _, _) = api.call("GET", "/v1/problems/export/pdf?year=2025", Some(&sup), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

/// The public endpoints are rate-limited per client address, with the time to wait.
#[tokio::test(flavor = "multi_thread")]
async fn the_public_endpoints_are_rate_limited() {
    let f = sync(make_fixtures).remove(0);
    let api = Api::with(f.store.clone(), Config { public_per_minute: 3, ..Config::default() });
    let body = json!({ "code": "ZJXZ3307272025031099999", "enterprise": "91330727MA2DDUF51J" });
    for i in 0..3 {
        let (status, v) = public(&api, "/v1/public/codes:verify", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "call {i}: {v}");
    }
    let (status, v) = public(&api, "/v1/public/codes:verify", body.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert_eq!(v["retry_after"], 60, "{v}");
    let (status, _) = public(&api, "/v1/public/evaluations", json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the evaluations share the budget");
    // A forwarded address is not believed unless the service is told it is behind a proxy.
    let forwarded = |api: &Api, ip: &str| {
        let req = Request::builder()
            .method("POST")
            .uri("/v1/public/codes:verify")
            .header("content-type", "application/json")
            .header("x-forwarded-for", format!("203.0.113.9, {ip}"))
            .body(Body::from(body.to_string()))
            .unwrap();
        api.router.clone().oneshot(req)
    };
    assert_eq!(forwarded(&api, "198.51.100.1").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    let proxied =
        Api::with(f.store.clone(), Config { public_per_minute: 1, trust_forwarded: true, ..Config::default() });
    assert_eq!(forwarded(&proxied, "198.51.100.1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(forwarded(&proxied, "198.51.100.1").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(forwarded(&proxied, "198.51.100.2").await.unwrap().status(), StatusCode::OK, "another client");
}
