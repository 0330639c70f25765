//! `jiancha-store`: what the service keeps, behind one [`Store`] trait with an SQLite backend ([`sqlite`]; embedded,
//! the default) and a PostgreSQL one ([`postgres`]; production).
//!
//! It owns the schema and its versioned migrations, and five kinds of data:
//! - **bundles**: the reference data (dataset files, policy, calendar) as numbered revisions; the newest is in force;
//! - **records**: inspection records, idempotent by id and body (the same record twice is one record; a changed
//!   body is a new revision and the old one is kept), each with the current output line the engine gave it;
//! - **decisions**: an append-only log of every check the service answered, with its provenance;
//! - **alerts**: warnings and changed findings as records are filed, in order, for polling and live streams;
//! - **tokens**: API tokens, stored as SHA-256 hashes only, bound to an agency and a role, expiring and revocable;
//! - **batches**: batch jobs over uploaded exports, their progress and their outputs (in parts);
//! - **plugins**: the signed department plugins installed, each install or removal a new entry (the newest entry of
//!   an id says what is in force).
//!
//! Filing a record runs under a lock on its enterprise ([`Store::file`]): SQLite takes the database's write lock
//! (`BEGIN IMMEDIATE`), PostgreSQL a transaction-scoped advisory lock on the enterprise, so that two callers filing
//! visits of one enterprise at the same moment (from one process or several) are decided one after the other.
//!
//! It may not: know the rules (the caller decides, given the history, what is written), speak HTTP, or read the
//! environment. Calls block: an async caller runs them on a blocking thread.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub mod postgres;
pub mod sqlite;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be reached or is not answering (the caller may retry later).
    #[error("存储不可用 / the store is unavailable: {0}")]
    Unavailable(String),
    /// The store refused or failed an operation.
    #[error("存储错误 / store error: {0}")]
    Failed(String),
    /// A filing's decision refused it (nothing of it was written); the message is the caller's.
    #[error("{0}")]
    Refused(String),
    /// The stored schema is newer than this program knows.
    #[error(
        "数据库结构版本 {found} 比本程序支持的 {known} 新 / the database schema version {found} is newer than this program's {known}"
    )]
    TooNew { found: i64, known: i64 },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) =>
            {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Failed(e.to_string()),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The reference data of one bundle: the files of the dataset's directory form (`agencies.json`, …,
/// `policy.toml`, `calendar.json`) or the one-object form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleFiles {
    /// `(file name, text)` pairs of the directory form.
    Files(Vec<(String, String)>),
    /// The one-object form's text.
    Object(String),
}

impl BundleFiles {
    /// SHA-256 of the bundle's content, in hex: names a revision's content.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        match self {
            BundleFiles::Files(files) => {
                for (name, text) in files {
                    h.update((name.len() as u64).to_le_bytes());
                    h.update(name.as_bytes());
                    h.update((text.len() as u64).to_le_bytes());
                    h.update(text.as_bytes());
                }
            }
            BundleFiles::Object(text) => {
                h.update(b"object:");
                h.update(text.as_bytes());
            }
        }
        hex::encode(h.finalize())
    }
}

/// A stored bundle revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleInfo {
    /// 1, 2, …: the newest is in force.
    pub revision: i64,
    /// What the uploader called it.
    pub name: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Who uploaded it (a token id, or `cli`).
    pub created_by: String,
    /// [`BundleFiles::digest`].
    pub digest: String,
}

/// A bundle with its content.
#[derive(Clone, Debug)]
pub struct Bundle {
    pub info: BundleInfo,
    pub files: BundleFiles,
}

/// A stored inspection record, at its current revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    /// Filing order over the whole store: ties of time are broken by it, as a file's line order breaks them.
    pub seq: i64,
    pub id: String,
    /// 1 for the first body filed under this id, then 2, …
    pub revision: i64,
    pub enterprise: String,
    /// The record's JSON text as filed.
    pub body: String,
    /// The output line the engine gives it now (JSON), updated when a later filing changes it.
    pub line: String,
    /// The token id that filed it.
    pub filed_by: String,
    /// The agency of that token.
    pub agency: String,
}

/// A record to write: its body, and who files it.
#[derive(Clone, Debug)]
pub struct NewRecord {
    pub id: String,
    pub enterprise: String,
    /// The inspection day, `YYYY-MM-DD` in Asia/Shanghai (what [`Store::latest_day_outside`] reads).
    pub day: String,
    pub body: String,
    pub filed_by: String,
    pub agency: String,
    /// Its 行政行为码, where it has one: what an enterprise verifies at the door ([`Store::records_by_code`]).
    pub code: Option<String>,
}

/// An enterprise's evaluation of a visit, bound to the visit's record by the code shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub record: String,
    pub enterprise: String,
    /// The record's lead agency.
    pub agency: String,
    /// The record's inspection day (`YYYY-MM-DD`, Asia/Shanghai).
    pub day: String,
    /// When it was given (RFC 3339, UTC).
    pub at: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub rating: i64,
    /// The ids of the conduct complained of (`jiancha_core::supervision::COMPLAINTS`).
    pub complaints: Vec<String>,
    /// What the enterprise wrote (at most `EVALUATION_TEXT_MAX` characters).
    pub text: String,
}

/// One move of a problem of the 问题清单 from a state to the next, and who made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemEvent {
    /// Increasing over the store (0 before it is stored).
    pub seq: i64,
    /// The problem's key (`year~agency~rule`).
    pub key: String,
    pub year: i64,
    pub from: String,
    pub to: String,
    pub note: String,
    /// The token id that moved it.
    pub by: String,
    pub at: String,
}

/// SHA-256 of a text, in hex.
pub fn sha256_hex(text: &[u8]) -> String {
    hex::encode(Sha256::digest(text))
}

/// What a filing writes, decided by the caller from the enterprise's history under the lock.
#[derive(Clone, Debug, Default)]
pub struct Filing {
    /// The record to write (a new id or a changed body); `None` when the same body is already stored.
    pub record: Option<NewRecord>,
    /// New output lines of records of the enterprise, by record id (the filed record's among them).
    pub lines: Vec<(String, String)>,
    /// Alerts to append.
    pub alerts: Vec<NewAlert>,
    /// The decision to log.
    pub decision: Option<Decision>,
}

/// What a filing writes, decided from the enterprise's history and the current revision of the job's record
/// wherever it is filed (see [`Store::file`]), both read inside the transaction.
/// The third argument is the latest inspection day (`YYYY-MM-DD`, Asia/Shanghai) of the records of every other
/// enterprise, read in the same transaction: the county's "today" as a file of all its records would give it.
pub type Decide<'a> =
    Box<dyn FnMut(&[StoredRecord], Option<&StoredRecord>, Option<&str>) -> Result<Filing> + Send + 'a>;

/// One filing of [`Store::file`]: the enterprise whose lock it takes, and the decision of what to write. A job
/// whose enterprise is empty takes no lock and is given no history: it writes what is not a record (a decision of
/// a check that stores nothing else), sharing the group's durable write.
pub struct FileJob<'a> {
    pub enterprise: String,
    /// The id of the record the job files, if any: its current revision (under any enterprise) is read in the
    /// transaction and handed to `decide`, and on PostgreSQL the id is locked as the enterprise is, so that two
    /// instances filing one new id at once are decided one after the other.
    pub record: Option<String>,
    pub decide: Decide<'a>,
}

impl std::fmt::Debug for FileJob<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileJob").field("enterprise", &self.enterprise).finish_non_exhaustive()
    }
}

/// One entry of the decision log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// `dec_…`, unique.
    pub id: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// The token id of the caller.
    pub caller: String,
    /// `validate`, `file`, `validate-plan`, `batch`.
    pub kind: String,
    /// SHA-256 of the input's bytes.
    pub input_hash: String,
    pub engine_version: String,
    /// SHA-256 of the rule catalogue in force.
    pub rules_hash: String,
    pub bundle_revision: i64,
    /// `id@version sha256` of each plugin that took part.
    pub plugins: Vec<String>,
    /// The answer's findings (JSON).
    pub findings: serde_json::Value,
}

/// An alert to append: a warning or a changed finding of a record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewAlert {
    pub record: String,
    pub enterprise: String,
    /// `new` (a warning on a record filed now) or `changed` (an earlier record's findings changed).
    pub change: String,
    /// The record's output line now (JSON).
    pub line: serde_json::Value,
}

/// A stored alert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// Increasing: `GET /v1/alerts?since=` asks for the ones after a seq.
    pub seq: i64,
    pub at: String,
    #[serde(flatten)]
    pub alert: NewAlert,
}

/// The roles a token may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Validates and files records where its agency leads or takes part; reads its own.
    Officer,
    /// Reads everything of its county: history, alerts, batches, reports.
    Supervisor,
    /// Bundles, plugins, tokens.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Officer, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A token as stored (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The public part of the token (`jct_<id>_<secret>`).
    pub id: String,
    pub label: String,
    pub agency: String,
    pub role: Role,
    pub created_at: String,
    /// RFC 3339, UTC; `None`: does not expire.
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    /// SHA-256 of the secret, in hex.
    #[serde(skip)]
    pub secret_hash: String,
}

impl TokenInfo {
    /// Whether the token may be used at `now` (RFC 3339, UTC, as [`now`] gives): not revoked, not expired.
    pub fn in_force(&self, now: &str) -> bool {
        self.revoked_at.is_none() && self.expires_at.as_deref().is_none_or(|e| e > now)
    }
}

/// A batch job: a whole export checked as `jiancha check` checks a file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BatchInfo {
    /// `bat_…`.
    pub id: String,
    pub created_at: String,
    /// The token id that uploaded it.
    pub created_by: String,
    /// What the uploader called the input (its name's extension chose the format).
    pub input: String,
    /// SHA-256 of the uploaded bytes.
    pub input_hash: String,
    pub bundle_revision: i64,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// How far it has got (phase, records and bytes read).
    pub progress: serde_json::Value,
    /// What the run counted, once done.
    pub summary: Option<serde_json::Value>,
    /// Why it failed.
    pub error: Option<String>,
    /// Last change of state or progress (a job left `running` long after it is reported interrupted).
    pub updated_at: String,
}

/// An installed plugin as stored: its manifest and component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPlugin {
    /// Increasing over every install and removal.
    pub seq: i64,
    pub id: String,
    /// The manifest's JSON text.
    pub manifest: String,
    /// The component's bytes.
    pub component: Vec<u8>,
    /// SHA-256 of the component.
    pub sha256: String,
    pub installed_by: String,
    pub installed_at: String,
}

/// One install or removal of a plugin, as listed in its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PluginEntry {
    pub seq: i64,
    pub id: String,
    /// The manifest's `version`, empty for a removal.
    pub version: String,
    /// SHA-256 of the component, empty for a removal.
    pub sha256: String,
    /// Whether this entry took the plugin out.
    pub removed: bool,
    pub installed_by: String,
    pub installed_at: String,
}

impl PluginEntry {
    /// The entry of a stored row (the version read from the manifest's JSON).
    pub fn of(seq: i64, id: String, manifest: &str, sha256: String, removed: bool, by: String, at: String) -> Self {
        let version = serde_json::from_str::<serde_json::Value>(manifest)
            .ok()
            .and_then(|m| m.get("version").and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_default();
        PluginEntry { seq, id, version, sha256, removed, installed_by: by, installed_at: at }
    }
}

/// The store of the service: one trait, two backends, tested through the API on both (`crates/server/tests/api.rs`).
pub trait Store: Send + Sync + std::fmt::Debug {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Where the data is (a path, or the database without its password), for the start-up line.
    fn location(&self) -> String;
    /// Whether the store answers now (`/health/ready`).
    fn ping(&self) -> Result<()>;

    /// Stores a new bundle revision and returns it (it is then the one in force).
    fn put_bundle(&self, name: &str, by: &str, files: &BundleFiles) -> Result<BundleInfo> {
        self.put_bundle_on(None, name, by, files)
    }
    /// [`Store::put_bundle`], only if the revision in force is still `base` (a change made record by record on
    /// top of a revision: another change in between is refused, not lost).
    fn put_bundle_on(&self, base: Option<i64>, name: &str, by: &str, files: &BundleFiles) -> Result<BundleInfo>;
    /// The bundle in force, if any.
    fn current_bundle(&self) -> Result<Option<Bundle>>;
    /// The revision of the bundle in force, if any (cheap: instances poll it to pick up another's bundle).
    fn current_revision(&self) -> Result<Option<i64>>;
    /// Every revision, oldest first.
    fn bundles(&self) -> Result<Vec<BundleInfo>>;
    /// One revision, as it was stored (to put an earlier one back in force).
    fn bundle(&self, revision: i64) -> Result<Option<Bundle>>;

    /// The current revision of every record of an enterprise, in filing order.
    fn history(&self, enterprise: &str) -> Result<Vec<StoredRecord>>;
    /// The current revision of a record.
    fn record(&self, id: &str) -> Result<Option<StoredRecord>>;
    /// The latest inspection day (`YYYY-MM-DD`) of the current records of every enterprise but `enterprise`.
    fn latest_day_outside(&self, enterprise: &str) -> Result<Option<String>>;
    /// Number of records (current revisions) and of revisions.
    fn counts(&self) -> Result<(i64, i64)>;
    /// Files records, each in its enterprise's lock (see the crate's documentation): a job's `decide` is called
    /// with its enterprise's history (the jobs before it included) and says what to write. The jobs share one
    /// transaction (group commit: one durable write for many filings); a job whose `decide` fails writes nothing
    /// and leaves the others' writes in place. Returns, per job, what its `decide` returned, once durable.
    fn file(&self, jobs: Vec<FileJob<'_>>) -> Vec<Result<Filing>>;

    /// Appends a decision (for checks that store nothing else).
    fn log_decision(&self, d: &Decision) -> Result<()>;
    /// A decision by id.
    fn decision(&self, id: &str) -> Result<Option<Decision>>;
    /// Alerts after `since`, oldest first, at most `limit`.
    fn alerts_since(&self, since: i64, limit: i64) -> Result<Vec<Alert>>;

    /// Stores a token (its hash).
    fn put_token(&self, t: &TokenInfo) -> Result<()>;
    /// A token by its public id.
    fn token(&self, id: &str) -> Result<Option<TokenInfo>>;
    /// Every token, oldest first.
    fn tokens(&self) -> Result<Vec<TokenInfo>>;
    /// Revokes a token; false when there is none by that id.
    fn revoke_token(&self, id: &str) -> Result<bool>;

    /// Stores a new batch job.
    fn put_batch(&self, b: &BatchInfo) -> Result<()>;
    /// Sets a job's state, progress, summary and error (and its `updated_at` to now).
    fn update_batch(&self, b: &BatchInfo) -> Result<()>;
    /// Sets `updated_at` to now for these jobs (still alive).
    fn touch_batches(&self, ids: &[String]) -> Result<()>;
    /// A job by id.
    fn batch(&self, id: &str) -> Result<Option<BatchInfo>>;
    /// The newest jobs first, at most `limit`.
    fn batches(&self, limit: i64) -> Result<Vec<BatchInfo>>;
    /// Stores part `part` (0, 1, …) of a job's output in `format`.
    fn put_batch_output(&self, id: &str, format: &str, part: i64, bytes: &[u8]) -> Result<()>;
    /// Number of parts of a job's output in `format`.
    fn batch_output_parts(&self, id: &str, format: &str) -> Result<i64>;
    /// Part `part` of a job's output in `format`.
    fn batch_output(&self, id: &str, format: &str, part: i64) -> Result<Option<Vec<u8>>>;

    /// Installs a plugin (in place of one of its id), or removes it (`component` `None`); returns the entry's seq.
    fn put_plugin(&self, id: &str, manifest: &str, component: Option<&[u8]>, by: &str) -> Result<i64>;
    /// The plugins in force: the newest entry of each id, where it is an install; by id.
    fn plugins(&self) -> Result<Vec<StoredPlugin>>;
    /// The newest entry's seq (0 with none): instances poll it to pick up another's install.
    fn plugins_revision(&self) -> Result<i64>;
    /// Every install and removal of every plugin, oldest first, without the components.
    fn plugin_history(&self) -> Result<Vec<PluginEntry>>;
    /// The install of entry `seq` (`None` for a removal or no such entry), to put an earlier version back.
    fn plugin_entry(&self, seq: i64) -> Result<Option<StoredPlugin>>;

    /// The current records whose 行政行为码 is `code` (an index lookup: codes are never listed).
    fn records_by_code(&self, code: &str) -> Result<Vec<StoredRecord>>;
    /// The current records of the inspection days `from` to `to` (`YYYY-MM-DD`, both included), in filing order.
    fn records_between(&self, from: &str, to: &str) -> Result<Vec<StoredRecord>>;
    /// Stores an enterprise's evaluation, and the alert it raises, in one transaction.
    fn put_evaluation(&self, e: &Evaluation, alert: Option<&NewAlert>) -> Result<()>;
    /// The evaluations of one record, oldest first.
    fn evaluations_of(&self, record: &str) -> Result<Vec<Evaluation>>;
    /// The records of `agency` of the inspection days `from` to `to` that an evaluation complained of, each once,
    /// in the order of their first complaint.
    fn complained_records(&self, agency: &str, from: &str, to: &str) -> Result<Vec<String>>;
    /// The evaluations of the records of the inspection days `from` to `to`, oldest first.
    fn evaluations_between(&self, from: &str, to: &str) -> Result<Vec<Evaluation>>;
    /// Moves a problem: stores the event and gives its seq when the problem's state is still `e.from` (a problem
    /// never moved is `found`); `None`, nothing written, when another move came first.
    fn move_problem(&self, e: &ProblemEvent) -> Result<Option<i64>>;
    /// Every move of the problems of a year, oldest first.
    fn problem_events(&self, year: i64) -> Result<Vec<ProblemEvent>>;
}

/// Every job's result when a group's transaction failed as a whole (none of it was written): the group's error,
/// still `Unavailable` when it was.
pub(crate) fn all_failed(n: usize, e: &StoreError) -> Vec<Result<Filing>> {
    let msg = e.to_string();
    let unavailable = matches!(e, StoreError::Unavailable(_));
    (0..n)
        .map(|_| Err(if unavailable { StoreError::Unavailable(msg.clone()) } else { StoreError::Failed(msg.clone()) }))
        .collect()
}

/// The refusal of a bundle put on top of a revision that is no longer the one in force.
pub(crate) fn changed_meanwhile(now_in_force: Option<i64>) -> StoreError {
    let n = now_in_force.unwrap_or(0);
    StoreError::Refused(format!(
        "参考数据已更新为第 {n} 版，请基于新版本重试 / the reference data changed to revision {n} meanwhile: retry on it"
    ))
}

/// Now, RFC 3339 in UTC with microseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// The schema migrations, in order: version `i + 1` is `MIGRATIONS[i]`. Both backends apply the same steps (in
/// their own SQL dialect) at start, each in a transaction, and record them in `schema_migrations`.
pub const MIGRATIONS: &[&str] = &[
    "bundles, records with revisions, current lines, decisions, alerts, tokens",
    "batch jobs and their outputs, installed plugins",
    "the inspection day of each current record (the county's latest day)",
    "the code of each current record, the enterprises' evaluations, the moves of the problem list",
];
