//! Findings and output lines, exactly as the data contract's "Output" section spells them.
//!
//! The JSON Lines text is produced here, in core, so that the CLI and the WebAssembly build give the same bytes.

use serde::{Deserialize, Serialize};

use crate::meta::{Citation, RuleId, RuleMeta, Severity};

/// Most ids a finding's `related` lists (data contract v1.1: `related` is bounded). A finding that rests on more
/// records lists the earliest `RELATED_MAX` of them in time order (so that a cap finding names the visits that
/// used the quota) and gives their number in `related_total`. Bounding it keeps every finding, and so the whole
/// cross-record stage, linear in the number of records however many visits one enterprise receives.
pub const RELATED_MAX: usize = 20;

/// One finding: which rule, how serious, what happened, which clause it breaks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// The rule (`family.kebab-name`, or `<plugin-id>.<name>` for plugins); written as its id.
    pub rule: RuleId,
    /// Severity.
    pub severity: Severity,
    /// Chinese message stating the concrete facts.
    pub message: String,
    /// English message.
    pub message_en: String,
    /// The clauses it rests on.
    pub citations: Vec<Citation>,
    /// JSON pointer to the field concerned, within the record, plan or agency.
    pub path: String,
    /// Ids of the other records (or plans) the finding rests on: at most [`RELATED_MAX`], the earliest.
    pub related: Vec<String>,
    /// How many records the finding rests on, when that is more than `related` lists; absent when `related` is
    /// complete.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub related_total: Option<usize>,
}

impl Finding {
    /// A finding of a built-in rule, with the rule's severity and citations.
    pub fn new(meta: &'static RuleMeta, path: impl Into<String>, message: String, message_en: String) -> Finding {
        Finding {
            rule: RuleId::Builtin(meta),
            severity: meta.severity,
            message,
            message_en,
            citations: meta.citation_list(),
            path: path.into(),
            related: Vec::new(),
            related_total: None,
        }
    }

    /// Adds the related record ids, a complete list.
    pub fn related(mut self, related: Vec<String>) -> Finding {
        self.related = related;
        self
    }

    /// Adds the related record ids: the first of `total` records the finding rests on (at most
    /// [`RELATED_MAX`]); `related_total` is set when they are fewer than `total`.
    pub fn related_of(mut self, mut related: Vec<String>, total: usize) -> Finding {
        related.truncate(RELATED_MAX);
        self.related_total = (total > related.len()).then_some(total);
        self.related = related;
        self
    }
}

/// The scope of an output line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Lines of scope other than inspection are sorted by this spelling: agency < dataset < enterprise < plan.
    Agency,
    /// The dataset as a whole.
    Dataset,
    /// An enterprise.
    Enterprise,
    /// One input record.
    Inspection,
    /// A plan.
    Plan,
}

impl Scope {
    /// The contract's spelling.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Agency => "agency",
            Scope::Dataset => "dataset",
            Scope::Enterprise => "enterprise",
            Scope::Inspection => "inspection",
            Scope::Plan => "plan",
        }
    }
}

/// Why a line could not be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LineError {
    /// What is wrong.
    pub message: String,
    /// JSON pointer to the bad field.
    pub path: String,
}

/// One output line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutputLine {
    /// Scope.
    pub scope: Scope,
    /// 1-based input line (inspection lines only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// Id of the record, plan, agency or enterprise; null for an unreadable line. Always present for inspections.
    #[serde(serialize_with = "ser_id")]
    pub id: Option<String>,
    /// Why the line could not be read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<LineError>,
    /// Findings, in catalogue order.
    pub findings: Vec<Finding>,
}

fn ser_id<S: serde::Serializer>(id: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => s.serialize_str(id),
        None => s.serialize_none(),
    }
}

impl OutputLine {
    /// Whether it carries neither a finding nor an error.
    pub fn is_clean(&self) -> bool {
        self.error.is_none() && self.findings.is_empty()
    }

    /// Writes the line as compact JSON followed by `\n`.
    pub fn write_jsonl(&self, out: &mut String) {
        // Serialising these plain structs into a String cannot fail (no maps with non-string keys, no I/O).
        if let Ok(s) = serde_json::to_string(self) {
            out.push_str(&s);
        }
        out.push('\n');
    }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Violations.
    pub violation: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
    /// Lines that could not be read.
    pub errors: usize,
}

impl Tally {
    /// Adds one line's findings.
    pub fn add(&mut self, line: &OutputLine) {
        if line.error.is_some() {
            self.errors += 1;
        }
        for f in &line.findings {
            match f.severity {
                Severity::Violation => self.violation += 1,
                Severity::Warning => self.warning += 1,
                Severity::Info => self.info += 1,
            }
        }
    }
}
