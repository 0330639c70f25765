//! The guest SDK for Jiancha department plugins.
//!
//! A department writes a type that implements [`Plugin`] — its metadata and a `check` of one record — and
//! exports it with [`export_plugin!`]. The SDK does the rest: it decodes the batch the host sends (the
//! inspection as the data contract's typed [`Inspection`], the enterprise, the plugin's own `sector_data` entry),
//! fills each finding's severity and citations from the rule catalogue, and encodes the answer.
//!
//! ```ignore
//! use jiancha_plugin_sdk::prelude::*;
//!
//! struct Fire;
//! impl Plugin for Fire {
//!     fn meta() -> Meta {
//!         Meta::new("fire", "消防检查", "磐安县消防救援大队", "0.1.0")
//!             .industries(&["C", "H"])
//!             .rule(RuleDef::new("fire.exits-blocked", Severity::Violation, "安全出口堵塞", "exits blocked")
//!                 .cite("fire-law-2021", "art. 28"))
//!     }
//!     fn check(record: &Record) -> Vec<Finding> {
//!         #[derive(serde::Deserialize)]
//!         struct Data { exits_blocked: bool }
//!         match record.sector::<Data>() {
//!             Ok(d) if d.exits_blocked => vec![Finding::new("fire.exits-blocked", "安全出口被堵塞", "exits were blocked")
//!                 .at("/sector_data/fire/exits_blocked")],
//!             _ => vec![],
//!         }
//!     }
//! }
//! export_plugin!(Fire);
//! ```
//!
//! The same type is tested natively with `cargo test` through [`testing`], on the plugin's test vectors.
//! A plugin imports nothing: it cannot read files, the network, clocks, randomness or the environment.

// The bindings name the crate by its external name so that they work from the plugins that use them.
extern crate self as jiancha_plugin_sdk;

pub mod testing;

/// Bindings generated from `plugins/wit` (the `checker` world).
#[allow(missing_docs, missing_debug_implementations, clippy::all, unsafe_code)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../wit",
        world: "checker",
        pub_export_macro: true,
        export_macro_name: "__export_checker",
        default_bindings_module: "jiancha_plugin_sdk::bindings",
        runtime_path: "jiancha_plugin_sdk::__wit_bindgen::rt",
    });
}

#[doc(hidden)]
pub use wit_bindgen as __wit_bindgen;

pub use jiancha_core::model::{Enterprise, Inspection};
pub use jiancha_core::time::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Everything a plugin usually needs.
pub mod prelude {
    pub use crate::{Enterprise, Finding, Inspection, Meta, Plugin, Record, RuleDef, Severity, export_plugin};
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A suggestion.
    Info,
    /// Worth a look.
    Warning,
    /// A breach.
    Violation,
}

/// A rule of the plugin's catalogue. Its id is `<plugin-id>.<name>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleDef {
    /// `<plugin-id>.<name>`, kebab-case.
    pub id: String,
    /// Severity of every finding of the rule.
    pub severity: Severity,
    /// Chinese title.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// `(source, article)` pairs.
    pub citations: Vec<(String, String)>,
}

impl RuleDef {
    /// A rule with its id, severity and titles.
    pub fn new(id: &str, severity: Severity, title: &str, title_en: &str) -> Self {
        RuleDef { id: id.into(), severity, title: title.into(), title_en: title_en.into(), citations: Vec::new() }
    }

    /// Adds a citation.
    pub fn cite(mut self, source: &str, article: &str) -> Self {
        self.citations.push((source.into(), article.into()));
        self
    }
}

/// The plugin's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Lower-case id, also the key of the plugin's `sector_data` entry.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// The department that ships it.
    pub department: String,
    /// Semantic version.
    pub version: String,
    /// GB/T 4754 prefixes it applies to.
    pub industries: Vec<String>,
    /// Enterprise tags it applies to.
    pub tags: Vec<String>,
    /// Its rules.
    pub rules: Vec<RuleDef>,
}

impl Meta {
    /// Metadata with id, name, department and version.
    pub fn new(id: &str, name: &str, department: &str, version: &str) -> Self {
        Meta {
            id: id.into(),
            name: name.into(),
            department: department.into(),
            version: version.into(),
            industries: Vec::new(),
            tags: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// The GB/T 4754 prefixes it applies to.
    pub fn industries(mut self, prefixes: &[&str]) -> Self {
        self.industries = prefixes.iter().map(|s| s.to_string()).collect();
        self
    }

    /// The enterprise tags it applies to.
    pub fn tags(mut self, tags: &[&str]) -> Self {
        self.tags = tags.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Adds a rule.
    pub fn rule(mut self, rule: RuleDef) -> Self {
        self.rules.push(rule);
        self
    }

    /// The rule with this id.
    pub fn find(&self, id: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Whether the plugin applies to an enterprise (by industry prefix or tag).
    pub fn applies_to(&self, industry: &str, tags: &[String]) -> bool {
        jiancha_core::model::in_plugin_scope(industry, tags, &self.industries, &self.tags)
    }
}

/// One record to check.
///
/// The inspection is decoded only when the plugin first asks for it, so a plugin that needs only its
/// `sector_data` entry does not pay for decoding the whole record.
#[derive(Clone, Debug)]
pub struct Record {
    raw: String,
    inspection: std::cell::OnceCell<Option<Inspection>>,
    /// The plugin's `sector_data` entry as JSON text (`null` when absent).
    sector_raw: String,
    /// The policy date as sent (`YYYY-MM-DD`).
    date_raw: String,
    /// The enterprise.
    pub enterprise: Enterprise,
}

impl Record {
    /// The inspection, typed as in the data contract. `None` only if the host sent a record that is not one
    /// (it never does: it serialises the record it has already checked).
    pub fn inspection(&self) -> Option<&Inspection> {
        self.inspection.get_or_init(|| serde_json::from_str(&self.raw).ok()).as_ref()
    }

    /// The day whose standards apply: the inspection day (Asia/Shanghai).
    pub fn policy_date(&self) -> Option<Date> {
        Date::parse(&self.date_raw).ok().or_else(|| self.inspection().map(Inspection::day))
    }

    /// The plugin's `sector_data` entry decoded into the plugin's own type.
    pub fn sector<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_str(&self.sector_raw).map_err(|e| e.to_string())
    }

    /// The plugin's `sector_data` entry as an untyped JSON value (null when absent or unreadable).
    pub fn sector_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.sector_raw).unwrap_or(serde_json::Value::Null)
    }

    /// A record from an inspection and its enterprise, taking `sector_data.<plugin>` (for tests and tools).
    pub fn from_inspection(plugin: &str, inspection: Inspection, enterprise: Enterprise) -> Record {
        let sector_raw = inspection.sector_data.get(plugin).map_or_else(|| "null".to_string(), |v| v.to_string());
        let date_raw = inspection.day().to_string();
        Record { raw: String::new(), inspection: Some(inspection).into(), sector_raw, date_raw, enterprise }
    }
}

/// A finding. Severity and citations default to the rule's, from the plugin's catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Severity; `None` takes the rule's.
    pub severity: Option<Severity>,
    /// Chinese message stating the facts.
    pub message: String,
    /// English message.
    pub message_en: String,
    /// Citations; empty takes the rule's.
    pub citations: Vec<(String, String)>,
    /// JSON pointer into the record.
    pub path: String,
    /// Other record ids it rests on.
    pub related: Vec<String>,
}

impl Finding {
    /// A finding of `rule` with its Chinese and English messages.
    pub fn new(rule: &str, message: impl Into<String>, message_en: impl Into<String>) -> Self {
        Finding {
            rule: rule.into(),
            severity: None,
            message: message.into(),
            message_en: message_en.into(),
            citations: Vec::new(),
            path: String::new(),
            related: Vec::new(),
        }
    }

    /// The field concerned, as a JSON pointer into the record (`/sector_data/<plugin>/…`).
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// An extra citation (the rule's own are used when none is given).
    pub fn cite(mut self, source: &str, article: &str) -> Self {
        self.citations.push((source.into(), article.into()));
        self
    }

    /// Other records the finding rests on.
    pub fn related(mut self, ids: Vec<String>) -> Self {
        self.related = ids;
        self
    }

    /// Fills severity and citations from the catalogue.
    pub fn complete(mut self, meta: &Meta) -> Self {
        if let Some(rule) = meta.find(&self.rule) {
            self.severity.get_or_insert(rule.severity);
            if self.citations.is_empty() {
                self.citations = rule.citations.clone();
            }
        }
        self
    }
}

/// A department's checking plugin.
pub trait Plugin {
    /// Metadata and rule catalogue.
    fn meta() -> Meta;
    /// Findings of one record. Called only for records that carry the plugin's `sector_data` entry and whose
    /// enterprise the plugin applies to.
    fn check(record: &Record) -> Vec<Finding>;
}

/// The adapter between the WIT bindings and a [`Plugin`]; used by [`export_plugin!`].
#[doc(hidden)]
pub mod adapter {
    use super::*;
    use crate::bindings as wit;

    fn severity(s: Severity) -> wit::Severity {
        match s {
            Severity::Info => wit::Severity::Info,
            Severity::Warning => wit::Severity::Warning,
            Severity::Violation => wit::Severity::Violation,
        }
    }

    fn citations(c: &[(String, String)]) -> Vec<wit::Citation> {
        c.iter().map(|(s, a)| wit::Citation { source: s.clone(), article: a.clone() }).collect()
    }

    /// `meta` of the world.
    pub fn meta<P: Plugin>() -> wit::PluginMeta {
        let m = P::meta();
        wit::PluginMeta {
            id: m.id,
            name: m.name,
            department: m.department,
            version: m.version,
            industries: m.industries,
            tags: m.tags,
            rules: m
                .rules
                .iter()
                .map(|r| wit::RuleInfo {
                    id: r.id.clone(),
                    severity: severity(r.severity),
                    title: r.title.clone(),
                    title_en: r.title_en.clone(),
                    citations: citations(&r.citations),
                })
                .collect(),
        }
    }

    /// Wraps one input; the inspection is decoded on first use.
    pub fn decode(input: wit::CheckInput) -> Record {
        let e = input.enterprise;
        Record {
            raw: input.inspection,
            inspection: std::cell::OnceCell::new(),
            enterprise: Enterprise {
                id: e.id.into(),
                name: e.name,
                industry: e.industry.into(),
                risk_color: None,
                credit_class: None,
                tags: e.tags,
            },
            sector_raw: input.sector_data,
            date_raw: input.policy_date,
        }
    }

    /// `check` of the world: one list of findings per input, in order.
    ///
    /// A `sector_data` entry that is not JSON the plugin can decode (a lone surrogate `\ud800`, which JSON
    /// text may carry but no string can hold) stops the call with a panic instead of letting the plugin see
    /// nothing: the host then reports `plugin.failed` on that record, where silence would have hidden its
    /// findings.
    #[expect(clippy::panic, reason = "a trap is how a plugin tells the host that a record failed")]
    pub fn check<P: Plugin>(batch: Vec<wit::CheckInput>) -> Vec<Vec<wit::Finding>> {
        let meta = P::meta();
        batch
            .into_iter()
            .map(|input| {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&input.sector_data) {
                    panic!("jiancha-plugin-sdk: the record's sector_data cannot be decoded: {e}");
                }
                P::check(&decode(input)).into_iter().map(|f| encode(f.complete(&meta))).collect()
            })
            .collect()
    }

    fn encode(f: Finding) -> wit::Finding {
        wit::Finding {
            rule: f.rule,
            severity: severity(f.severity.unwrap_or(Severity::Warning)),
            message: f.message,
            message_en: f.message_en,
            citations: citations(&f.citations),
            path: f.path,
            related: f.related,
        }
    }
}

/// Exports a [`Plugin`] as the component's `checker` world.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        #[doc(hidden)]
        pub struct __JianchaExport;
        impl $crate::bindings::Guest for __JianchaExport {
            fn meta() -> $crate::bindings::PluginMeta {
                $crate::adapter::meta::<$plugin>()
            }
            fn check(
                batch: ::std::vec::Vec<$crate::bindings::CheckInput>,
            ) -> ::std::vec::Vec<::std::vec::Vec<$crate::bindings::Finding>> {
                $crate::adapter::check::<$plugin>(batch)
            }
        }
        $crate::bindings::__export_checker!(__JianchaExport with_types_in $crate::bindings);
    };
}
