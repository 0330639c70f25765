//! Department plugins in the service. The admin installs a signed plugin (its manifest and component) through the
//! API; it is verified against the keys and revocation lists the service was started with, loaded with every other
//! plugin in force, and only a set that loads whole is stored and put in force (requests in flight finish on the
//! old set; a plugin that is refused leaves the old set as it was). Every instance picks up a set installed through
//! another within [`crate::BUNDLE_POLL`].

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use jiancha_core::engine::Input;
use jiancha_core::{Dataset, Finding};
use jiancha_plugin_host::manifest::Manifest;
use jiancha_plugin_host::{Limits, PluginSet, TrustPolicy};
use jiancha_store::StoredPlugin;

/// How the service treats plugins: whom it trusts, and the sandbox's limits.
#[derive(Clone, Debug, Default)]
pub struct PluginConfig {
    pub trust: TrustPolicy,
    pub limits: Limits,
    /// Where compiled components are cached (none: compiled at every load).
    pub cache_dir: Option<PathBuf>,
}

/// The plugins in force: swapped whole.
#[derive(Debug, Default)]
pub struct InForce {
    /// The store's plugin revision this set was loaded at (0: none installed).
    pub revision: i64,
    /// The loaded plugins; `None` when none is installed.
    pub set: Option<PluginSet>,
    /// `id@version sha256` of each, for the decision log.
    pub tags: Vec<String>,
    /// Records on which a plugin failed (`plugin.failed`), by plugin, since this set was put in force.
    pub failures: Mutex<BTreeMap<String, u64>>,
}

impl InForce {
    /// Loads the stored plugins. `strict` (an install): the first that does not load (refused, or unable to start)
    /// is the error. Otherwise (a start, a set installed through another instance) a plugin that no longer loads
    /// — its key revoked or no longer trusted here — is kept as broken: each record with its sector data gets
    /// `plugin.failed`, so that no record passes for checked by it.
    pub fn load(
        revision: i64,
        stored: &[StoredPlugin],
        config: &PluginConfig,
        strict: bool,
    ) -> Result<InForce, String> {
        if stored.is_empty() {
            return Ok(InForce { revision, ..InForce::default() });
        }
        let mut set = PluginSet::new(config.limits, config.cache_dir.clone()).map_err(|e| format!("{e:#}"))?;
        for p in stored {
            let manifest: Manifest = serde_json::from_str(&p.manifest).map_err(|e| {
                format!("插件 {} 的清单无效 / the manifest of plugin `{}` is malformed: {e}", p.id, p.id)
            })?;
            if manifest.id != p.id {
                return Err(format!(
                    "清单的 id `{}` 不是 `{}` / the manifest's id `{}` is not `{}`",
                    manifest.id, p.id, manifest.id, p.id
                ));
            }
            let loaded =
                set.load_parts(PathBuf::from(format!("{}.manifest.json", p.id)), manifest, &p.component, &config.trust);
            match loaded {
                Err(e) if strict => return Err(format!("{e:#}")),
                Err(e) => {
                    tracing::error!(target: "jiancha::plugin", plugin = %p.id, error = %e, "an installed plugin does not load here: its records get plugin.failed");
                    set.broken.push((p.id.clone(), format!("无法加载 / could not be loaded: {e}")));
                }
                Ok(()) => {}
            }
            if strict && let Some((id, why)) = set.broken.first() {
                return Err(format!("插件 {id} 无法启动 / plugin `{id}` cannot start: {why}"));
            }
        }
        let tags =
            set.plugins.iter().map(|p| format!("{}@{} {}", p.info.id, p.info.version, p.manifest.sha256)).collect();
        Ok(InForce { revision, set: Some(set), tags, failures: Mutex::default() })
    }

    /// What the admin sees of the set: each plugin's id, version, department, rules and signature verdict.
    pub fn describe(&self) -> serde_json::Value {
        let list: Vec<serde_json::Value> = self
            .set
            .iter()
            .flat_map(|s| &s.plugins)
            .map(|p| {
                serde_json::json!({
                    "id": p.info.id,
                    "name": p.info.name,
                    "version": p.info.version,
                    "department": p.info.department,
                    "sha256": p.manifest.sha256,
                    "verified": p.trust.is_verified(),
                    "industries": p.info.industries,
                    "rules": p.info.rules,
                })
            })
            .collect();
        serde_json::json!({ "revision": self.revision, "plugins": list })
    }

    /// The plugins' findings for `inputs` (numbered as a file's lines), by line. A plugin's failure on a record
    /// (`plugin.failed`) is counted and logged.
    pub fn findings(&self, ds: &Dataset, inputs: &[Input]) -> HashMap<usize, Vec<Finding>> {
        let Some(set) = &self.set else { return HashMap::new() };
        let records: Vec<(usize, &jiancha_core::Inspection, Option<&str>)> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::Record { line, inspection } if !inspection.sector_data.is_empty() => {
                    Some((*line, &**inspection, None))
                }
                _ => None,
            })
            .collect();
        if records.is_empty() {
            return HashMap::new();
        }
        let found = set.run().check(&records, |id| ds.enterprise(id));
        self.count_failures(found.values().flatten());
        found
    }

    /// Counts and logs the `plugin.failed` findings among `findings`.
    pub fn count_failures<'a>(&self, findings: impl Iterator<Item = &'a Finding>) {
        for f in findings.filter(|f| f.rule.as_ref() == "plugin.failed") {
            let id = f.path.trim_start_matches("/sector_data/");
            tracing::warn!(target: "jiancha::plugin", plugin = %id, "a plugin failed on a record (plugin.failed)");
            if let Ok(mut m) = self.failures.lock() {
                *m.entry(id.to_string()).or_default() += 1;
            }
        }
    }
}
