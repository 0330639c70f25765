//! The dataset (reference data): agencies, inspectors, enterprises, items, plans, policy and calendar.
//!
//! Core does no I/O: the host reads a directory's files (or one JSON object) and hands their texts here.
//! Loading checks shape (unknown fields, bad values) and id uniqueness; both are errors that name the file, line
//! and path, because checking records against an ambiguous dataset would give answers nobody could trust.
//! Dangling references inside the dataset are findings, not errors (see `rules::dataset`).

/// An index from id to position in one of the dataset's lists. It stores positions only (4 bytes each) and
/// compares against the ids in the list itself, so that a province's million enterprise ids are not copied.
#[derive(Clone, Debug, Default)]
struct Ix {
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl Ix {
    /// The position of `key`, given how to read the id at a position.
    fn get<'a>(&self, key: &str, id_at: impl Fn(usize) -> Option<&'a str>) -> Option<usize> {
        use std::hash::BuildHasher;
        let h = self.hasher.hash_one(key);
        self.table.find(h, |&i| id_at(i as usize) == Some(key)).map(|&i| i as usize)
    }
}

use serde::Deserialize;

use crate::calendar::{Calendar, YearSchedule};
use crate::error::{InputError, parse_json};
use crate::model::{Agency, Enterprise, Inspection, InspectionItem, Inspector, Plan};
use crate::policy::Policy;

/// The file names of the directory form, in the order they are read.
pub const FILES: &[&str] = &[
    "agencies.json",
    "inspectors.json",
    "enterprises.json",
    "items.json",
    "plans.json",
    "policy.toml",
    "calendar.json",
];

/// The one-object form of a dataset: keys are the file names without `.json`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetObject {
    /// Agencies (required).
    pub agencies: Vec<Agency>,
    /// Inspectors.
    #[serde(default)]
    pub inspectors: Vec<Inspector>,
    /// Enterprises.
    #[serde(default)]
    pub enterprises: Vec<Enterprise>,
    /// The published item catalogue.
    #[serde(default)]
    pub items: Vec<InspectionItem>,
    /// Plans.
    #[serde(default)]
    pub plans: Vec<Plan>,
    /// Policy overrides (the keys of `policy.toml`).
    #[serde(default)]
    #[schemars(with = "Option<crate::policy::PolicyFile>")]
    pub policy: Option<serde_json::Value>,
    /// Extra holiday years.
    #[serde(default)]
    pub calendar: Option<Vec<YearSchedule>>,
}

/// A loaded, indexed dataset with the policy and calendar in force.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Agencies.
    pub agencies: Vec<Agency>,
    /// Inspectors.
    pub inspectors: Vec<Inspector>,
    /// Enterprises.
    pub enterprises: Vec<Enterprise>,
    /// Items.
    pub items: Vec<InspectionItem>,
    /// Plans.
    pub plans: Vec<Plan>,
    /// Policy in force.
    pub policy: Policy,
    /// Working-day calendar.
    pub calendar: Calendar,
    agency_ix: Ix,
    inspector_ix: Ix,
    enterprise_ix: Ix,
    item_ix: Ix,
    plan_ix: Ix,
}

/// Where each part of the dataset was read from, for error messages.
struct Sources<'a> {
    /// Whether all parts come from one object (paths then start with the part's key).
    object: bool,
    agencies: (&'a str, &'a str),
    inspectors: (&'a str, &'a str),
    enterprises: (&'a str, &'a str),
    items: (&'a str, &'a str),
    plans: (&'a str, &'a str),
}

impl Dataset {
    /// Loads the one-object form; `file` names it in errors.
    pub fn from_object(file: &str, text: &str) -> Result<Dataset, InputError> {
        let obj: DatasetObject = parse_json(file, text)?;
        let mut policy = Policy::default();
        if let Some(p) = obj.policy {
            policy.apply_json(file, p)?;
        }
        let mut calendar = Calendar::built_in();
        if let Some(c) = &obj.calendar {
            calendar.add_schedules(file, c).map_err(|mut e| {
                e.path = format!("/calendar{}", e.path);
                e
            })?;
        }
        let src = (file, text);
        let sources =
            Sources { object: true, agencies: src, inspectors: src, enterprises: src, items: src, plans: src };
        Dataset::assemble(
            obj.agencies,
            obj.inspectors,
            obj.enterprises,
            obj.items,
            obj.plans,
            policy,
            calendar,
            sources,
        )
    }

    /// Loads the directory form from `(file name, text)` pairs; names outside [`FILES`] are an error.
    /// `agencies.json` is required; every other file is optional.
    pub fn from_files(dir: &str, files: &[(String, String)]) -> Result<Dataset, InputError> {
        let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str());
        if let Some((n, _)) = files.iter().find(|(n, _)| !FILES.contains(&n.as_str())) {
            return Err(InputError::new(
                &format!("{dir}/{n}"),
                0,
                0,
                "",
                format!("数据集中不认识的文件 / unknown dataset file; expected one of {}", FILES.join(", ")),
            ));
        }
        let path = |n: &str| format!("{dir}/{n}");
        let Some(agencies_text) = get("agencies.json") else {
            return Err(InputError::new(
                &path("agencies.json"),
                0,
                0,
                "",
                "缺少必需的文件 agencies.json / the dataset must have agencies.json",
            ));
        };
        let names: Vec<String> = ["agencies.json", "inspectors.json", "enterprises.json", "items.json", "plans.json"]
            .iter()
            .map(|n| path(n))
            .collect();
        let name = |i: usize| names.get(i).map_or("", String::as_str);
        // The large files (a province lists millions of enterprises) are read side by side; errors are reported
        // in the files' order.
        let ((agencies, inspectors), (enterprises, (items, plans))) = crate::par::join(
            || {
                let agencies = parse_json::<Vec<Agency>>(name(0), agencies_text);
                let inspectors = get("inspectors.json").map(|t| parse_json::<Vec<Inspector>>(name(1), t)).transpose();
                (agencies, inspectors)
            },
            || {
                crate::par::join(
                    || get("enterprises.json").map(|t| parse_json::<Vec<Enterprise>>(name(2), t)).transpose(),
                    || {
                        let items =
                            get("items.json").map(|t| parse_json::<Vec<InspectionItem>>(name(3), t)).transpose();
                        let plans = get("plans.json").map(|t| parse_json::<Vec<Plan>>(name(4), t)).transpose();
                        (items, plans)
                    },
                )
            },
        );
        let agencies = agencies?;
        let inspectors = inspectors?.unwrap_or_default();
        let enterprises = enterprises?.unwrap_or_default();
        let items = items?.unwrap_or_default();
        let plans = plans?.unwrap_or_default();
        let mut policy = Policy::default();
        if let Some(t) = get("policy.toml") {
            policy.apply_toml(&path("policy.toml"), t)?;
        }
        let mut calendar = Calendar::built_in();
        if let Some(t) = get("calendar.json") {
            calendar.add_json(&path("calendar.json"), t)?;
        }
        let sources = Sources {
            object: false,
            agencies: (name(0), agencies_text),
            inspectors: (name(1), get("inspectors.json").unwrap_or("")),
            enterprises: (name(2), get("enterprises.json").unwrap_or("")),
            items: (name(3), get("items.json").unwrap_or("")),
            plans: (name(4), get("plans.json").unwrap_or("")),
        };
        Dataset::assemble(agencies, inspectors, enterprises, items, plans, policy, calendar, sources)
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the parts of a dataset, each read on its own core, come together once here"
    )]
    fn assemble(
        agencies: Vec<Agency>,
        inspectors: Vec<Inspector>,
        enterprises: Vec<Enterprise>,
        items: Vec<InspectionItem>,
        plans: Vec<Plan>,
        policy: Policy,
        calendar: Calendar,
        src: Sources<'_>,
    ) -> Result<Dataset, InputError> {
        let o = src.object;
        let agency_ix = index(o, "agencies", src.agencies, agencies.iter().map(|a| a.id.as_str()))?;
        let inspector_ix = index(o, "inspectors", src.inspectors, inspectors.iter().map(|a| a.id.as_str()))?;
        let enterprise_ix = index(o, "enterprises", src.enterprises, enterprises.iter().map(|a| a.id.as_str()))?;
        let item_ix = index(o, "items", src.items, items.iter().map(|a| a.id.as_str()))?;
        let plan_ix = index(o, "plans", src.plans, plans.iter().map(|a| a.id.as_str()))?;
        check_plans(o, src.plans, &plans)?;
        Ok(Dataset {
            agencies,
            inspectors,
            enterprises,
            items,
            plans,
            policy,
            calendar,
            agency_ix,
            inspector_ix,
            enterprise_ix,
            item_ix,
            plan_ix,
        })
    }

    /// Builds a dataset from parts already in memory (tests, generators, the browser API).
    pub fn from_parts(
        agencies: Vec<Agency>,
        inspectors: Vec<Inspector>,
        enterprises: Vec<Enterprise>,
        items: Vec<InspectionItem>,
        plans: Vec<Plan>,
        policy: Policy,
        calendar: Calendar,
    ) -> Result<Dataset, InputError> {
        let src = ("dataset", "");
        let sources =
            Sources { object: true, agencies: src, inspectors: src, enterprises: src, items: src, plans: src };
        Dataset::assemble(agencies, inspectors, enterprises, items, plans, policy, calendar, sources)
    }

    /// The agency with this id.
    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agency_ix.get(id, |i| self.agencies.get(i).map(|x| x.id.as_str())).and_then(|i| self.agencies.get(i))
    }
    /// The inspector with this id.
    pub fn inspector(&self, id: &str) -> Option<&Inspector> {
        self.inspector_ix
            .get(id, |i| self.inspectors.get(i).map(|x| x.id.as_str()))
            .and_then(|i| self.inspectors.get(i))
    }
    /// The enterprise with this USCC.
    pub fn enterprise(&self, id: &str) -> Option<&Enterprise> {
        self.enterprise_ix
            .get(id, |i| self.enterprises.get(i).map(|x| x.id.as_str()))
            .and_then(|i| self.enterprises.get(i))
    }
    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&InspectionItem> {
        self.item_ix.get(id, |i| self.items.get(i).map(|x| x.id.as_str())).and_then(|i| self.items.get(i))
    }
    /// The plan with this id.
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plan_ix.get(id, |i| self.plans.get(i).map(|x| x.id.as_str())).and_then(|i| self.plans.get(i))
    }

    /// The organ in whose name an agency acts: for an entrusted organization (受委托组织) with a valid entrusting
    /// organ, that organ (行政处罚法 art. 20; 54号 二 Q&A); for every other agency, itself. An entrusting organ that
    /// is unknown, or itself an entrusted organization (which may not entrust again), is no organ: the
    /// organization then stands for itself, and `subject.invalid-entrustment` says why.
    pub fn organ<'a>(&'a self, id: &'a str) -> &'a str {
        use crate::model::AgencyKind::EntrustedOrganization;
        match self.agency(id) {
            Some(a) if a.kind == EntrustedOrganization => a
                .entrusted_by
                .as_deref()
                .filter(|by| self.agency(by).is_some_and(|o| o.kind != EntrustedOrganization))
                .unwrap_or(id),
            _ => id,
        }
    }

    /// The counted agencies of a record, each as the organ it acts for: the lead, every joint agency and
    /// `delegated_by`, without repeats, in that order (rules.md "Counted agencies"); in time linear in their
    /// number, with a fast membership test.
    pub fn counted_agencies<'a>(&'a self, r: &'a Inspection) -> crate::par::Distinct<&'a str> {
        let mut out = crate::par::Distinct::with_capacity(2 + r.joint_agencies.len());
        let all = std::iter::once(r.lead_agency.as_str())
            .chain(r.joint_agencies.iter().map(String::as_str))
            .chain(r.delegated_by.as_deref());
        for a in all.map(|a| self.organ(a)) {
            out.insert(a);
        }
        out
    }

    /// Whether a record is a joint inspection: a joint agency that acts for another organ than the lead does
    /// (an agency listed as joint with itself, or with its own entrusted organization, is not a second agency).
    pub fn is_joint(&self, r: &Inspection) -> bool {
        let lead = self.organ(&r.lead_agency);
        r.joint_agencies.iter().any(|a| self.organ(a) != lead)
    }

    /// Whether a record is exempt from the frequency cap ([`Inspection::is_exempt`], with its plan looked up).
    pub fn is_exempt(&self, r: &Inspection) -> bool {
        r.is_exempt(r.plan.as_deref().and_then(|p| self.plan(p)))
    }

    /// The agency's name for messages (its id when unknown).
    pub fn agency_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.agency(id).map_or(id, |a| a.name.as_str())
    }

    /// The inspector's name for messages (its id when unknown).
    pub fn inspector_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.inspector(id).map_or(id, |a| a.name.as_str())
    }
}

fn index<'a>(
    object: bool,
    what: &str,
    (file, text): (&str, &str),
    ids: impl Iterator<Item = &'a str>,
) -> Result<Ix, InputError> {
    use std::hash::BuildHasher;
    let ids: Vec<&str> = ids.collect();
    let mut ix = Ix::default();
    for (i, id) in ids.iter().enumerate() {
        let h = ix.hasher.hash_one(id);
        let first = ix.table.find(h, |&j| ids.get(j as usize) == Some(id)).map(|&j| j as usize);
        if let Some(first) = first {
            let path = if object { format!("/{what}/{i}/id") } else { format!("/{i}/id") };
            return Err(InputError::new(
                file,
                nth_line_of(text, &format!("\"{id}\""), 2),
                0,
                path,
                format!("id `{id}` 重复（首次出现于第{}项）/ duplicate id `{id}` (first at index {first})", first + 1),
            ));
        }
        let Ok(pos) = u32::try_from(i) else {
            return Err(InputError::new(file, 0, 0, format!("/{what}"), format!("{what} 条目过多 / too many {what}")));
        };
        let hasher = &ix.hasher;
        ix.table.insert_unique(h, pos, |&j| ids.get(j as usize).map_or(0, |x| hasher.hash_one(x)));
    }
    Ok(ix)
}

/// What the contract requires of plans beyond their shape: one or more agencies, durations that are numbers of
/// days (not negative).
fn check_plans(object: bool, (file, text): (&str, &str), plans: &[Plan]) -> Result<(), InputError> {
    let base = |i: usize| {
        if object { format!("/plans/{i}") } else { format!("/{i}") }
    };
    for (i, p) in plans.iter().enumerate() {
        let line = nth_line_of(text, &format!("\"{}\"", p.id), 1);
        if p.agencies.is_empty() {
            return Err(InputError::new(
                file,
                line,
                0,
                format!("{}/agencies", base(i)),
                format!("检查计划`{}`须至少有一个实施部门 / plan `{}` must name one or more agencies", p.id, p.id),
            ));
        }
        for (j, e) in p.entries.iter().enumerate() {
            if !e.duration_days.is_finite() || e.duration_days < 0.0 {
                return Err(InputError::new(
                    file,
                    line,
                    0,
                    format!("{}/entries/{j}/duration_days", base(i)),
                    format!(
                        "检查时长须为非负天数，实为{} / duration_days must be a non-negative number of days",
                        e.duration_days
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The line of the n-th occurrence of `needle` in `text` (0 when not found).
fn nth_line_of(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle)
        .nth(n.saturating_sub(1))
        .map_or(0, |(b, _)| text.get(..b).map_or(0, |s| s.matches('\n').count() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_form_and_duplicate_ids() {
        let ok = r#"{"agencies": [{"id": "A", "name": "甲", "kind": "administrative-organ"}]}"#;
        assert!(Dataset::from_object("d.json", ok).is_ok_and(|d| d.agency("A").is_some()));
        let dup = "{\"agencies\": [\n{\"id\": \"A\", \"name\": \"甲\", \"kind\": \"administrative-organ\"},\n{\"id\": \"A\", \"name\": \"乙\", \"kind\": \"administrative-organ\"}]}";
        let e = Dataset::from_object("d.json", dup).err();
        assert_eq!(e.map(|e| (e.line, e.path)), Some((3, "/agencies/1/id".to_string())));
    }

    #[test]
    fn directory_form_needs_agencies_and_known_files() {
        let files = vec![("items.json".to_string(), "[]".to_string())];
        assert!(Dataset::from_files("ds", &files).is_err());
        let files =
            vec![("agencies.json".to_string(), "[]".to_string()), ("enterprise.json".to_string(), "[]".to_string())];
        let e = Dataset::from_files("ds", &files).err();
        assert_eq!(e.map(|e| e.file), Some("ds/enterprise.json".to_string()));
    }

    #[test]
    fn policy_errors_name_the_object_path() {
        let text = r#"{"agencies": [], "policy": {"onsite_cap": 3}}"#;
        let e = Dataset::from_object("d.json", text).err();
        assert_eq!(e.map(|e| e.path), Some("/policy/onsite_cap".to_string()));
    }
}
