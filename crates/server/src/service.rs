//! The checks the service answers, on the core's engine: a proposed record checked with its enterprise's stored
//! history (as `jiancha check` would check a file of the history and the record), and a filing that also says
//! which earlier records' findings it changed. No rule is here: the lines are the engine's.

use std::sync::Arc;

use jiancha_core::engine::{Input, parse_record};
use jiancha_core::time::Date;
use jiancha_core::{Dataset, Engine, Inspection, OutputLine};
use jiancha_store::{BundleInfo, Decision, FileJob, Filing, NewAlert, NewRecord, StoreError, StoredRecord, sha256_hex};
use rand_core::{OsRng, RngCore};
use serde::Serialize;

use crate::auth::Caller;
use crate::plugins::InForce;
use crate::problem::Problem;

/// The reference data and the plugins in force, loaded: swapped whole when a new bundle is put or a plugin
/// installed.
#[derive(Debug)]
pub struct Loaded {
    pub info: BundleInfo,
    pub ds: Arc<Dataset>,
    pub plugins: Arc<InForce>,
}

/// Where an answer came from.
#[derive(Clone, Debug, Serialize)]
pub struct Provenance {
    pub engine_version: &'static str,
    pub rules_hash: String,
    pub bundle_revision: i64,
    pub bundle_digest: String,
    /// Records of the enterprise's history the check read.
    pub history_records: usize,
    /// `id@version sha256` of each plugin in force.
    pub plugins: Vec<String>,
}

/// The answer to a check of one record.
#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    pub decision_id: String,
    /// The record's output line, as `jiancha check` writes it (without the `line` of a file).
    #[serde(flatten)]
    pub line: OutputLine,
    pub provenance: Provenance,
}

/// An earlier record whose findings a filing changed.
#[derive(Clone, Debug, Serialize)]
pub struct Changed {
    pub id: String,
    pub findings: serde_json::Value,
}

/// The answer to a filing.
#[derive(Clone, Debug, Serialize)]
pub struct Filed {
    #[serde(flatten)]
    pub answer: Answer,
    /// The record's revision now (1 for a new id).
    pub revision: i64,
    /// True when the same record was already stored: nothing was written.
    pub duplicate: bool,
    /// Earlier records of the enterprise whose findings changed.
    pub changed: Vec<Changed>,
}

/// A new decision id.
pub fn decision_id() -> String {
    let mut b = [0u8; 12];
    OsRng.fill_bytes(&mut b);
    format!("dec_{}", hex::encode(b))
}

/// Reads a request body as one record, as a line of a file is read.
pub fn read_record(body: &[u8]) -> Result<(String, Box<Inspection>), Problem> {
    let text = std::str::from_utf8(body)
        .map_err(|e| Problem::bad_request(format!("请求体不是 UTF-8 文本 / the body is not UTF-8 text: {e}")))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::bad_request("请求体为空 / the body is empty"));
    }
    match parse_record(1, text) {
        Input::Record { inspection, .. } => Ok((text.to_string(), inspection)),
        Input::Error { error, .. } => Err(Problem::unprocessable(error.message).at(error.path)),
    }
}

/// Whether the caller's agency leads or takes part in the record.
pub fn takes_part(caller: &Caller, r: &Inspection) -> bool {
    r.lead_agency == caller.agency
        || r.entrusted_agency.as_deref() == Some(caller.agency.as_str())
        || r.joint_agencies.contains(&caller.agency)
}

fn own_record(caller: &Caller, r: &Inspection) -> Result<(), Problem> {
    if takes_part(caller, r) {
        Ok(())
    } else {
        Err(Problem::forbidden(format!(
            "本机构 {} 既未牵头也未参与该检查 / your agency {} neither leads nor takes part in this inspection",
            caller.agency, caller.agency
        ))
        .at("/lead_agency"))
    }
}

/// The inspection lines the engine gives `bodies` checked as one file with the plugins in force, in their order,
/// without `line`.
///
/// `latest_elsewhere` is the latest inspection day of the other enterprises' records (`YYYY-MM-DD`): the county's
/// records checked as one file share one latest day, which `penalty.no-return-visit` reads.
fn lines_of(loaded: &Loaded, bodies: &[&str], latest_elsewhere: Option<&str>) -> Vec<OutputLine> {
    let inputs: Vec<Input> = bodies.iter().enumerate().map(|(i, b)| parse_record(i + 1, b)).collect();
    let extra = loaded.plugins.findings(&loaded.ds, &inputs);
    let latest = latest_elsewhere.and_then(|d| Date::parse(d).ok());
    Engine::new(&loaded.ds)
        .check_inspections_with(inputs, extra, latest)
        .into_iter()
        .map(|mut l| {
            l.line = None;
            l
        })
        .collect()
}

/// The JSON the store keeps of a line.
fn line_json(l: &OutputLine) -> String {
    serde_json::to_string(l).unwrap_or_default()
}

/// The history with the record put in (a new revision keeps the record's place), as bodies; and where it is.
fn with_record<'a>(history: &'a [StoredRecord], id: &str, body: &'a str) -> (Vec<&'a str>, usize) {
    let mut bodies: Vec<&str> = history.iter().map(|h| h.body.as_str()).collect();
    match history.iter().position(|h| h.id == id) {
        Some(at) => {
            if let Some(b) = bodies.get_mut(at) {
                *b = body;
            }
            (bodies, at)
        }
        None => {
            bodies.push(body);
            (bodies, history.len())
        }
    }
}

fn provenance(loaded: &Loaded, rules_hash: &str, history_records: usize) -> Provenance {
    Provenance {
        engine_version: env!("CARGO_PKG_VERSION"),
        rules_hash: rules_hash.to_string(),
        bundle_revision: loaded.info.revision,
        bundle_digest: loaded.info.digest.clone(),
        history_records,
        plugins: loaded.plugins.tags.clone(),
    }
}

fn decision(kind: &str, caller: &Caller, input: &str, p: &Provenance, line: &OutputLine) -> (String, Decision) {
    let id = decision_id();
    let d = Decision {
        id: id.clone(),
        at: jiancha_store::now(),
        caller: caller.token.clone(),
        kind: kind.to_string(),
        input_hash: sha256_hex(input.as_bytes()),
        engine_version: p.engine_version.to_string(),
        rules_hash: p.rules_hash.clone(),
        bundle_revision: p.bundle_revision,
        plugins: p.plugins.clone(),
        findings: serde_json::to_value(&line.findings).unwrap_or_default(),
    };
    (id, d)
}

/// `POST /v1/inspections:validate`: the record checked with its enterprise's stored history; nothing is stored but
/// the decision.
/// Returns the answer and its decision, which the caller logs (through the filer, [`Work::Log`]) before answering.
pub fn validate(
    store: &dyn jiancha_store::Store,
    loaded: &Loaded,
    rules_hash: &str,
    caller: &Caller,
    body: &[u8],
) -> Result<(Answer, Decision), Problem> {
    let (text, record) = read_record(body)?;
    own_record(caller, &record)?;
    let history = store.history(&record.enterprise)?;
    let latest = store.latest_day_outside(&record.enterprise)?;
    let (bodies, at) = with_record(&history, &record.id, &text);
    let mut lines = lines_of(loaded, &bodies, latest.as_deref());
    let line = take(&mut lines, at)?;
    let p = provenance(loaded, rules_hash, history.iter().filter(|h| h.id != record.id).count());
    let (id, d) = decision("validate", caller, &text, &p, &line);
    Ok((Answer { decision_id: id, line, provenance: p }, d))
}

fn take(lines: &mut Vec<OutputLine>, at: usize) -> Result<OutputLine, Problem> {
    if at < lines.len() {
        Ok(lines.swap_remove(at))
    } else {
        Err(Problem::internal("引擎未返回该记录的结果 / the engine gave no line for the record"))
    }
}

/// A filing made ready outside the store's lock: the record read and the caller's right to file it checked.
#[derive(Debug)]
pub struct Prepared {
    text: String,
    record: Box<Inspection>,
}

/// Reads and checks what can be checked before the lock.
pub fn prepare(caller: &Caller, body: &[u8]) -> Result<Prepared, Problem> {
    let (text, record) = read_record(body)?;
    own_record(caller, &record)?;
    Ok(Prepared { text, record })
}

/// The store job of one filing: under the enterprise's lock, the record checked with the history; the lines of
/// every record of the enterprise recomputed, the changed ones written and alerted.
pub fn file_job<'a>(
    loaded: &'a Loaded,
    rules_hash: &'a str,
    caller: &'a Caller,
    prepared: &'a Prepared,
    out: &'a std::sync::Mutex<Option<Result<Filed, Problem>>>,
) -> FileJob<'a> {
    let enterprise = prepared.record.enterprise.clone();
    FileJob {
        enterprise,
        record: Some(prepared.record.id.to_string()),
        decide: Box::new(move |history: &[StoredRecord], stored: Option<&StoredRecord>, latest: Option<&str>| {
            let r = &prepared.record;
            // The record as stored now, wherever it is filed (read in the transaction, under the id's lock).
            if let Some(s) = stored
                && s.enterprise != r.enterprise
            {
                return Err(StoreError::Refused(format!(
                    "记录 {} 已登记在企业 {} 下，不能改为其他企业；请以新的记录编号登记 / record {} is filed under enterprise {} and cannot move to another; file it under a new id",
                    r.id, s.enterprise, r.id, s.enterprise
                )));
            }
            if let Some(s) = stored
                && s.agency != caller.agency
            {
                return Err(StoreError::Refused(format!(
                    "记录 {} 由 {} 登记，只能由该机构修改 / record {} was filed by {} and only it may change it",
                    r.id, s.agency, r.id, s.agency
                )));
            }
            let existing = history.iter().find(|h| h.id == r.id);
            let p = provenance(loaded, rules_hash, history.iter().filter(|h| h.id != r.id).count());
            if let Some(h) = existing.filter(|h| h.body == prepared.text) {
                // The same record again: one record; its answer is its line now.
                let line: OutputLine = serde_json::from_str(&h.line)
                    .map_err(|e| StoreError::Failed(format!("stored line of {}: {e}", h.id)))?;
                let (id, d) = decision("file", caller, &prepared.text, &p, &line);
                set(
                    out,
                    Filed {
                        answer: Answer { decision_id: id, line, provenance: p },
                        revision: h.revision,
                        duplicate: true,
                        changed: Vec::new(),
                    },
                );
                return Ok(Filing { decision: Some(d), ..Filing::default() });
            }
            let (bodies, at) = with_record(history, &r.id, &prepared.text);
            let mut lines = lines_of(loaded, &bodies, latest);
            let mut filing = Filing::default();
            let mut changed = Vec::new();
            for (k, l) in lines.iter().enumerate() {
                if k == at {
                    continue;
                }
                let Some(h) = history.get(k) else { continue };
                let json = line_json(l);
                if json != h.line {
                    filing.lines.push((h.id.clone(), json));
                    let findings = serde_json::to_value(&l.findings).unwrap_or_default();
                    changed.push(Changed { id: h.id.clone(), findings });
                    filing.alerts.push(NewAlert {
                        record: h.id.clone(),
                        enterprise: r.enterprise.clone(),
                        change: "changed".into(),
                        line: serde_json::to_value(l).unwrap_or_default(),
                    });
                }
            }
            let line = take(&mut lines, at).map_err(|p| StoreError::Failed(p.detail))?;
            filing.lines.push((r.id.clone(), line_json(&line)));
            if !line.findings.is_empty() {
                filing.alerts.push(NewAlert {
                    record: r.id.clone(),
                    enterprise: r.enterprise.clone(),
                    change: "new".into(),
                    line: serde_json::to_value(&line).unwrap_or_default(),
                });
            }
            filing.record = Some(NewRecord {
                id: r.id.clone(),
                enterprise: r.enterprise.clone(),
                day: r.day().to_string(),
                body: prepared.text.clone(),
                filed_by: caller.token.clone(),
                agency: caller.agency.clone(),
                code: r.code.clone(),
            });
            let (id, d) = decision("file", caller, &prepared.text, &p, &line);
            filing.decision = Some(d);
            set(
                out,
                Filed {
                    answer: Answer { decision_id: id, line, provenance: p },
                    revision: existing.map_or(1, |h| h.revision + 1),
                    duplicate: false,
                    changed,
                },
            );
            Ok(filing)
        }),
    }
}

fn set(out: &std::sync::Mutex<Option<Result<Filed, Problem>>>, f: Filed) {
    if let Ok(mut o) = out.lock() {
        *o = Some(Ok(f));
    }
}

/// `GET /v1/enterprises/{uscc}/history`: the enterprise's records as the cross-record rules read them.
pub fn history_views(history: &[StoredRecord]) -> Vec<Inspection> {
    stored_records(history).iter().map(Inspection::history_view).collect()
}

/// The stored records read back (each was read when it was filed).
pub fn stored_records(history: &[StoredRecord]) -> Vec<Inspection> {
    history
        .iter()
        .filter_map(|h| match parse_record(1, &h.body) {
            Input::Record { inspection, .. } => Some(*inspection),
            Input::Error { .. } => None,
        })
        .collect()
}

/// What the filer writes: filings, and the decisions of checks that store nothing else.
#[derive(Debug)]
pub enum Work {
    File(FileRequest),
    Log(Decision, tokio::sync::oneshot::Sender<Result<(), Problem>>),
    /// Answered once everything sent before it is written (a stop waits for it: buffered decisions are not lost).
    Flush(tokio::sync::oneshot::Sender<()>),
}

/// One filing waiting for the filer.
#[derive(Debug)]
pub struct FileRequest {
    pub caller: Caller,
    pub prepared: Prepared,
    pub loaded: Arc<Loaded>,
    pub reply: tokio::sync::oneshot::Sender<Result<Filed, Problem>>,
}

/// Filings waiting at most this many to a transaction.
const GROUP_MAX: usize = 256;

/// The filer: one thread that takes the filings waiting and writes them in one transaction (group commit), each
/// decided under its enterprise's lock in arrival order; each caller is answered once the transaction is durable.
pub fn filer(store: Arc<dyn jiancha_store::Store>, rules_hash: String, rx: std::sync::mpsc::Receiver<Work>) {
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < GROUP_MAX {
            match rx.try_recv() {
                Ok(r) => group.push(r),
                Err(_) => break,
            }
        }
        // A panic (which no input should cause) fails its group, whose callers are told the filing did not
        // finish, and the filer goes on with the next: one bad group never stops the service's filings.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write_group(&*store, &rules_hash, group)));
        if run.is_err() {
            tracing::error!(target: "jiancha::filer", "a group of filings failed with a panic; its callers were answered 503");
        }
    }
}

/// Writes one group of the filer's work in one transaction and answers each caller.
fn write_group(store: &dyn jiancha_store::Store, rules_hash: &str, group: Vec<Work>) {
    let mut files = Vec::new();
    let mut logs = Vec::new();
    let mut flushes = Vec::new();
    for w in group {
        match w {
            Work::File(f) => files.push(f),
            Work::Log(d, reply) => logs.push((d, reply)),
            Work::Flush(reply) => flushes.push(reply),
        }
    }
    let outs: Vec<std::sync::Mutex<Option<Result<Filed, Problem>>>> =
        files.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let mut jobs: Vec<FileJob<'_>> =
        files.iter().zip(&outs).map(|(r, out)| file_job(&r.loaded, rules_hash, &r.caller, &r.prepared, out)).collect();
    let (decisions, replies): (Vec<Decision>, Vec<_>) = logs.into_iter().unzip();
    for d in decisions {
        let mut once = Some(d);
        jobs.push(FileJob {
            enterprise: String::new(),
            record: None,
            decide: Box::new(move |_, _, _| Ok(Filing { decision: once.take(), ..Filing::default() })),
        });
    }
    let mut results = store.file(jobs).into_iter();
    for (r, out) in files.into_iter().zip(outs) {
        let answer = match results.next() {
            Some(Ok(_)) => out
                .into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(Problem::internal("登记没有结果 / the filing gave no answer"))),
            Some(Err(e)) => Err(Problem::from(e)),
            None => Err(Problem::internal("登记没有结果 / the filing gave no answer")),
        };
        // A caller that went away is not waiting for its answer; what was written stays written.
        let _ = r.reply.send(answer);
    }
    for reply in replies {
        let done = match results.next() {
            Some(Ok(_)) => Ok(()),
            Some(Err(e)) => Err(Problem::from(e)),
            None => Err(Problem::internal("决定未记录 / the decision was not logged")),
        };
        // A buffered check's caller is not waiting: a decision that could not be written is logged here.
        if let Err(Err(p)) = reply.send(done) {
            tracing::warn!(target: "jiancha::filer", detail = %p.detail, "a check's decision was not logged");
        }
    }
    for f in flushes {
        let _ = f.send(());
    }
}
