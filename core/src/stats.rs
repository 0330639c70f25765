//! What a run's output lines add up to, counted in one place for every front-end: totals, findings by rule and by
//! agency, each enterprise's inspection burden, the monitoring alerts (多头、重复、高频次), and each agency's
//! joint-inspection rate with the target in force. The HTML report, the browser's batch summary (through
//! `wasm`) and the joint-rate rule read these; none of them counts on its own.
//!
//! [`Gather`] takes the lines as a run hands them out, with their records' facts, so that memory grows with the
//! agencies, enterprises and rules, not with the records; [`Gather::finish`] gives the [`Stats`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::batch::Rec;
use crate::catalogue::{self, Citation, Rule, Severity};
use crate::dataset::Dataset;
use crate::finding::{Finding, OutputLine, Scope, Tally};
use crate::time::Date;

pub use crate::joint::{JointRow, joint_rows, joint_share};

/// The three monitoring alerts (多头、重复、高频次), in the order the report lists them.
pub const ALERTS: &[(&str, &str)] =
    &[("alert.multi-agency", "多头检查"), ("alert.repeated", "重复检查"), ("alert.high-frequency", "高频次检查")];

/// Enterprises listed in 四、企业检查负担.
pub const BURDEN_TOP: usize = 10;

/// Findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Counts {
    pub findings: usize,
    pub violation: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    /// Counts one finding.
    pub fn add(&mut self, f: &Finding) {
        self.findings += 1;
        match f.severity {
            Severity::Violation => self.violation += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }
}

/// One rule's findings.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct RuleRow {
    pub id: String,
    pub title: String,
    pub plugin: bool,
    pub severity: Severity,
    pub order: usize,
    pub count: usize,
    pub citations: Vec<Citation>,
}

/// One agency's findings and inspections.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct AgencyRow {
    pub id: String,
    pub name: String,
    /// Findings it answers for: on the records it leads, on itself, and on the plans it leads.
    pub counts: Counts,
    /// Findings on the records it leads only (record level).
    pub records: Counts,
    /// Readable records it leads.
    pub led: usize,
    /// On-site inspections that count it.
    pub onsite: usize,
}

/// One enterprise's inspection burden.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct EnterpriseRow {
    pub id: String,
    pub name: String,
    pub onsite: usize,
    pub records: usize,
    pub agencies: usize,
    pub counts: Counts,
    pub high_frequency: bool,
    pub multi_agency: bool,
}

/// One monitoring alert.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct AlertRow {
    pub rule: &'static str,
    pub kind: &'static str,
    pub day: String,
    pub record: String,
    pub enterprise: String,
    pub enterprise_name: String,
    pub message: String,
    pub related: Vec<String>,
    /// The number of records the alert rests on, when `related` lists only the earliest of them.
    pub related_total: Option<usize>,
}

/// One month's inspections and findings (by the Asia/Shanghai day of each readable record).
#[derive(Clone, Debug, Default, serde::Serialize, schemars::JsonSchema)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Readable inspection records.
    pub records: usize,
    /// On-site inspections in substance.
    pub onsite: usize,
    /// Records with at least one violation.
    pub with_violation: usize,
    /// Findings on those records.
    pub findings: usize,
}

/// A record with a violation, as the report lists it under its lead agency.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ProblemRecord {
    pub id: String,
    pub day: String,
    pub enterprise_name: String,
    /// Its violations: (rule, title, remedy).
    pub violations: Vec<(String, String, String)>,
}

/// An agency's records with violations: the first [`PROBLEMS_SHOWN`] by day, and how many there are.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ProblemAgency {
    pub agency: String,
    pub name: String,
    pub total: usize,
    pub records: Vec<ProblemRecord>,
}

/// Two agencies that each inspected the same enterprises on site, separately: candidates for one joint plan
/// (综合查一次).
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Overlap {
    pub a: String,
    pub a_name: String,
    pub b: String,
    pub b_name: String,
    /// Enterprises each of them inspected on site on its own.
    pub enterprises: usize,
}

/// Records with violations listed per agency in the report.
pub const PROBLEMS_SHOWN: usize = 15;
/// Agency pairs listed as candidates for joint plans.
pub const OVERLAPS_SHOWN: usize = 5;

/// Everything the report shows.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Stats {
    /// Inspection-scope output lines (one per non-blank input line).
    pub records: usize,
    pub clean: usize,
    pub unreadable: usize,
    pub violation: usize,
    pub warning: usize,
    pub info: usize,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub enterprises: usize,
    pub agencies: usize,
    pub onsite: usize,
    pub joint_onsite: usize,
    /// Findings by scope, in the order of [`SCOPES`].
    pub by_scope: Vec<(&'static str, usize)>,
    /// Inspection lines with at least one finding of each severity (`findings`: with any finding).
    pub records_with: Counts,
    /// Findings on plans, agencies, enterprises and the dataset (not on one record), by severity.
    pub other_scopes: Counts,
    pub rules: Vec<RuleRow>,
    pub by_agency: Vec<AgencyRow>,
    pub unattributed: Counts,
    pub burden: Vec<EnterpriseRow>,
    pub burdened: usize,
    /// Alerts by kind, in the order of [`ALERTS`].
    pub alert_counts: [usize; 3],
    /// The first [`ALERTS_SHOWN`] alerts by day and record.
    pub alerts: Vec<AlertRow>,
    pub joint: Vec<JointRow>,
    /// Inspections and findings per month, oldest first (every year of the input: the same period of the
    /// previous year is there when the input holds it).
    pub monthly: Vec<MonthRow>,
    /// Records with violations per lead agency, most first.
    pub problems: Vec<ProblemAgency>,
    /// Agency pairs with the most enterprises both inspected on site.
    pub overlaps: Vec<Overlap>,
}

/// Alerts listed in 五、监测预警 (all are counted).
pub const ALERTS_SHOWN: usize = 300;

/// The scopes of findings, with their Chinese names, in the order the counts by scope list them.
pub const SCOPES: &[(Scope, &str)] = &[
    (Scope::Inspection, "检查记录"),
    (Scope::Plan, "检查计划"),
    (Scope::Agency, "执法主体"),
    (Scope::Enterprise, "企业信息"),
    (Scope::Dataset, "基础数据"),
];

/// One enterprise's burden, counted.
#[derive(Default)]
struct EnterpriseAcc {
    onsite: usize,
    records: usize,
    agencies: BTreeSet<String>,
    /// Agencies that led an on-site inspection of it alone (not jointly).
    solo: BTreeSet<String>,
    counts: Counts,
    high_frequency: bool,
    multi_agency: bool,
}

/// An agency's records with violations: how many, and the first of them by (day, id).
type Problems = (usize, BTreeMap<(Date, String), ProblemRecord>);

/// What the report counts, gathered line by line as a run hands them out: memory grows with the agencies,
/// enterprises and rules, not with the records.
#[derive(Default)]
pub struct Gather {
    records: usize,
    clean: usize,
    tally: Tally,
    first_day: Option<Date>,
    last_day: Option<Date>,
    agencies: BTreeSet<String>,
    onsite: usize,
    joint_onsite: usize,
    by_scope: [usize; 5],
    records_with: Counts,
    other_scopes: Counts,
    rules: BTreeMap<String, RuleRow>,
    owner_counts: BTreeMap<String, Counts>,
    record_counts: BTreeMap<String, Counts>,
    unattributed: Counts,
    led: BTreeMap<String, usize>,
    onsite_by_agency: BTreeMap<String, usize>,
    enterprises: HashMap<String, EnterpriseAcc>,
    alert_counts: [usize; 3],
    /// (day, record, kind order, arrival) → alert; only the first [`ALERTS_SHOWN`] are kept.
    alerts: BTreeMap<(Date, String, usize, usize), AlertRow>,
    rates: BTreeMap<(String, i32), (usize, usize)>,
    monthly: BTreeMap<(i32, u32), MonthRow>,
    /// Lead agency → (records with violations, the first of them by (day, id)).
    problems: BTreeMap<String, Problems>,
}

impl std::fmt::Debug for Gather {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gather").field("records", &self.records).field("tally", &self.tally).finish_non_exhaustive()
    }
}

/// Adds one to a counter of a map keyed by owned strings, allocating the key only the first time.
fn bump(map: &mut BTreeMap<String, usize>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

impl Gather {
    /// Counts one output line; `rec` is the record's facts when it has some.
    pub fn add(&mut self, l: &OutputLine, rec: Option<&Rec<'_>>, ds: &Dataset) {
        self.tally.add(l);
        if let Some(i) = SCOPES.iter().position(|(scope, _)| *scope == l.scope)
            && let Some(n) = self.by_scope.get_mut(i)
        {
            *n += l.findings.len();
        }
        for f in &l.findings {
            let row = self.rules.entry(f.rule.to_string()).or_insert_with(|| {
                match f.rule.meta().or_else(|| catalogue::lookup(&f.rule)) {
                    Some(meta) => RuleRow {
                        id: meta.id.to_string(),
                        title: meta.title.to_string(),
                        plugin: false,
                        severity: meta.severity,
                        order: f.order(),
                        count: 0,
                        citations: meta.citation_list(),
                    },
                    None => RuleRow {
                        id: f.rule.to_string(),
                        title: f.rule.to_string(),
                        plugin: true,
                        severity: f.severity,
                        order: f.order(),
                        count: 0,
                        citations: f.citations.clone(),
                    },
                }
            });
            row.count += 1;
        }
        // Whose findings: a record's count for its lead agency, an agency's for itself, a plan's for its lead
        // (or its first agency); those of enterprises and of the dataset belong to no agency.
        let readable = rec.filter(|_| l.error.is_none() && l.scope == Scope::Inspection);
        let owner: Option<String> = match l.scope {
            Scope::Inspection => readable.map(|r| r.lead_agency().to_string()),
            Scope::Agency => l.id.clone(),
            Scope::Plan => {
                l.id.as_deref()
                    .and_then(|id| ds.plan(id))
                    .and_then(|p| p.lead.clone().or_else(|| p.agencies.first().cloned()))
            }
            Scope::Enterprise | Scope::Dataset => None,
        };
        if !l.findings.is_empty() {
            if let Some(r) = readable {
                let counts = match self.record_counts.get_mut(r.lead_agency()) {
                    Some(c) => c,
                    None => self.record_counts.entry(r.lead_agency().to_string()).or_default(),
                };
                for f in &l.findings {
                    counts.add(f);
                }
            }
            let target = match owner {
                Some(a) => self.owner_counts.entry(a).or_default(),
                None => &mut self.unattributed,
            };
            for f in &l.findings {
                target.add(f);
            }
        }
        if l.scope == Scope::Enterprise
            && let Some(e) = l.id.as_deref().and_then(|id| self.enterprises.get_mut(id))
        {
            for f in &l.findings {
                e.counts.add(f);
            }
        }
        if l.scope != Scope::Inspection {
            for f in &l.findings {
                self.other_scopes.add(f);
            }
            return;
        }
        self.records += 1;
        let has = |sev: Severity| usize::from(l.findings.iter().any(|f| f.severity == sev));
        self.records_with.findings += usize::from(!l.findings.is_empty());
        self.records_with.violation += has(Severity::Violation);
        self.records_with.warning += has(Severity::Warning);
        self.records_with.info += has(Severity::Info);
        if l.is_clean() {
            self.clean += 1;
        }
        let Some(r) = readable else { return };
        let day = r.day();
        let violations: Vec<&Finding> = l.findings.iter().filter(|f| f.severity == Severity::Violation).collect();
        {
            use chrono::Datelike as _;
            let m = self.monthly.entry((day.year(), day.0.month())).or_default();
            m.records += 1;
            m.onsite += usize::from(r.is_onsite_inspection());
            m.with_violation += usize::from(!violations.is_empty());
            m.findings += l.findings.len();
        }
        if !violations.is_empty() {
            let (total, shown) = match self.problems.get_mut(r.lead_agency()) {
                Some(p) => p,
                None => self.problems.entry(r.lead_agency().to_string()).or_default(),
            };
            *total += 1;
            let key = (day, r.id().to_string());
            if shown.len() < PROBLEMS_SHOWN || shown.last_key_value().is_some_and(|(k, _)| *k > key) {
                let row = ProblemRecord {
                    id: r.id().to_string(),
                    day: day.to_string(),
                    enterprise_name: ds
                        .enterprise(r.enterprise())
                        .map_or(r.enterprise(), |x| x.name.as_str())
                        .to_string(),
                    violations: violations
                        .iter()
                        .map(|f| {
                            let meta = f.rule.meta().or_else(|| catalogue::lookup(&f.rule));
                            (
                                f.rule.to_string(),
                                meta.map_or_else(|| f.rule.to_string(), |m| m.title.to_string()),
                                meta.map_or_else(String::new, |m| m.remedy.to_string()),
                            )
                        })
                        .collect(),
                };
                shown.insert(key, row);
                if shown.len() > PROBLEMS_SHOWN {
                    shown.pop_last();
                }
            }
        }
        self.first_day = Some(self.first_day.map_or(day, |d| d.min(day)));
        self.last_day = Some(self.last_day.map_or(day, |d| d.max(day)));
        bump(&mut self.led, r.lead_agency());
        let onsite = r.is_onsite_inspection();
        let share = joint_share(r);
        for a in r.counted_agencies() {
            if !self.agencies.contains(a) {
                self.agencies.insert(a.to_string());
            }
            if onsite {
                bump(&mut self.onsite_by_agency, a);
            }
            if let Some((year, joint)) = share {
                let e = match self.rates.get_mut(&(a.to_string(), year)) {
                    Some(e) => e,
                    None => self.rates.entry((a.to_string(), year)).or_default(),
                };
                e.1 += 1;
                if joint {
                    e.0 += 1;
                }
            }
        }
        if onsite {
            self.onsite += 1;
            if r.is_joint() {
                self.joint_onsite += 1;
            }
        }
        let e = match self.enterprises.get_mut(r.enterprise()) {
            Some(e) => e,
            None => self.enterprises.entry(r.enterprise().to_string()).or_default(),
        };
        e.records += 1;
        if onsite && !r.is_joint() && !e.solo.contains(r.lead_agency()) {
            e.solo.insert(r.lead_agency().to_string());
        }
        if onsite {
            e.onsite += 1;
            for a in r.counted_agencies() {
                if !e.agencies.contains(a) {
                    e.agencies.insert(a.to_string());
                }
            }
        }
        for f in &l.findings {
            e.counts.add(f);
            e.high_frequency |= f.rule.is(Rule::AlertHighFrequency.meta());
            e.multi_agency |= f.rule.is(Rule::AlertMultiAgency.meta());
            let Some(order) = ALERTS.iter().position(|(id, _)| f.rule == *id) else { continue };
            let Some((rule, kind)) = ALERTS.get(order) else { continue };
            if let Some(n) = self.alert_counts.get_mut(order) {
                *n += 1;
            }
            let key = (day, r.id().to_string(), order, self.alert_counts.iter().sum());
            if self.alerts.len() >= ALERTS_SHOWN && self.alerts.last_key_value().is_some_and(|(k, _)| *k < key) {
                continue;
            }
            let row = AlertRow {
                rule,
                kind,
                day: day.to_string(),
                record: r.id().to_string(),
                enterprise: r.enterprise().to_string(),
                enterprise_name: ds.enterprise(r.enterprise()).map_or(r.enterprise(), |x| x.name.as_str()).to_string(),
                message: f.message.clone(),
                related: f.related.clone(),
                related_total: f.related_total,
            };
            self.alerts.insert(key, row);
            if self.alerts.len() > ALERTS_SHOWN {
                self.alerts.pop_last();
            }
        }
    }

    /// What was counted, with the dataset's names and the targets in force.
    pub fn finish(self, ds: &Dataset) -> Stats {
        let mut rules: Vec<RuleRow> = self.rules.into_values().collect();
        rules.sort_by(|a, b| {
            b.severity.cmp(&a.severity).then(b.count.cmp(&a.count)).then(a.order.cmp(&b.order)).then(a.id.cmp(&b.id))
        });
        let ids: BTreeSet<&str> = self
            .owner_counts
            .keys()
            .chain(self.led.keys())
            .chain(self.onsite_by_agency.keys())
            .map(String::as_str)
            .collect();
        let mut by_agency: Vec<AgencyRow> = ids
            .into_iter()
            .map(|id| AgencyRow {
                id: id.to_string(),
                name: ds.agency_name(id).to_string(),
                counts: self.owner_counts.get(id).copied().unwrap_or_default(),
                records: self.record_counts.get(id).copied().unwrap_or_default(),
                led: self.led.get(id).copied().unwrap_or(0),
                onsite: self.onsite_by_agency.get(id).copied().unwrap_or(0),
            })
            .collect();
        by_agency.sort_by(|a, b| {
            b.counts
                .violation
                .cmp(&a.counts.violation)
                .then(b.counts.findings.cmp(&a.counts.findings))
                .then(b.onsite.cmp(&a.onsite))
                .then(a.id.cmp(&b.id))
        });
        // Agency pairs by the enterprises each inspected on site on its own (a joint inspection is no overlap).
        let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for e in self.enterprises.values() {
            let list: Vec<&str> = e.solo.iter().map(String::as_str).collect();
            for (i, a) in list.iter().enumerate() {
                for b in list.iter().skip(i + 1) {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut overlaps: Vec<Overlap> = pairs
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|((a, b), n)| Overlap {
                a: a.to_string(),
                a_name: ds.agency_name(a).to_string(),
                b: b.to_string(),
                b_name: ds.agency_name(b).to_string(),
                enterprises: n,
            })
            .collect();
        overlaps.sort_by(|x, y| y.enterprises.cmp(&x.enterprises).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
        overlaps.truncate(OVERLAPS_SHOWN);
        let mut problems: Vec<ProblemAgency> = self
            .problems
            .into_iter()
            .map(|(agency, (total, shown))| ProblemAgency {
                name: ds.agency_name(&agency).to_string(),
                agency,
                total,
                records: shown.into_values().collect(),
            })
            .collect();
        problems.sort_by(|a, b| b.total.cmp(&a.total).then(a.agency.cmp(&b.agency)));
        let monthly: Vec<MonthRow> =
            self.monthly.into_iter().map(|((y, m), row)| MonthRow { month: format!("{y:04}-{m:02}"), ..row }).collect();
        let enterprises = self.enterprises.len();
        let burdened = self.enterprises.values().filter(|e| e.onsite > 0).count();
        let mut burden: Vec<EnterpriseRow> = self
            .enterprises
            .into_iter()
            .filter(|(_, e)| e.onsite > 0)
            .map(|(id, e)| EnterpriseRow {
                name: ds.enterprise(&id).map_or(id.as_str(), |x| x.name.as_str()).to_string(),
                id,
                onsite: e.onsite,
                records: e.records,
                agencies: e.agencies.len(),
                counts: e.counts,
                high_frequency: e.high_frequency,
                multi_agency: e.multi_agency,
            })
            .collect();
        burden.sort_by(|a, b| {
            b.onsite
                .cmp(&a.onsite)
                .then(b.agencies.cmp(&a.agencies))
                .then(b.counts.findings.cmp(&a.counts.findings))
                .then(a.id.cmp(&b.id))
        });
        burden.truncate(BURDEN_TOP);
        Stats {
            records: self.records,
            clean: self.clean,
            unreadable: self.tally.errors,
            violation: self.tally.violation,
            warning: self.tally.warning,
            info: self.tally.info,
            first_day: self.first_day.map(|d| d.to_string()),
            last_day: self.last_day.map(|d| d.to_string()),
            enterprises,
            agencies: self.agencies.len(),
            onsite: self.onsite,
            joint_onsite: self.joint_onsite,
            by_scope: SCOPES.iter().zip(self.by_scope).map(|((_, zh), n)| (*zh, n)).collect(),
            records_with: self.records_with,
            other_scopes: self.other_scopes,
            rules,
            by_agency,
            unattributed: self.unattributed,
            burden,
            burdened,
            alert_counts: self.alert_counts,
            alerts: self.alerts.into_values().collect(),
            joint: joint_rows(self.rates.iter().map(|((a, y), n)| ((a.as_str(), *y), *n)), ds),
            monthly,
            problems,
            overlaps,
        }
    }
}

impl Stats {
    /// Findings in all.
    pub fn total(&self) -> usize {
        self.violation + self.warning + self.info
    }

    /// Monitoring alerts in all.
    pub fn alerts_total(&self) -> usize {
        self.alert_counts.iter().sum()
    }
}
