//! The embedded store: one SQLite file (`jiancha.sqlite3` in the data directory), WAL journal, `synchronous = FULL`
//! (a filing acknowledged is on disk), one writer connection and a few readers.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::{
    Alert, BatchInfo, Bundle, BundleFiles, BundleInfo, Decision, Evaluation, FileJob, Filing, MIGRATIONS, NewAlert,
    PluginEntry, ProblemEvent, Result, Role, Store, StoreError, StoredPlugin, StoredRecord, TokenInfo, now, sha256_hex,
};

/// The file name of the store in its data directory.
pub const FILE: &str = "jiancha.sqlite3";

/// The schema, step by step (`MIGRATIONS`).
const STEPS: &[&str] = &[
    r#"
CREATE TABLE bundles (
    revision INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    digest TEXT NOT NULL,
    files TEXT NOT NULL
);
CREATE TABLE record_revisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    revision INTEGER NOT NULL,
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
    seq INTEGER NOT NULL REFERENCES record_revisions (seq),
    first_seq INTEGER NOT NULL,
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
    bundle_revision INTEGER NOT NULL,
    plugins TEXT NOT NULL,
    findings TEXT NOT NULL
);
CREATE TABLE alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
    bundle_revision INTEGER NOT NULL,
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
    part INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (batch, format, part)
);
CREATE TABLE plugins (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    manifest TEXT NOT NULL,
    component BLOB,
    sha256 TEXT NOT NULL,
    installed_by TEXT NOT NULL,
    installed_at TEXT NOT NULL
);
"#,
    // Days of records filed before: the date written in `started_at`, moved to Asia/Shanghai when it has an offset.
    r#"
ALTER TABLE records ADD COLUMN day TEXT;
UPDATE records SET day = CASE
        WHEN v.s GLOB '*[+-][0-9][0-9]:[0-9][0-9]' OR v.s GLOB '*[Zz]' THEN date(upper(v.s), '+8 hours')
        ELSE substr(v.s, 1, 10)
    END
    FROM (SELECT seq, json_extract(body, '$.started_at') AS s FROM record_revisions) AS v
    WHERE v.seq = records.seq;
CREATE INDEX records_by_day ON records (day, enterprise);
"#,
    r#"
ALTER TABLE records ADD COLUMN code TEXT;
UPDATE records SET code = v.c
    FROM (SELECT seq, json_extract(body, '$.code') AS c FROM record_revisions) AS v
    WHERE v.seq = records.seq;
CREATE INDEX records_by_code ON records (code);
CREATE TABLE evaluations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record TEXT NOT NULL,
    enterprise TEXT NOT NULL,
    agency TEXT NOT NULL,
    day TEXT NOT NULL,
    at TEXT NOT NULL,
    rating INTEGER NOT NULL,
    complaints TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX evaluations_by_record ON evaluations (record, seq);
CREATE INDEX evaluations_by_agency ON evaluations (agency, day);
CREATE TABLE problem_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    year INTEGER NOT NULL,
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

const READERS: usize = 4;

/// The SQLite store.
#[derive(Debug)]
pub struct Sqlite {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

fn open(path: &Path) -> Result<Connection> {
    let c = Connection::open(path)?;
    c.busy_timeout(std::time::Duration::from_secs(5))?;
    // Every statement of the hot paths (history, record, token, the filing's writes) stays prepared.
    c.set_prepared_statement_cache_capacity(64);
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    Ok(c)
}

/// Applies the migrations the database does not have yet, each in its own transaction.
fn migrate(c: &mut Connection) -> Result<()> {
    c.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL)",
    )?;
    let have: i64 = c.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?;
    let known = STEPS.len() as i64;
    if have > known {
        return Err(StoreError::TooNew { found: have, known });
    }
    for (i, (sql, description)) in STEPS.iter().zip(MIGRATIONS).enumerate().skip(have as usize) {
        let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at, description) VALUES (?1, ?2, ?3)",
            params![i as i64 + 1, now(), description],
        )?;
        tx.commit()?;
    }
    Ok(())
}

impl Sqlite {
    /// Opens (creating when missing) the store in `dir`, and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Sqlite> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::Failed(format!("无法创建数据目录 / cannot create the data directory `{}`: {e}", dir.display()))
        })?;
        let path = dir.join(FILE);
        let mut writer = open(&path)?;
        migrate(&mut writer)?;
        let readers = (0..READERS).map(|_| open(&path).map(Mutex::new)).collect::<Result<Vec<_>>>()?;
        Ok(Sqlite { path, writer: Mutex::new(writer), readers, next: AtomicUsize::new(0) })
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for k in 0..self.readers.len() {
            match self.readers.get((start + k) % self.readers.len()).map(Mutex::try_lock) {
                Some(Ok(c)) => return f(&c),
                Some(Err(std::sync::TryLockError::Poisoned(p))) => return f(&p.into_inner()),
                _ => {}
            }
        }
        let c = self.readers.get(start % self.readers.len()).ok_or_else(|| StoreError::Failed("no reader".into()))?;
        // A panic elsewhere while holding a connection leaves it usable (its transaction, if any, rolled back).
        let c = c.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&c)
    }

    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        // A panic while writing rolled its transaction back on the way out: the connection is usable.
        let mut c = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut c)
    }

    /// Writes a consistent copy of the store to `to` (SQLite's online backup: the service may keep running).
    pub fn backup(&self, to: &Path) -> Result<()> {
        self.read(|c| {
            let mut dst = Connection::open(to)?;
            let backup = rusqlite::backup::Backup::new(c, &mut dst)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
            Ok(())
        })
    }

    /// Replaces the store in `dir` by the backup `from` (the service must be stopped): the backup is checked to be
    /// a Jiancha store first, and copied in by SQLite's backup, so a failure leaves the old store as it was.
    pub fn restore(from: &Path, dir: &Path) -> Result<()> {
        let src = Connection::open_with_flags(from, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let version: Option<i64> =
            src.query_row("SELECT MAX(version) FROM schema_migrations", [], |r| r.get(0)).map_err(|e| {
                StoreError::Failed(format!(
                    "`{}` 不是 Jiancha 的数据库备份 / is not a Jiancha store backup: {e}",
                    from.display()
                ))
            })?;
        let known = STEPS.len() as i64;
        if version.unwrap_or(0) > known {
            return Err(StoreError::TooNew { found: version.unwrap_or(0), known });
        }
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Failed(e.to_string()))?;
        let mut dst = open(&dir.join(FILE))?;
        let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        Ok(())
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

/// The enterprise's current records in filing order. Read as the records by the enterprise's index, then each
/// body by its key: SQLite plans a join or an `ORDER BY` on a bound parameter again at every call (measured: one
/// re-preparation per call, a tenth of a validation's time), two single-table statements stay prepared.
fn history_in(c: &Connection, enterprise: &str) -> Result<Vec<StoredRecord>> {
    let mut records =
        c.prepare_cached("SELECT first_seq, id, enterprise, line, seq FROM records WHERE enterprise = ?1")?;
    let mut body = c.prepare_cached("SELECT revision, body, filed_by, agency FROM record_revisions WHERE seq = ?1")?;
    let rows = records.query_map([enterprise], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (first_seq, id, enterprise, line, seq) = row?;
        let (revision, body, filed_by, agency) =
            body.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        out.push(StoredRecord { seq: first_seq, id, revision, enterprise, body, line, filed_by, agency });
    }
    out.sort_unstable_by_key(|r| r.seq);
    Ok(out)
}

fn record_in(c: &Connection, id: &str) -> Result<Option<StoredRecord>> {
    Ok(c.prepare_cached(select_records!(" WHERE r.id = ?1"))?.query_row([id], stored_record).optional()?)
}

const EVALUATION_COLUMNS: &str =
    "SELECT record, enterprise, agency, day, at, rating, complaints, text FROM evaluations";

fn evaluation_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Evaluation> {
    let complaints: String = r.get(6)?;
    Ok(Evaluation {
        record: r.get(0)?,
        enterprise: r.get(1)?,
        agency: r.get(2)?,
        day: r.get(3)?,
        at: r.get(4)?,
        rating: r.get(5)?,
        complaints: serde_json::from_str(&complaints).unwrap_or_default(),
        text: r.get(7)?,
    })
}

fn stored_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRecord> {
    Ok(StoredRecord {
        seq: r.get(0)?,
        id: r.get(1)?,
        revision: r.get(2)?,
        enterprise: r.get(3)?,
        body: r.get(4)?,
        line: r.get(5)?,
        filed_by: r.get(6)?,
        agency: r.get(7)?,
    })
}

fn token_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(TokenInfo, String)> {
    let role: String = r.get(3)?;
    Ok((
        TokenInfo {
            id: r.get(0)?,
            label: r.get(1)?,
            agency: r.get(2)?,
            role: Role::Officer,
            secret_hash: r.get(4)?,
            created_at: r.get(5)?,
            expires_at: r.get(6)?,
            revoked_at: r.get(7)?,
        },
        role,
    ))
}

fn with_role((mut t, role): (TokenInfo, String)) -> Result<TokenInfo> {
    t.role = Role::parse(&role).ok_or_else(|| StoreError::Failed(format!("token {}: unknown role `{role}`", t.id)))?;
    Ok(t)
}

/// Walks the day index from the latest down to the first record of another enterprise.
fn latest_day_in(c: &Connection, enterprise: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached(
        "SELECT day FROM records WHERE day IS NOT NULL AND enterprise <> ?1 ORDER BY day DESC LIMIT 1",
    )?
    .query_row([enterprise], |r| r.get(0))
    .optional()?)
}

/// Writes what one job decided, inside the transaction.
fn write_filing(tx: &Connection, f: &Filing) -> Result<()> {
    let at = now();
    if let Some(r) = &f.record {
        let revision: i64 = tx
            .prepare_cached("SELECT COALESCE(MAX(revision), 0) + 1 FROM record_revisions WHERE id = ?1")?
            .query_row([&r.id], |row| row.get(0))?;
        tx.prepare_cached(
            "INSERT INTO record_revisions (id, revision, enterprise, body, body_hash, filed_at, filed_by, agency)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            r.id,
            revision,
            r.enterprise,
            r.body,
            sha256_hex(r.body.as_bytes()),
            at,
            r.filed_by,
            r.agency
        ])?;
        let seq = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO records (id, seq, first_seq, enterprise, line, day, code) VALUES (?1, ?2, ?2, ?3, '', ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, enterprise = excluded.enterprise, day = excluded.day,
                code = excluded.code",
        )?
        .execute(params![r.id, seq, r.enterprise, r.day, r.code])?;
    }
    for (id, line) in &f.lines {
        tx.prepare_cached("UPDATE records SET line = ?1 WHERE id = ?2")?.execute(params![line, id])?;
    }
    for a in &f.alerts {
        insert_alert(tx, &at, a)?;
    }
    if let Some(d) = &f.decision {
        insert_decision(tx, d)?;
    }
    Ok(())
}

fn insert_alert(c: &Connection, at: &str, a: &NewAlert) -> Result<()> {
    c.prepare_cached("INSERT INTO alerts (at, record, enterprise, change, line) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![at, a.record, a.enterprise, a.change, a.line.to_string()])?;
    Ok(())
}

fn insert_decision(c: &Connection, d: &Decision) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO decisions (id, at, caller, kind, input_hash, engine_version, rules_hash, bundle_revision, plugins, findings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
            d.id,
            d.at,
            d.caller,
            d.kind,
            d.input_hash,
            d.engine_version,
            d.rules_hash,
            d.bundle_revision,
            serde_json::to_string(&d.plugins).unwrap_or_default(),
            d.findings.to_string()
        ],
    )?;
    Ok(())
}

impl Store for Sqlite {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn ping(&self) -> Result<()> {
        self.read(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)).map(|_| ())?))
    }

    fn put_bundle_on(&self, base: Option<i64>, name: &str, by: &str, files: &BundleFiles) -> Result<BundleInfo> {
        let text = serde_json::to_string(files).map_err(|e| StoreError::Failed(e.to_string()))?;
        let digest = files.digest();
        let at = now();
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(base) = base {
                let now_in_force: Option<i64> = tx.query_row("SELECT MAX(revision) FROM bundles", [], |r| r.get(0))?;
                if now_in_force != Some(base) {
                    return Err(crate::changed_meanwhile(now_in_force));
                }
            }
            tx.execute(
                "INSERT INTO bundles (name, created_at, created_by, digest, files) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, at, by, digest, text],
            )?;
            let revision = tx.last_insert_rowid();
            tx.commit()?;
            Ok(BundleInfo { revision, name: name.to_string(), created_at: at, created_by: by.to_string(), digest })
        })
    }

    fn current_bundle(&self) -> Result<Option<Bundle>> {
        self.read(|c| bundle_where(c, "ORDER BY revision DESC LIMIT 1", None))
    }

    fn current_revision(&self) -> Result<Option<i64>> {
        self.read(|c| Ok(c.query_row("SELECT MAX(revision) FROM bundles", [], |r| r.get(0))?))
    }

    fn bundle(&self, revision: i64) -> Result<Option<Bundle>> {
        self.read(|c| bundle_where(c, "WHERE revision = ?1", Some(revision)))
    }

    fn bundles(&self) -> Result<Vec<BundleInfo>> {
        self.read(|c| {
            let mut st =
                c.prepare("SELECT revision, name, created_at, created_by, digest FROM bundles ORDER BY revision")?;
            let rows = st.query_map([], |r| {
                Ok(BundleInfo {
                    revision: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    created_by: r.get(3)?,
                    digest: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn history(&self, enterprise: &str) -> Result<Vec<StoredRecord>> {
        self.read(|c| history_in(c, enterprise))
    }

    fn record(&self, id: &str) -> Result<Option<StoredRecord>> {
        self.read(|c| record_in(c, id))
    }

    fn latest_day_outside(&self, enterprise: &str) -> Result<Option<String>> {
        self.read(|c| latest_day_in(c, enterprise))
    }

    fn counts(&self) -> Result<(i64, i64)> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT COUNT(*) FROM records), (SELECT COUNT(*) FROM record_revisions)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
    }

    fn file(&self, jobs: Vec<FileJob<'_>>) -> Vec<Result<Filing>> {
        let n = jobs.len();
        let run = self.write(|c| {
            // BEGIN IMMEDIATE: the database's write lock is taken before the history is read, so no other filing
            // (of this process or another) can come between the read and the write.
            let mut tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut out = Vec::with_capacity(n);
            for mut job in jobs {
                let sp = tx.savepoint()?;
                let history = if job.enterprise.is_empty() { Ok(Vec::new()) } else { history_in(&sp, &job.enterprise) };
                let existing = match &job.record {
                    Some(id) => record_in(&sp, id),
                    None => Ok(None),
                };
                let latest = if job.enterprise.is_empty() { Ok(None) } else { latest_day_in(&sp, &job.enterprise) };
                let done = history
                    .and_then(|h| {
                        existing.and_then(|e| latest.and_then(|l| (job.decide)(&h, e.as_ref(), l.as_deref())))
                    })
                    .and_then(|f| {
                        write_filing(&sp, &f)?;
                        Ok(f)
                    });
                match done {
                    Ok(f) => {
                        sp.commit()?;
                        out.push(Ok(f));
                    }
                    Err(e) => {
                        drop(sp);
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
        self.write(|c| insert_decision(c, d))
    }

    fn decision(&self, id: &str) -> Result<Option<Decision>> {
        self.read(|c| {
            let row = c
                .query_row(
                    "SELECT id, at, caller, kind, input_hash, engine_version, rules_hash, bundle_revision, plugins, findings
                     FROM decisions WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            Decision {
                                id: r.get(0)?,
                                at: r.get(1)?,
                                caller: r.get(2)?,
                                kind: r.get(3)?,
                                input_hash: r.get(4)?,
                                engine_version: r.get(5)?,
                                rules_hash: r.get(6)?,
                                bundle_revision: r.get(7)?,
                                plugins: Vec::new(),
                                findings: serde_json::Value::Null,
                            },
                            r.get::<_, String>(8)?,
                            r.get::<_, String>(9)?,
                        ))
                    },
                )
                .optional()?;
            Ok(row.map(|(mut d, plugins, findings)| {
                d.plugins = serde_json::from_str(&plugins).unwrap_or_default();
                d.findings = serde_json::from_str(&findings).unwrap_or(serde_json::Value::Null);
                d
            }))
        })
    }

    fn alerts_since(&self, since: i64, limit: i64) -> Result<Vec<Alert>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, at, record, enterprise, change, line FROM alerts WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = st.query_map(params![since, limit], |r| {
                let line: String = r.get(5)?;
                Ok(Alert {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    alert: NewAlert {
                        record: r.get(2)?,
                        enterprise: r.get(3)?,
                        change: r.get(4)?,
                        line: serde_json::from_str(&line).unwrap_or(serde_json::Value::Null),
                    },
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn put_token(&self, t: &TokenInfo) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT INTO tokens (id, label, agency, role, secret_hash, created_at, expires_at, revoked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    t.id,
                    t.label,
                    t.agency,
                    t.role.as_str(),
                    t.secret_hash,
                    t.created_at,
                    t.expires_at,
                    t.revoked_at
                ],
            )?;
            Ok(())
        })
    }

    fn token(&self, id: &str) -> Result<Option<TokenInfo>> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT id, label, agency, role, secret_hash, created_at, expires_at, revoked_at FROM tokens WHERE id = ?1",
            )?
            .query_row([id], token_row)
            .optional()?
            .map(with_role)
            .transpose()
        })
    }

    fn tokens(&self) -> Result<Vec<TokenInfo>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT id, label, agency, role, secret_hash, created_at, expires_at, revoked_at FROM tokens ORDER BY created_at, id",
            )?;
            let rows = st.query_map([], token_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(with_role).collect()
        })
    }

    fn revoke_token(&self, id: &str) -> Result<bool> {
        self.write(|c| {
            Ok(c.execute("UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL", params![now(), id])?
                > 0
                || c.query_row("SELECT COUNT(*) FROM tokens WHERE id = ?1", [id], |r| r.get::<_, i64>(0))? > 0)
        })
    }

    fn put_batch(&self, b: &BatchInfo) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT INTO batches (id, created_at, created_by, input, input_hash, bundle_revision, state, progress, summary, error, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    b.id,
                    b.created_at,
                    b.created_by,
                    b.input,
                    b.input_hash,
                    b.bundle_revision,
                    b.state,
                    b.progress.to_string(),
                    b.summary.as_ref().map(|s| s.to_string()),
                    b.error,
                    now()
                ],
            )?;
            Ok(())
        })
    }

    fn update_batch(&self, b: &BatchInfo) -> Result<()> {
        self.write(|c| {
            c.execute(
                "UPDATE batches SET state = ?2, progress = ?3, summary = ?4, error = ?5, updated_at = ?6 WHERE id = ?1",
                params![
                    b.id,
                    b.state,
                    b.progress.to_string(),
                    b.summary.as_ref().map(|s| s.to_string()),
                    b.error,
                    now()
                ],
            )?;
            Ok(())
        })
    }

    fn touch_batches(&self, ids: &[String]) -> Result<()> {
        self.write(|c| {
            let at = now();
            for id in ids {
                c.execute("UPDATE batches SET updated_at = ?2 WHERE id = ?1", params![id, at])?;
            }
            Ok(())
        })
    }

    fn batch(&self, id: &str) -> Result<Option<BatchInfo>> {
        self.read(|c| Ok(c.query_row(&format!("{BATCH_COLUMNS} WHERE id = ?1"), [id], batch_row).optional()?))
    }

    fn batches(&self, limit: i64) -> Result<Vec<BatchInfo>> {
        self.read(|c| {
            let mut st = c.prepare(&format!("{BATCH_COLUMNS} ORDER BY created_at DESC, id LIMIT ?1"))?;
            Ok(st.query_map([limit], batch_row)?.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn put_batch_output(&self, id: &str, format: &str, part: i64, bytes: &[u8]) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT OR REPLACE INTO batch_outputs (batch, format, part, bytes) VALUES (?1, ?2, ?3, ?4)",
                params![id, format, part, bytes],
            )?;
            Ok(())
        })
    }

    fn batch_output_parts(&self, id: &str, format: &str) -> Result<i64> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM batch_outputs WHERE batch = ?1 AND format = ?2",
                params![id, format],
                |r| r.get(0),
            )?)
        })
    }

    fn batch_output(&self, id: &str, format: &str, part: i64) -> Result<Option<Vec<u8>>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT bytes FROM batch_outputs WHERE batch = ?1 AND format = ?2 AND part = ?3",
                params![id, format, part],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    fn put_plugin(&self, id: &str, manifest: &str, component: Option<&[u8]>, by: &str) -> Result<i64> {
        self.write(|c| {
            c.execute(
                "INSERT INTO plugins (id, manifest, component, sha256, installed_by, installed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, manifest, component, component.map(sha256_hex).unwrap_or_default(), by, now()],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    fn plugins(&self) -> Result<Vec<StoredPlugin>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT p.seq, p.id, p.manifest, p.component, p.sha256, p.installed_by, p.installed_at FROM plugins p
                 WHERE p.seq = (SELECT MAX(q.seq) FROM plugins q WHERE q.id = p.id) AND p.component IS NOT NULL
                 ORDER BY p.id",
            )?;
            let rows = st.query_map([], |r| {
                Ok(StoredPlugin {
                    seq: r.get(0)?,
                    id: r.get(1)?,
                    manifest: r.get(2)?,
                    component: r.get(3)?,
                    sha256: r.get(4)?,
                    installed_by: r.get(5)?,
                    installed_at: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn plugins_revision(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("SELECT COALESCE(MAX(seq), 0) FROM plugins", [], |r| r.get(0))?))
    }

    fn plugin_history(&self) -> Result<Vec<PluginEntry>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT seq, id, manifest, sha256, component IS NULL, installed_by, installed_at FROM plugins
                 ORDER BY seq",
            )?;
            let rows = st.query_map([], |r| {
                Ok(PluginEntry::of(
                    r.get(0)?,
                    r.get(1)?,
                    &r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn plugin_entry(&self, seq: i64) -> Result<Option<StoredPlugin>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT seq, id, manifest, component, sha256, installed_by, installed_at FROM plugins
                 WHERE seq = ?1 AND component IS NOT NULL",
                [seq],
                |r| {
                    Ok(StoredPlugin {
                        seq: r.get(0)?,
                        id: r.get(1)?,
                        manifest: r.get(2)?,
                        component: r.get(3)?,
                        sha256: r.get(4)?,
                        installed_by: r.get(5)?,
                        installed_at: r.get(6)?,
                    })
                },
            )
            .optional()?)
        })
    }

    fn records_by_code(&self, code: &str) -> Result<Vec<StoredRecord>> {
        self.read(|c| {
            let mut st = c.prepare_cached(select_records!(" WHERE r.code = ?1 ORDER BY r.first_seq"))?;
            let rows = st.query_map([code], stored_record)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn records_between(&self, from: &str, to: &str) -> Result<Vec<StoredRecord>> {
        self.read(|c| {
            let mut st = c.prepare_cached(select_records!(" WHERE r.day BETWEEN ?1 AND ?2 ORDER BY r.first_seq"))?;
            let rows = st.query_map([from, to], stored_record)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn put_evaluation(&self, e: &Evaluation, alert: Option<&NewAlert>) -> Result<()> {
        let complaints = serde_json::to_string(&e.complaints).map_err(|x| StoreError::Failed(x.to_string()))?;
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "INSERT INTO evaluations (record, enterprise, agency, day, at, rating, complaints, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                e.record,
                e.enterprise,
                e.agency,
                e.day,
                e.at,
                e.rating,
                complaints,
                e.text
            ])?;
            if let Some(a) = alert {
                insert_alert(&tx, &now(), a)?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn evaluations_of(&self, record: &str) -> Result<Vec<Evaluation>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!("{EVALUATION_COLUMNS} WHERE record = ?1 ORDER BY seq"))?;
            let rows = st.query_map([record], evaluation_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn complained_records(&self, agency: &str, from: &str, to: &str) -> Result<Vec<String>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT record FROM evaluations WHERE agency = ?1 AND day BETWEEN ?2 AND ?3 AND complaints <> '[]'
                 GROUP BY record ORDER BY MIN(seq)",
            )?;
            let rows = st.query_map([agency, from, to], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
    }

    fn evaluations_between(&self, from: &str, to: &str) -> Result<Vec<Evaluation>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!("{EVALUATION_COLUMNS} WHERE day BETWEEN ?1 AND ?2 ORDER BY seq"))?;
            let rows = st.query_map([from, to], evaluation_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn move_problem(&self, e: &ProblemEvent) -> Result<Option<i64>> {
        self.write(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now_in: Option<String> = tx
                .prepare_cached("SELECT to_state FROM problem_events WHERE key = ?1 ORDER BY seq DESC LIMIT 1")?
                .query_row([&e.key], |r| r.get(0))
                .optional()?;
            if now_in.as_deref().unwrap_or("found") != e.from {
                return Ok(None);
            }
            tx.prepare_cached(
                "INSERT INTO problem_events (key, year, from_state, to_state, note, moved_by, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![e.key, e.year, e.from, e.to, e.note, e.by, e.at])?;
            let seq = tx.last_insert_rowid();
            tx.commit()?;
            Ok(Some(seq))
        })
    }

    fn problem_events(&self, year: i64) -> Result<Vec<ProblemEvent>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, key, year, from_state, to_state, note, moved_by, at FROM problem_events
                 WHERE year = ?1 ORDER BY seq",
            )?;
            let rows = st.query_map([year], |r| {
                Ok(ProblemEvent {
                    seq: r.get(0)?,
                    key: r.get(1)?,
                    year: r.get(2)?,
                    from: r.get(3)?,
                    to: r.get(4)?,
                    note: r.get(5)?,
                    by: r.get(6)?,
                    at: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

const BATCH_COLUMNS: &str = "SELECT id, created_at, created_by, input, input_hash, bundle_revision, state, progress, summary, error, updated_at FROM batches";

fn batch_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchInfo> {
    let progress: String = r.get(7)?;
    let summary: Option<String> = r.get(8)?;
    Ok(BatchInfo {
        id: r.get(0)?,
        created_at: r.get(1)?,
        created_by: r.get(2)?,
        input: r.get(3)?,
        input_hash: r.get(4)?,
        bundle_revision: r.get(5)?,
        state: r.get(6)?,
        progress: serde_json::from_str(&progress).unwrap_or(serde_json::Value::Null),
        summary: summary.and_then(|s| serde_json::from_str(&s).ok()),
        error: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// The bundle of `SELECT … FROM bundles {tail}` (with `revision` as `?1` when given), if any.
fn bundle_where(c: &Connection, tail: &str, revision: Option<i64>) -> Result<Option<Bundle>> {
    let sql = format!("SELECT revision, name, created_at, created_by, digest, files FROM bundles {tail}");
    let map = |r: &rusqlite::Row<'_>| {
        Ok((
            BundleInfo {
                revision: r.get(0)?,
                name: r.get(1)?,
                created_at: r.get(2)?,
                created_by: r.get(3)?,
                digest: r.get(4)?,
            },
            r.get::<_, String>(5)?,
        ))
    };
    let row = match revision {
        Some(n) => c.query_row(&sql, [n], map),
        None => c.query_row(&sql, [], map),
    }
    .optional()?;
    row.map(|(info, text)| {
        let files = serde_json::from_str(&text).map_err(|e| StoreError::Failed(e.to_string()))?;
        Ok(Bundle { info, files })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store made by version 2 gets each current record's inspection day (in Asia/Shanghai) from migration 3.
    #[test]
    fn migration_3_gives_stored_records_their_day() {
        let dir = tempfile::tempdir().unwrap();
        {
            let c = Connection::open(dir.path().join(FILE)).unwrap();
            c.execute_batch(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL)",
            )
            .unwrap();
            for (i, step) in STEPS.iter().take(2).enumerate() {
                c.execute_batch(step).unwrap();
                c.execute("INSERT INTO schema_migrations VALUES (?1, 'then', 'step')", [i as i64 + 1]).unwrap();
            }
            let started = [
                ("a", "2025-03-01T23:30:00+08:00", "2025-03-01"),
                ("b", "2025-03-01T20:30:00Z", "2025-03-02"),
                ("c", "2025-03-01t20:30:00z", "2025-03-02"),
                ("d", "2025-03-01T11:30:00.5-05:00", "2025-03-02"),
                ("e", "2025-03-01T23:30:00", "2025-03-01"),
            ];
            for (seq, (id, at, _)) in started.iter().enumerate() {
                // Migration 4 takes each record's code from its body (one has none).
                let code = if *id == "e" { "null".to_string() } else { format!("\"ZJXZ-{id}\"") };
                let body = format!(r#"{{"id":"{id}","started_at":"{at}","code":{code}}}"#);
                c.execute(
                    "INSERT INTO record_revisions VALUES (?1, ?2, 1, 'E', ?3, '', 'then', 't', 'x')",
                    params![seq as i64 + 1, id, body],
                )
                .unwrap();
                c.execute("INSERT INTO records VALUES (?1, ?2, ?2, 'E', '')", params![id, seq as i64 + 1]).unwrap();
            }
        }
        let store = Sqlite::open(dir.path()).unwrap();
        let days: Vec<(String, String)> = store
            .read(|c| {
                let mut st = c.prepare("SELECT id, day FROM records ORDER BY id")?;
                let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap();
        let want = ["2025-03-01", "2025-03-02", "2025-03-02", "2025-03-02", "2025-03-01"];
        assert_eq!(days.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>(), want);
        assert_eq!(store.latest_day_outside("other").unwrap().as_deref(), Some("2025-03-02"));
        assert_eq!(store.latest_day_outside("E").unwrap(), None);
        assert_eq!(store.records_by_code("ZJXZ-b").unwrap().iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["b"]);
        assert!(store.records_by_code("null").unwrap().is_empty());
        let coded: i64 = store.read(|c| Ok(c.query_row("SELECT COUNT(code) FROM records", [], |r| r.get(0))?)).unwrap();
        assert_eq!(coded, 4);
    }
}
