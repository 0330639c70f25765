//! The production store: PostgreSQL, through the synchronous `postgres` client (a few connections, each
//! reconnected when it breaks). Several `jiancha serve` instances may share one database: filings take a
//! transaction-scoped advisory lock per enterprise (`pg_advisory_xact_lock`), all of a group's locks in one sorted
//! order so that two instances never wait on each other in a cycle.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use postgres::{Client, GenericClient, NoTls};

use crate::{
    Alert, BatchInfo, Bundle, BundleFiles, BundleInfo, Decision, Evaluation, FileJob, Filing, MIGRATIONS, NewAlert,
    PluginEntry, ProblemEvent, Result, Role, Store, StoreError, StoredPlugin, StoredRecord, TokenInfo, now, sha256_hex,
};

const STEPS: &[&str] = &[
    r#"
CREATE TABLE bundles (
    revision BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    digest TEXT NOT NULL,
    files TEXT NOT NULL
);
CREATE TABLE record_revisions (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    enterprise TEXT NOT NULL,
    body TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    agency TEXT NOT NULL,
    UNIQUE (id, revision)
);
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL REFERENCES record_revisions (seq),
    first_seq BIGINT NOT NULL,
    enterprise TEXT NOT NULL,
    line TEXT NOT NULL
);
CREATE INDEX records_by_enterprise ON records (enterprise, first_seq);
CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    caller TEXT NOT NULL,
    kind TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    bundle_revision BIGINT NOT NULL,
    plugins TEXT NOT NULL,
    findings TEXT NOT NULL
);
CREATE TABLE alerts (
    seq BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    record TEXT NOT NULL,
    enterprise TEXT NOT NULL,
    change TEXT NOT NULL,
    line TEXT NOT NULL
);
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    agency TEXT NOT NULL,
    role TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
"#,
    r#"
CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    input TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    bundle_revision BIGINT NOT NULL,
    state TEXT NOT NULL,
    progress TEXT NOT NULL,
    summary TEXT,
    error TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX batches_by_time ON batches (created_at);
CREATE TABLE batch_outputs (
    batch TEXT NOT NULL REFERENCES batches (id),
    format TEXT NOT NULL,
    part BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    PRIMARY KEY (batch, format, part)
);
CREATE TABLE plugins (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL,
    manifest TEXT NOT NULL,
    component BYTEA,
    sha256 TEXT NOT NULL,
    installed_by TEXT NOT NULL,
    installed_at TEXT NOT NULL
);
"#,
    // Days of records filed before: the date written in `started_at`, moved to Asia/Shanghai when it has an offset.
    r#"
ALTER TABLE records ADD COLUMN day TEXT;
UPDATE records AS r SET day = CASE
        WHEN v.s ~ '([+-][0-9]{2}:[0-9]{2}|[Zz])$'
            THEN to_char(v.s::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
        ELSE substr(v.s, 1, 10)
    END
    FROM (SELECT v.seq, v.body::json ->> 'started_at' AS s FROM record_revisions v JOIN records c ON c.seq = v.seq) AS v
    WHERE v.seq = r.seq;
CREATE INDEX records_by_day ON records (day, enterprise);
"#,
    r#"
ALTER TABLE records ADD COLUMN code TEXT;
UPDATE records AS r SET code = v.c
    FROM (SELECT v.seq, v.body::json ->> 'code' AS c FROM record_revisions v JOIN records c ON c.seq = v.seq) AS v
    WHERE v.seq = r.seq;
CREATE INDEX records_by_code ON records (code);
CREATE TABLE evaluations (
    seq BIGSERIAL PRIMARY KEY,
    record TEXT NOT NULL,
    enterprise TEXT NOT NULL,
    agency TEXT NOT NULL,
    day TEXT NOT NULL,
    at TEXT NOT NULL,
    rating BIGINT NOT NULL,
    complaints TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX evaluations_by_record ON evaluations (record, seq);
CREATE INDEX evaluations_by_agency ON evaluations (agency, day);
CREATE TABLE problem_events (
    seq BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    year BIGINT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note TEXT NOT NULL,
    moved_by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX problem_events_by_key ON problem_events (key, seq);
CREATE INDEX problem_events_by_year ON problem_events (year, seq);
"#,
];

const CONNECTIONS: usize = 4;

/// The PostgreSQL store.
pub struct Postgres {
    config: postgres::Config,
    shown: String,
    clients: Vec<Mutex<Option<Client>>>,
    next: AtomicUsize,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres").field("database", &self.shown).finish_non_exhaustive()
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        // A closed connection or a server going away is worth a retry; anything else is a failure.
        let unavailable = e.is_closed()
            || e.code().is_some_and(|c| {
                let s = c.code();
                s.starts_with("08") || s.starts_with("57P") || s == "53300"
            })
            || e.code().is_none() && e.as_db_error().is_none();
        if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) {
            // Another filing of the same id won the race: the caller's filing conflicts with it.
            return StoreError::Refused(format!(
                "与同时登记的数据冲突，请重试 / conflicts with a filing made at the same time: retry ({e})"
            ));
        }
        if unavailable { StoreError::Unavailable(e.to_string()) } else { StoreError::Failed(e.to_string()) }
    }
}

impl Drop for Postgres {
    /// The client's connection ends by blocking on its own runtime, which may not happen on a thread that drives
    /// async tasks (a service dropping its store at shutdown): it ends on a thread of its own.
    fn drop(&mut self) {
        let clients = std::mem::take(&mut self.clients);
        let _ = std::thread::spawn(move || drop(clients)).join();
    }
}

/// The advisory lock under which one instance at a time migrates the schema.
const MIGRATION_LOCK: i64 = 7305;

fn migrate(c: &mut Client) -> Result<()> {
    c.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL)",
    )?;
    // One instance migrates at a time.
    let mut tx = c.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    let have: i64 = tx.query_one("SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations", &[])?.get(0);
    let known = STEPS.len() as i64;
    if have > known {
        return Err(StoreError::TooNew { found: have, known });
    }
    for (i, (sql, description)) in STEPS.iter().zip(MIGRATIONS).enumerate().skip(have as usize) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at, description) VALUES ($1, $2, $3)",
            &[&(i as i64 + 1), &now(), description],
        )?;
    }
    tx.commit()?;
    Ok(())
}

impl Postgres {
    /// Connects to `url` (`postgres://user:password@host/db` or `host=… dbname=…`) and brings the schema up to
    /// date.
    pub fn connect(url: &str) -> Result<Postgres> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Failed(format!("PostgreSQL 连接串无效 / invalid connection string: {e}")))?;
        config.connect_timeout(Duration::from_secs(2));
        if config.get_application_name().is_none() {
            config.application_name("jiancha");
        }
        let shown = format!(
            "{}/{}",
            config.get_hosts().first().map_or_else(String::new, |h| match h {
                postgres::config::Host::Tcp(h) => h.clone(),
                #[cfg(unix)]
                postgres::config::Host::Unix(p) => p.display().to_string(),
            }),
            config.get_dbname().unwrap_or("")
        );
        let mut first = config.connect(NoTls)?;
        migrate(&mut first)?;
        let mut clients = vec![Mutex::new(Some(first))];
        clients.extend((1..CONNECTIONS).map(|_| Mutex::new(None)));
        Ok(Postgres { config, shown, clients, next: AtomicUsize::new(0) })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.clients.len();
        // A slot left by a panic holds a connection that is reconnected below if it broke.
        let slot = (0..n)
            .find_map(|k| {
                self.clients.get((start + k) % n).and_then(|m| match m.try_lock() {
                    Ok(g) => Some(g),
                    Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
                    Err(std::sync::TryLockError::WouldBlock) => None,
                })
            })
            .or_else(|| {
                self.clients.get(start % n).map(|m| m.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
            });
        let Some(mut slot) = slot else { return Err(StoreError::Failed("no connection".into())) };
        if slot.as_ref().is_none_or(Client::is_closed) {
            // Whatever stops a connection (the server down, refusing, or out of slots) is worth a retry later.
            let client = self.config.connect(NoTls).map_err(|e| StoreError::Unavailable(e.to_string()))?;
            *slot = Some(client);
        }
        let Some(client) = slot.as_mut() else { return Err(StoreError::Unavailable("no connection".into())) };
        let r = f(client);
        // A connection cut under it (the server restarted, or the backend terminated) is not used again.
        if client.is_closed() || matches!(r, Err(StoreError::Unavailable(_))) {
            *slot = None;
        }
        r
    }
}

const EVALUATION_COLUMNS: &str =
    "SELECT record, enterprise, agency, day, at, rating, complaints, text FROM evaluations";

fn evaluation_of(r: &postgres::Row) -> Evaluation {
    Evaluation {
        record: r.get(0),
        enterprise: r.get(1),
        agency: r.get(2),
        day: r.get(3),
        at: r.get(4),
        rating: r.get(5),
        complaints: serde_json::from_str(r.get::<_, &str>(6)).unwrap_or_default(),
        text: r.get(7),
    }
}

fn record_of(r: &postgres::Row) -> StoredRecord {
    StoredRecord {
        seq: r.get(0),
        id: r.get(1),
        revision: r.get(2),
        enterprise: r.get(3),
        body: r.get(4),
        line: r.get(5),
        filed_by: r.get(6),
        agency: r.get(7),
    }
}

/// A current record with its body: the statement's head, to which each query adds its `WHERE`.
macro_rules! select_records {
    ($($rest:literal),*) => {
        concat!(
            "SELECT r.first_seq, r.id, v.revision, r.enterprise, v.body, r.line, v.filed_by, v.agency
     FROM records r JOIN record_revisions v ON v.seq = r.seq",
            $($rest),*
        )
    };
}

fn record_in(c: &mut impl GenericClient, id: &str) -> Result<Option<StoredRecord>> {
    let row = c.query_opt(select_records!(" WHERE r.id = $1"), &[&id])?;
    Ok(row.as_ref().map(record_of))
}

fn history_in(c: &mut impl GenericClient, enterprise: &str) -> Result<Vec<StoredRecord>> {
    let rows = c.query(select_records!(" WHERE r.enterprise = $1 ORDER BY r.first_seq"), &[&enterprise])?;
    Ok(rows.iter().map(record_of).collect())
}

/// Walks the day index from the latest down to the first record of another enterprise.
fn latest_day_in(c: &mut impl GenericClient, enterprise: &str) -> Result<Option<String>> {
    let row = c.query_opt(
        "SELECT day FROM records WHERE day IS NOT NULL AND enterprise <> $1 ORDER BY day DESC LIMIT 1",
        &[&enterprise],
    )?;
    Ok(row.map(|r| r.get(0)))
}

fn write_filing(c: &mut impl GenericClient, f: &Filing) -> Result<()> {
    let at = now();
    if let Some(r) = &f.record {
        let revision: i64 = c
            .query_one("SELECT (COALESCE(MAX(revision), 0) + 1)::BIGINT FROM record_revisions WHERE id = $1", &[&r.id])?
            .get(0);
        let seq: i64 = c
            .query_one(
                "INSERT INTO record_revisions (id, revision, enterprise, body, body_hash, filed_at, filed_by, agency)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
                &[
                    &r.id,
                    &revision,
                    &r.enterprise,
                    &r.body,
                    &sha256_hex(r.body.as_bytes()),
                    &at,
                    &r.filed_by,
                    &r.agency,
                ],
            )?
            .get(0);
        c.execute(
            "INSERT INTO records (id, seq, first_seq, enterprise, line, day, code) VALUES ($1, $2, $2, $3, '', $4, $5)
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, enterprise = excluded.enterprise, day = excluded.day,
                code = excluded.code",
            &[&r.id, &seq, &r.enterprise, &r.day, &r.code],
        )?;
    }
    for (id, line) in &f.lines {
        c.execute("UPDATE records SET line = $1 WHERE id = $2", &[line, id])?;
    }
    for a in &f.alerts {
        insert_alert(c, &at, a)?;
    }
    if let Some(d) = &f.decision {
        insert_decision(c, d)?;
    }
    Ok(())
}

/// The advisory lock that orders alerts: taken before a transaction's first alert and held to its commit, so that
/// alerts' sequence numbers are given in commit order across instances and `GET /v1/alerts?since=` never skips one
/// that commits late. It is taken after the enterprises' locks, always, so the two cannot wait on each other.
const ALERT_ORDER_LOCK: i64 = 7306;

fn insert_alert(c: &mut impl GenericClient, at: &str, a: &NewAlert) -> Result<()> {
    c.execute("SELECT pg_advisory_xact_lock($1)", &[&ALERT_ORDER_LOCK])?;
    c.execute(
        "INSERT INTO alerts (at, record, enterprise, change, line) VALUES ($1, $2, $3, $4, $5)",
        &[&at, &a.record, &a.enterprise, &a.change, &a.line.to_string()],
    )?;
    Ok(())
}

fn insert_decision(c: &mut impl GenericClient, d: &Decision) -> Result<()> {
    c.execute(
        "INSERT INTO decisions (id, at, caller, kind, input_hash, engine_version, rules_hash, bundle_revision, plugins, findings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &d.id,
            &d.at,
            &d.caller,
            &d.kind,
            &d.input_hash,
            &d.engine_version,
            &d.rules_hash,
            &d.bundle_revision,
            &serde_json::to_string(&d.plugins).unwrap_or_default(),
            &d.findings.to_string(),
        ],
    )?;
    Ok(())
}

fn token_of(r: &postgres::Row) -> Result<TokenInfo> {
    let role: String = r.get(3);
    let id: String = r.get(0);
    Ok(TokenInfo {
        role: Role::parse(&role).ok_or_else(|| StoreError::Failed(format!("token {id}: unknown role `{role}`")))?,
        id,
        label: r.get(1),
        agency: r.get(2),
        secret_hash: r.get(4),
        created_at: r.get(5),
        expires_at: r.get(6),
        revoked_at: r.get(7),
    })
}

fn bundle_info(r: &postgres::Row) -> BundleInfo {
    BundleInfo { revision: r.get(0), name: r.get(1), created_at: r.get(2), created_by: r.get(3), digest: r.get(4) }
}

impl Store for Postgres {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn location(&self) -> String {
        self.shown.clone()
    }

    fn ping(&self) -> Result<()> {
        self.with(|c| Ok(c.simple_query("SELECT 1").map(|_| ())?))
    }

    fn put_bundle_on(&self, base: Option<i64>, name: &str, by: &str, files: &BundleFiles) -> Result<BundleInfo> {
        let text = serde_json::to_string(files).map_err(|e| StoreError::Failed(e.to_string()))?;
        let digest = files.digest();
        let at = now();
        self.with(|c| {
            let mut tx = c.transaction()?;
            tx.execute("LOCK TABLE bundles IN EXCLUSIVE MODE", &[])?;
            if let Some(base) = base {
                let now_in_force: Option<i64> = tx.query_one("SELECT MAX(revision)::BIGINT FROM bundles", &[])?.get(0);
                if now_in_force != Some(base) {
                    return Err(crate::changed_meanwhile(now_in_force));
                }
            }
            let row = tx.query_one(
                "INSERT INTO bundles (name, created_at, created_by, digest, files) VALUES ($1, $2, $3, $4, $5) RETURNING revision",
                &[&name, &at, &by, &digest, &text],
            )?;
            tx.commit()?;
            Ok(BundleInfo { revision: row.get(0), name: name.to_string(), created_at: at, created_by: by.to_string(), digest })
        })
    }

    fn current_bundle(&self) -> Result<Option<Bundle>> {
        self.with(|c| {
            let row = c.query_opt(
                "SELECT revision, name, created_at, created_by, digest, files FROM bundles ORDER BY revision DESC LIMIT 1",
                &[],
            )?;
            row.map(|r| {
                let text: String = r.get(5);
                let files = serde_json::from_str(&text).map_err(|e| StoreError::Failed(e.to_string()))?;
                Ok(Bundle { info: bundle_info(&r), files })
            })
            .transpose()
        })
    }

    fn current_revision(&self) -> Result<Option<i64>> {
        self.with(|c| Ok(c.query_one("SELECT MAX(revision)::BIGINT FROM bundles", &[])?.get(0)))
    }

    fn bundle(&self, revision: i64) -> Result<Option<Bundle>> {
        self.with(|c| {
            let row = c.query_opt(
                "SELECT revision, name, created_at, created_by, digest, files FROM bundles WHERE revision = $1",
                &[&revision],
            )?;
            row.map(|r| {
                let text: String = r.get(5);
                let files = serde_json::from_str(&text).map_err(|e| StoreError::Failed(e.to_string()))?;
                Ok(Bundle { info: bundle_info(&r), files })
            })
            .transpose()
        })
    }

    fn bundles(&self) -> Result<Vec<BundleInfo>> {
        self.with(|c| {
            let rows =
                c.query("SELECT revision, name, created_at, created_by, digest FROM bundles ORDER BY revision", &[])?;
            Ok(rows.iter().map(bundle_info).collect())
        })
    }

    fn history(&self, enterprise: &str) -> Result<Vec<StoredRecord>> {
        self.with(|c| history_in(c, enterprise))
    }

    fn record(&self, id: &str) -> Result<Option<StoredRecord>> {
        self.with(|c| record_in(c, id))
    }

    fn latest_day_outside(&self, enterprise: &str) -> Result<Option<String>> {
        self.with(|c| latest_day_in(c, enterprise))
    }

    fn counts(&self) -> Result<(i64, i64)> {
        self.with(|c| {
            let r = c.query_one(
                "SELECT (SELECT COUNT(*) FROM records)::BIGINT, (SELECT COUNT(*) FROM record_revisions)::BIGINT",
                &[],
            )?;
            Ok((r.get(0), r.get(1)))
        })
    }

    fn file(&self, jobs: Vec<FileJob<'_>>) -> Vec<Result<Filing>> {
        let n = jobs.len();
        let run = self.with(|c| {
            let mut tx = c.transaction()?;
            // Enterprises and record ids share one sorted order of locks (prefixed apart).
            let mut keys: Vec<String> = jobs
                .iter()
                .filter(|j| !j.enterprise.is_empty())
                .map(|j| format!("enterprise:{}", j.enterprise))
                .chain(jobs.iter().filter_map(|j| j.record.as_ref().map(|id| format!("record:{id}"))))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            for k in &keys {
                tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &[&k])?;
            }
            let mut out = Vec::with_capacity(n);
            for mut job in jobs {
                let mut sp = tx.transaction()?;
                let history =
                    if job.enterprise.is_empty() { Ok(Vec::new()) } else { history_in(&mut sp, &job.enterprise) };
                let existing = match &job.record {
                    Some(id) => record_in(&mut sp, id),
                    None => Ok(None),
                };
                let latest = if job.enterprise.is_empty() { Ok(None) } else { latest_day_in(&mut sp, &job.enterprise) };
                let done = history
                    .and_then(|h| {
                        existing.and_then(|e| latest.and_then(|l| (job.decide)(&h, e.as_ref(), l.as_deref())))
                    })
                    .and_then(|f| {
                        write_filing(&mut sp, &f)?;
                        Ok(f)
                    });
                match done {
                    Ok(f) => {
                        sp.commit()?;
                        out.push(Ok(f));
                    }
                    Err(e) => {
                        sp.rollback()?;
                        out.push(Err(e));
                    }
                }
            }
            tx.commit()?;
            Ok(out)
        });
        run.unwrap_or_else(|e| crate::all_failed(n, &e))
    }

    fn log_decision(&self, d: &Decision) -> Result<()> {
        self.with(|c| insert_decision(c, d))
    }

    fn decision(&self, id: &str) -> Result<Option<Decision>> {
        self.with(|c| {
            let row = c.query_opt(
                "SELECT id, at, caller, kind, input_hash, engine_version, rules_hash, bundle_revision, plugins, findings
                 FROM decisions WHERE id = $1",
                &[&id],
            )?;
            Ok(row.map(|r| {
                let plugins: String = r.get(8);
                let findings: String = r.get(9);
                Decision {
                    id: r.get(0),
                    at: r.get(1),
                    caller: r.get(2),
                    kind: r.get(3),
                    input_hash: r.get(4),
                    engine_version: r.get(5),
                    rules_hash: r.get(6),
                    bundle_revision: r.get(7),
                    plugins: serde_json::from_str(&plugins).unwrap_or_default(),
                    findings: serde_json::from_str(&findings).unwrap_or(serde_json::Value::Null),
                }
            }))
        })
    }

    fn alerts_since(&self, since: i64, limit: i64) -> Result<Vec<Alert>> {
        self.with(|c| {
            let rows = c.query(
                "SELECT seq, at, record, enterprise, change, line FROM alerts WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&since, &limit],
            )?;
            Ok(rows
                .iter()
                .map(|r| {
                    let line: String = r.get(5);
                    Alert {
                        seq: r.get(0),
                        at: r.get(1),
                        alert: NewAlert {
                            record: r.get(2),
                            enterprise: r.get(3),
                            change: r.get(4),
                            line: serde_json::from_str(&line).unwrap_or(serde_json::Value::Null),
                        },
                    }
                })
                .collect())
        })
    }

    fn put_token(&self, t: &TokenInfo) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO tokens (id, label, agency, role, secret_hash, created_at, expires_at, revoked_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &t.id,
                    &t.label,
                    &t.agency,
                    &t.role.as_str(),
                    &t.secret_hash,
                    &t.created_at,
                    &t.expires_at,
                    &t.revoked_at,
                ],
            )?;
            Ok(())
        })
    }

    fn token(&self, id: &str) -> Result<Option<TokenInfo>> {
        self.with(|c| {
            c.query_opt(
                "SELECT id, label, agency, role, secret_hash, created_at, expires_at, revoked_at FROM tokens WHERE id = $1",
                &[&id],
            )?
            .as_ref()
            .map(token_of)
            .transpose()
        })
    }

    fn tokens(&self) -> Result<Vec<TokenInfo>> {
        self.with(|c| {
            c.query(
                "SELECT id, label, agency, role, secret_hash, created_at, expires_at, revoked_at FROM tokens ORDER BY created_at, id",
                &[],
            )?
            .iter()
            .map(token_of)
            .collect()
        })
    }

    fn revoke_token(&self, id: &str) -> Result<bool> {
        self.with(|c| {
            c.execute("UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", &[&now(), &id])?;
            Ok(c.query_one("SELECT COUNT(*)::BIGINT FROM tokens WHERE id = $1", &[&id])?.get::<_, i64>(0) > 0)
        })
    }

    fn put_batch(&self, b: &BatchInfo) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO batches (id, created_at, created_by, input, input_hash, bundle_revision, state, progress, summary, error, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &b.id,
                    &b.created_at,
                    &b.created_by,
                    &b.input,
                    &b.input_hash,
                    &b.bundle_revision,
                    &b.state,
                    &b.progress.to_string(),
                    &b.summary.as_ref().map(|s| s.to_string()),
                    &b.error,
                    &now(),
                ],
            )?;
            Ok(())
        })
    }

    fn update_batch(&self, b: &BatchInfo) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE batches SET state = $2, progress = $3, summary = $4, error = $5, updated_at = $6 WHERE id = $1",
                &[
                    &b.id,
                    &b.state,
                    &b.progress.to_string(),
                    &b.summary.as_ref().map(|s| s.to_string()),
                    &b.error,
                    &now(),
                ],
            )?;
            Ok(())
        })
    }

    fn touch_batches(&self, ids: &[String]) -> Result<()> {
        self.with(|c| {
            c.execute("UPDATE batches SET updated_at = $2 WHERE id = ANY($1)", &[&ids, &now()])?;
            Ok(())
        })
    }

    fn batch(&self, id: &str) -> Result<Option<BatchInfo>> {
        self.with(|c| Ok(c.query_opt(&format!("{BATCH_COLUMNS} WHERE id = $1"), &[&id])?.map(|r| batch_row(&r))))
    }

    fn batches(&self, limit: i64) -> Result<Vec<BatchInfo>> {
        self.with(|c| {
            let rows = c.query(&format!("{BATCH_COLUMNS} ORDER BY created_at DESC, id LIMIT $1"), &[&limit])?;
            Ok(rows.iter().map(batch_row).collect())
        })
    }

    fn put_batch_output(&self, id: &str, format: &str, part: i64, bytes: &[u8]) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO batch_outputs (batch, format, part, bytes) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (batch, format, part) DO UPDATE SET bytes = EXCLUDED.bytes",
                &[&id, &format, &part, &bytes],
            )?;
            Ok(())
        })
    }

    fn batch_output_parts(&self, id: &str, format: &str) -> Result<i64> {
        self.with(|c| {
            Ok(c.query_one("SELECT COUNT(*) FROM batch_outputs WHERE batch = $1 AND format = $2", &[&id, &format])?
                .get(0))
        })
    }

    fn batch_output(&self, id: &str, format: &str, part: i64) -> Result<Option<Vec<u8>>> {
        self.with(|c| {
            Ok(c.query_opt(
                "SELECT bytes FROM batch_outputs WHERE batch = $1 AND format = $2 AND part = $3",
                &[&id, &format, &part],
            )?
            .map(|r| r.get(0)))
        })
    }

    fn put_plugin(&self, id: &str, manifest: &str, component: Option<&[u8]>, by: &str) -> Result<i64> {
        self.with(|c| {
            let hash = component.map(sha256_hex).unwrap_or_default();
            Ok(c.query_one(
                "INSERT INTO plugins (id, manifest, component, sha256, installed_by, installed_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
                &[&id, &manifest, &component, &hash, &by, &now()],
            )?
            .get(0))
        })
    }

    fn plugins(&self) -> Result<Vec<StoredPlugin>> {
        self.with(|c| {
            let rows = c.query(
                "SELECT p.seq, p.id, p.manifest, p.component, p.sha256, p.installed_by, p.installed_at FROM plugins p
                 WHERE p.seq = (SELECT MAX(q.seq) FROM plugins q WHERE q.id = p.id) AND p.component IS NOT NULL
                 ORDER BY p.id",
                &[],
            )?;
            Ok(rows
                .iter()
                .map(|r| StoredPlugin {
                    seq: r.get(0),
                    id: r.get(1),
                    manifest: r.get(2),
                    component: r.get(3),
                    sha256: r.get(4),
                    installed_by: r.get(5),
                    installed_at: r.get(6),
                })
                .collect())
        })
    }

    fn plugins_revision(&self) -> Result<i64> {
        self.with(|c| Ok(c.query_one("SELECT COALESCE(MAX(seq), 0)::BIGINT FROM plugins", &[])?.get(0)))
    }

    fn plugin_history(&self) -> Result<Vec<PluginEntry>> {
        self.with(|c| {
            let rows = c.query(
                "SELECT seq, id, manifest, sha256, component IS NULL, installed_by, installed_at FROM plugins
                 ORDER BY seq",
                &[],
            )?;
            Ok(rows
                .iter()
                .map(|r| {
                    PluginEntry::of(r.get(0), r.get(1), &r.get::<_, String>(2), r.get(3), r.get(4), r.get(5), r.get(6))
                })
                .collect())
        })
    }

    fn plugin_entry(&self, seq: i64) -> Result<Option<StoredPlugin>> {
        self.with(|c| {
            let row = c.query_opt(
                "SELECT seq, id, manifest, component, sha256, installed_by, installed_at FROM plugins
                 WHERE seq = $1 AND component IS NOT NULL",
                &[&seq],
            )?;
            Ok(row.map(|r| StoredPlugin {
                seq: r.get(0),
                id: r.get(1),
                manifest: r.get(2),
                component: r.get(3),
                sha256: r.get(4),
                installed_by: r.get(5),
                installed_at: r.get(6),
            }))
        })
    }

    fn records_by_code(&self, code: &str) -> Result<Vec<StoredRecord>> {
        self.with(|c| {
            let rows = c.query(select_records!(" WHERE r.code = $1 ORDER BY r.first_seq"), &[&code])?;
            Ok(rows.iter().map(record_of).collect())
        })
    }

    fn records_between(&self, from: &str, to: &str) -> Result<Vec<StoredRecord>> {
        self.with(|c| {
            let rows =
                c.query(select_records!(" WHERE r.day BETWEEN $1 AND $2 ORDER BY r.first_seq"), &[&from, &to])?;
            Ok(rows.iter().map(record_of).collect())
        })
    }

    fn put_evaluation(&self, e: &Evaluation, alert: Option<&NewAlert>) -> Result<()> {
        let complaints = serde_json::to_string(&e.complaints).map_err(|x| StoreError::Failed(x.to_string()))?;
        self.with(|c| {
            let mut tx = c.transaction()?;
            tx.execute(
                "INSERT INTO evaluations (record, enterprise, agency, day, at, rating, complaints, text)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[&e.record, &e.enterprise, &e.agency, &e.day, &e.at, &e.rating, &complaints, &e.text],
            )?;
            if let Some(a) = alert {
                insert_alert(&mut tx, &now(), a)?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn evaluations_of(&self, record: &str) -> Result<Vec<Evaluation>> {
        self.with(|c| {
            let rows = c.query(&format!("{EVALUATION_COLUMNS} WHERE record = $1 ORDER BY seq"), &[&record])?;
            Ok(rows.iter().map(evaluation_of).collect())
        })
    }

    fn complained_records(&self, agency: &str, from: &str, to: &str) -> Result<Vec<String>> {
        self.with(|c| {
            let rows = c.query(
                "SELECT record FROM evaluations WHERE agency = $1 AND day BETWEEN $2 AND $3 AND complaints <> '[]'
                 GROUP BY record ORDER BY MIN(seq)",
                &[&agency, &from, &to],
            )?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn evaluations_between(&self, from: &str, to: &str) -> Result<Vec<Evaluation>> {
        self.with(|c| {
            let rows =
                c.query(&format!("{EVALUATION_COLUMNS} WHERE day BETWEEN $1 AND $2 ORDER BY seq"), &[&from, &to])?;
            Ok(rows.iter().map(evaluation_of).collect())
        })
    }

    fn move_problem(&self, e: &ProblemEvent) -> Result<Option<i64>> {
        self.with(|c| {
            let mut tx = c.transaction()?;
            // Two instances moving one problem at once: one after the other, the second sees the first's move.
            tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))", &[&e.key])?;
            let now_in: Option<String> = tx
                .query_opt("SELECT to_state FROM problem_events WHERE key = $1 ORDER BY seq DESC LIMIT 1", &[&e.key])?
                .map(|r| r.get(0));
            if now_in.as_deref().unwrap_or("found") != e.from {
                return Ok(None);
            }
            let seq: i64 = tx
                .query_one(
                    "INSERT INTO problem_events (key, year, from_state, to_state, note, moved_by, at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq",
                    &[&e.key, &e.year, &e.from, &e.to, &e.note, &e.by, &e.at],
                )?
                .get(0);
            tx.commit()?;
            Ok(Some(seq))
        })
    }

    fn problem_events(&self, year: i64) -> Result<Vec<ProblemEvent>> {
        self.with(|c| {
            let rows = c.query(
                "SELECT seq, key, year, from_state, to_state, note, moved_by, at FROM problem_events
                 WHERE year = $1 ORDER BY seq",
                &[&year],
            )?;
            Ok(rows
                .iter()
                .map(|r| ProblemEvent {
                    seq: r.get(0),
                    key: r.get(1),
                    year: r.get(2),
                    from: r.get(3),
                    to: r.get(4),
                    note: r.get(5),
                    by: r.get(6),
                    at: r.get(7),
                })
                .collect())
        })
    }
}

const BATCH_COLUMNS: &str = "SELECT id, created_at, created_by, input, input_hash, bundle_revision, state, progress, summary, error, updated_at FROM batches";

fn batch_row(r: &postgres::Row) -> BatchInfo {
    let progress: String = r.get(7);
    let summary: Option<String> = r.get(8);
    BatchInfo {
        id: r.get(0),
        created_at: r.get(1),
        created_by: r.get(2),
        input: r.get(3),
        input_hash: r.get(4),
        bundle_revision: r.get(5),
        state: r.get(6),
        progress: serde_json::from_str(&progress).unwrap_or(serde_json::Value::Null),
        summary: summary.and_then(|s| serde_json::from_str(&s).ok()),
        error: r.get(9),
        updated_at: r.get(10),
    }
}
