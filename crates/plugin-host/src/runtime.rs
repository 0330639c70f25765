//! The sandboxed plugin runtime: one wasmtime `Engine` and `Linker` per process, an `InstancePre` per plugin, and
//! a fresh `Store` per call with a fuel budget and a memory cap that no caller can forget.
//!
//! A plugin may import nothing. Each call runs under a deterministic fuel budget (proportional to the batch), a
//! memory cap and a cap on output size. A call that traps (panic, `unreachable`, out of fuel, out of memory, stack
//! overflow) or returns a malformed answer is retried record by record, so that only the records on which the
//! plugin misbehaves get a `plugin.failed` finding; after `max_failures` failures the plugin is disabled for the
//! rest of the run. Compiled components are cached on disk, keyed by content hash and engine settings.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use jiancha_core::catalogue::{Citation, Severity};
use jiancha_core::finding::Finding;
use jiancha_core::model::{Enterprise, Inspection};
use jiancha_core::plugin_output::{Judge, PluginInfo, PluginRule, RawFinding, clean, decode};
use wasmtime::component::{Component, Linker};
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Store, StoreLimits, StoreLimitsBuilder,
};

use crate::manifest::{Manifest, PublicKeyFile, Tier, Trust, is_reserved_id, read_manifest, verify};
use crate::wasi::{Capture, GuestOutput};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../../plugins/wit",
        world: "checker",
    });
}

use bindings as wit;
use bindings::{Checker, CheckerPre};

/// One record of a batch: its position, the record, its enterprise and the record as JSON.
type Item<'a> = (usize, &'a Inspection, &'a Enterprise, &'a str);

/// The sandbox budget of every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Fuel (roughly, WebAssembly instructions) per record of a batch; deterministic, unlike a timer.
    pub fuel_per_record: u64,
    /// Fuel for a call on top of the per-record budget (instantiation, decoding).
    pub fuel_base: u64,
    /// Largest linear memory of an instance, in bytes.
    pub memory_bytes: usize,
    /// Largest output (bytes of text in findings) per record.
    pub output_bytes_per_record: usize,
    /// Records per call.
    pub batch_size: usize,
    /// Failures after which a plugin is disabled for the rest of the run.
    pub max_failures: usize,
    /// Wall-clock time a call may take, in milliseconds: a backstop beside fuel (which is what normally stops a
    /// plugin, the same on every machine), for a call that spends its time where fuel is not counted.
    pub call_time_ms: u64,
    /// Bytes of stdout and of stderr kept per call of a WASI-tier plugin; the rest is dropped.
    pub guest_output_bytes: usize,
    /// Core instances a component may make to run in the pool; a larger component runs on the on-demand engine.
    pub pool_core_instances: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel_per_record: 20_000_000,
            fuel_base: 50_000_000,
            memory_bytes: 64 << 20,
            output_bytes_per_record: 64 << 10,
            batch_size: 256,
            max_failures: 3,
            call_time_ms: 20_000,
            guest_output_bytes: 16 << 10,
            pool_core_instances: POOL_CORE_INSTANCES,
        }
    }
}

/// Per-store state: the resource limiter, and the WASI context of a WASI-tier call (None in the pure tier, whose
/// linker holds nothing that could reach one).
pub(crate) struct State {
    limits: StoreLimits,
    pub(crate) wasi: Option<Box<crate::wasi::WasiState>>,
}

/// A loaded plugin.
pub struct LoadedPlugin {
    /// Its manifest.
    pub manifest: Manifest,
    /// Where the manifest is.
    pub manifest_path: PathBuf,
    /// Its metadata, as the plugin itself reported it.
    pub info: PluginInfo,
    /// Signature verdict.
    pub trust: Trust,
    /// Whether the compiled code came from the on-disk cache.
    pub from_cache: bool,
    runner: Runner,
}

/// What runs a plugin: a component in one of the sandboxes, or a rule table in the built-in table plugin.
enum Runner {
    Component(CheckerPre<State>, Room),
    Table(Box<jiancha_rule_table::Table>),
}

/// Which engine a component runs on: the pool (instances reserved ahead, cheap per call), or on demand, for a
/// component larger than the pool's slots (an interpreter with more core instances, memories or tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Room {
    /// The pooling engine.
    Pooled,
    /// The on-demand engine.
    OnDemand,
}

/// An engine with its two linkers (the pure tier's, empty; the WASI tier's).
struct Sandbox {
    engine: Engine,
    linker: Linker<State>,
    wasi_linker: Linker<State>,
    /// Instances, memories and tables one store may make.
    instances: usize,
    memories: usize,
    tables: usize,
}

impl Sandbox {
    fn new(config: &Config, instances: u32, memories: u32, tables: u32) -> Result<Sandbox> {
        let engine = Engine::new(config).map_err(err)?;
        let linker = Linker::new(&engine);
        let mut wasi_linker = Linker::new(&engine);
        crate::wasi::link(&mut wasi_linker).map_err(err)?;
        start_epoch_ticker(&engine);
        Ok(Sandbox {
            engine,
            linker,
            wasi_linker,
            instances: instances as usize,
            memories: memories as usize,
            tables: tables as usize,
        })
    }
}

impl LoadedPlugin {
    /// Which engine runs it (None for a rule table).
    pub fn room(&self) -> Option<Room> {
        match &self.runner {
            Runner::Component(_, room) => Some(*room),
            Runner::Table(_) => None,
        }
    }
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin").field("id", &self.info.id).field("trust", &self.trust).finish_non_exhaustive()
    }
}

/// How loading should treat signatures.
#[derive(Clone, Debug, Default)]
pub struct TrustPolicy {
    /// Trusted department public keys.
    pub keys: Vec<(PublicKeyFile, ed25519_dalek::VerifyingKey)>,
    /// Load unverified plugins anyway (their findings are marked unverified).
    pub allow_unsigned: bool,
    /// Revoked keys: a plugin they signed is refused, whatever `allow_unsigned` says.
    pub revoked: Vec<crate::manifest::Revocation>,
}

/// Why a plugin was not loaded. A server tells a refusal of trust (revoked, unverified) from a broken plugin.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The manifest or the component could not be read (missing, too large, not a regular file, malformed).
    #[error("{0:#}")]
    Unreadable(anyhow::Error),
    /// Signed by a revoked key: refused even with `allow_unsigned`.
    #[error(
        "拒绝加载插件 {id}：签名密钥 {key_id}（{department}）已于 {revoked_on} 吊销（{reason}），即使加 --allow-unsigned 也不运行 / refusing plugin `{id}`: it is signed by key {key_id} of `{department}`, revoked on {revoked_on} ({reason}); --allow-unsigned does not override a revocation"
    )]
    Revoked {
        /// The plugin.
        id: String,
        /// The revoked key.
        key_id: String,
        /// Its department.
        department: String,
        /// When it was revoked.
        revoked_on: String,
        /// Why.
        reason: String,
    },
    /// Unsigned, signed by an unknown key, or tampered with, and `allow_unsigned` not given.
    #[error(
        "拒绝加载插件 {id}：{why}。如确需运行，请加 --allow-unsigned（其结果将标为未验证）/ refusing plugin `{id}`: not verified; use --allow-unsigned to run it anyway (its findings are marked unverified)"
    )]
    Unverified {
        /// The plugin.
        id: String,
        /// What the verification found.
        why: String,
    },
    /// Another plugin of the set has the id.
    #[error("两个插件使用同一 id `{id}` / two plugins claim the id `{id}`")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// The id is a built-in rule family's.
    #[error("插件 id `{id}` 与内置规则族重名，不予加载 / plugin id `{id}` is reserved for built-in rules")]
    ReservedId {
        /// The id.
        id: String,
    },
    /// The component is refused: it imports something, or it is not a component of the contract.
    #[error("拒绝加载插件 / refusing plugin `{id}`")]
    Refused {
        /// The plugin.
        id: String,
        /// Why.
        #[source]
        source: anyhow::Error,
    },
    /// The plugin reports another id, version or department than its manifest.
    #[error(
        "插件自报的 id/版本/部门（{reported}）与清单（{manifest}）不符 / the plugin's own id, version or department differ from its manifest"
    )]
    NotItsManifest {
        /// What the plugin reports.
        reported: String,
        /// What the manifest says.
        manifest: String,
    },
}

/// The loaded plugins, ready to run: one engine and linker, a prepared instance per plugin, and what loading
/// decided (trust, the plugins that could not start). Shared (`Send + Sync`): each run takes a [`PluginRun`], which
/// holds what one run learns (failures, disabled plugins, notices).
pub struct PluginSet {
    /// Components that fit the pool's slots.
    pooled: Sandbox,
    /// Larger components, instantiated on demand.
    on_demand: Sandbox,
    limits: Limits,
    cache_dir: Option<PathBuf>,
    /// Loaded plugins, sorted by id.
    pub plugins: Vec<LoadedPlugin>,
    /// Messages for the user from loading (plugins skipped).
    pub notices: Vec<String>,
    /// Plugins that could not be loaded: (id, reason). Their records get `plugin.failed`.
    pub broken: Vec<(String, String)>,
}

impl std::fmt::Debug for PluginSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginSet")
            .field("plugins", &self.plugins)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

/// The default compile cache directory: `$XDG_CACHE_HOME/jiancha` or `~/.cache/jiancha`.
pub fn default_cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|d| d.join("jiancha"))
}

impl PluginSet {
    /// A host with these limits; `cache_dir` None disables the compile cache.
    pub fn new(limits: Limits, cache_dir: Option<PathBuf>) -> Result<PluginSet> {
        let mut config = Config::new();
        config
            .consume_fuel(true)
            .max_wasm_stack(512 << 10)
            .wasm_component_model(true)
            // The same verdict on every machine: NaNs and relaxed SIMD behave identically on x86 and ARM.
            .cranelift_nan_canonicalization(true)
            .relaxed_simd_deterministic(true)
            // A wall-clock backstop beside fuel (see `Limits::call_time_ms`).
            .epoch_interruption(true);
        // Every call gets a fresh instance; a pool of pre-reserved slots makes that cheap (no mmap and page
        // faults per call) and caps each memory at the plugin limit as well.
        let on_demand = Sandbox::new(&config, ON_DEMAND_CORE_INSTANCES, ON_DEMAND_MEMORIES, ON_DEMAND_TABLES)?;
        let per_component = limits.pool_core_instances;
        let mut pool = PoolingAllocationConfig::new();
        pool.total_component_instances(POOL_COMPONENTS)
            .total_core_instances(POOL_COMPONENTS * per_component.max(1))
            .max_core_instances_per_component(per_component)
            .max_memories_per_component(MAX_MEMORIES)
            .max_tables_per_component(MAX_TABLES)
            .max_tables_per_module(MAX_TABLES)
            .total_memories(POOL_COMPONENTS * MAX_MEMORIES)
            .total_tables(POOL_COMPONENTS * MAX_TABLES)
            .max_memory_size(limits.memory_bytes);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let pooled = Sandbox::new(&config, per_component, MAX_MEMORIES, MAX_TABLES)?;
        Ok(PluginSet {
            pooled,
            on_demand,
            limits,
            cache_dir,
            plugins: Vec::new(),
            notices: Vec::new(),
            broken: Vec::new(),
        })
    }

    /// The limits of every call.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn sandbox(&self, room: Room) -> &Sandbox {
        match room {
            Room::Pooled => &self.pooled,
            Room::OnDemand => &self.on_demand,
        }
    }

    fn store(&self, room: Room, fuel: u64, wasi: Option<wasmtime_wasi::WasiCtx>) -> Result<Store<State>> {
        let sb = self.sandbox(room);
        let limits = StoreLimitsBuilder::new()
            .memory_size(self.limits.memory_bytes)
            .instances(sb.instances)
            .tables(sb.tables)
            .memories(sb.memories)
            .table_elements(1 << 20)
            .trap_on_grow_failure(true)
            .build();
        let wasi = wasi.map(|ctx| Box::new(crate::wasi::WasiState::new(ctx)));
        let mut store = Store::new(&sb.engine, State { limits, wasi });
        store.limiter(|s| &mut s.limits);
        store.set_fuel(fuel).map_err(err)?;
        store.set_epoch_deadline(self.limits.call_time_ms.div_ceil(EPOCH_TICK_MS).max(1));
        store.epoch_deadline_trap();
        Ok(store)
    }

    fn engine_key(engine: &Engine) -> String {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut h);
        format!("{}-{:016x}", env!("CARGO_PKG_VERSION"), h.finish())
    }

    /// Compiles a component, through the on-disk cache when there is one. A cache entry is native code that is
    /// run without further checks, so it is not trusted by its name: each entry carries an HMAC-SHA256, under a
    /// key only this user's cache holds, over the component's hash, the engine's settings and the code itself.
    /// An entry whose MAC does not match (copied in, renamed from another component's entry, damaged) is
    /// compiled afresh and written again.
    fn compile(&self, engine: &Engine, bytes: &[u8], sha256: &str) -> Result<(Component, bool)> {
        let cache = self.cache_dir.as_ref().filter(|d| private_dir(d)).and_then(|d| {
            let key = cache_key(d)?;
            Some((d.join(format!("{sha256}-{}.cwasm", Self::engine_key(engine))), key))
        });
        let binding = format!("{sha256}\n{}\n", Self::engine_key(engine));
        if let Some((path, key)) = cache.as_ref().filter(|(p, _)| p.exists() && private_file(p)) {
            let mac_path = path.with_extension("cwasm.mac");
            let code = crate::manifest::read_bounded(path, MAX_CACHED_CODE).ok();
            let mac = crate::manifest::read_bounded(&mac_path, 256).ok().filter(|_| private_file(&mac_path));
            if let (Some(code), Some(mac)) = (code, mac) {
                use hmac::Mac;
                let expected = mac_of(key, &binding, &code);
                if hex::decode(mac.trim_ascii()).is_ok_and(|m| expected.is_some_and(|e| e.verify_slice(&m).is_ok())) {
                    // SAFETY: the code is what this host compiled and wrote for this very component and engine:
                    // its MAC, under this cache's private key, says so; wasmtime checks the engine settings again.
                    #[expect(unsafe_code, reason = "loading native code from the cache; see SAFETY above")]
                    let loaded = unsafe { Component::deserialize(engine, &code) };
                    if let Ok(c) = loaded {
                        return Ok((c, true));
                    }
                }
            }
        }
        let component = Component::new(engine, bytes).map_err(|e| anyhow!("组件无法编译 / cannot compile: {e}"))?;
        if let (Some((path, key)), Ok(code)) = (cache, component.serialize()) {
            use hmac::Mac;
            let Some(mac) = mac_of(&key, &binding, &code).map(|m| hex::encode(m.finalize().into_bytes())) else {
                return Ok((component, false));
            };
            // Write then rename, so that a concurrent run never reads half a file; the temporary files are created
            // new (never through an existing file or link) and private. The MAC goes in first: code without its
            // MAC is never loaded.
            let tag = format!("tmp{}-{}", std::process::id(), sha256.get(..8).unwrap_or(""));
            let mac_path = path.with_extension("cwasm.mac");
            for (dest, data) in [(&mac_path, mac.as_bytes()), (&path, code.as_slice())] {
                let tmp = dest.with_extension(&tag);
                if write_new_private(&tmp, data).is_ok() {
                    let _ = std::fs::rename(&tmp, dest);
                } else {
                    let _ = std::fs::remove_file(&tmp);
                }
            }
        }
        Ok((component, false))
    }

    /// Loads one plugin from its manifest (or component) path. A plugin that cannot start is not an error: it is
    /// skipped with a notice, and its records get `plugin.failed`.
    pub fn load(&mut self, path: &Path, trust: &TrustPolicy) -> Result<(), LoadError> {
        let (manifest_path, manifest) = read_manifest(path).map_err(LoadError::Unreadable)?;
        let bytes = manifest.read_component(&manifest_path).map_err(LoadError::Unreadable)?;
        self.load_parts(manifest_path, manifest, &bytes, trust)
    }

    /// [`PluginSet::load`] of a manifest and component already read (a service keeps them in its store);
    /// `manifest_path` names the manifest in messages.
    pub fn load_parts(
        &mut self,
        manifest_path: PathBuf,
        manifest: Manifest,
        bytes: &[u8],
        trust: &TrustPolicy,
    ) -> Result<(), LoadError> {
        if bytes.len() as u64 > crate::manifest::MAX_COMPONENT_BYTES {
            return Err(LoadError::Unreadable(anyhow!(
                "组件过大（{} 字节，上限 {}）/ the component is too large ({} bytes, cap {})",
                bytes.len(),
                crate::manifest::MAX_COMPONENT_BYTES,
                bytes.len(),
                crate::manifest::MAX_COMPONENT_BYTES
            )));
        }
        let id = manifest.id.clone();
        if let Some(r) = crate::manifest::revoked(&manifest, &trust.revoked) {
            return Err(LoadError::Revoked {
                id,
                key_id: r.key_id.clone(),
                department: r.department.clone(),
                revoked_on: r.revoked_on.clone(),
                reason: r.reason.clone(),
            });
        }
        let verdict = verify(&manifest, bytes, &trust.keys);
        if let Trust::Unverified(why) = &verdict
            && !trust.allow_unsigned
        {
            return Err(LoadError::Unverified { id, why: why.clone() });
        }
        if self.plugins.iter().any(|p| p.manifest.id == id) || self.broken.iter().any(|(b, _)| *b == id) {
            return Err(LoadError::DuplicateId { id });
        }
        if is_reserved_id(&id) {
            return Err(LoadError::ReservedId { id });
        }
        let (info, runner, from_cache) = if manifest.kind == crate::manifest::PluginKind::Table {
            let table = std::str::from_utf8(bytes)
                .map_err(|_| anyhow!("规则表不是 UTF-8 文本 / the rule table is not UTF-8 text"))
                .and_then(|text| jiancha_rule_table::Table::parse(text).map_err(|e| anyhow!("{e}")))
                .map_err(|source| LoadError::Refused { id: id.clone(), source })?;
            (table.info().clone(), Runner::Table(Box::new(table)), false)
        } else {
            // A component that imports anything is refused outright, like an untrusted one.
            let (component, from_cache, room) = self
                .compile_checked(bytes, manifest.tier)
                .map_err(|source| LoadError::Refused { id: id.clone(), source })?;
            let (pre, info) = match self.start(&component, manifest.tier, room) {
                Ok(x) => x,
                Err(e) => {
                    // A plugin that cannot start costs only its own results: every other plugin and rule still runs.
                    let reason = format!("{e:#}").lines().take(3).collect::<Vec<_>>().join(" ");
                    self.notices.push(format!(
                        "插件 {id} 无法加载，本次运行中跳过 / plugin `{id}` could not be loaded and is skipped: {reason}"
                    ));
                    self.broken.push((id, format!("无法加载 / could not be loaded: {reason}")));
                    return Ok(());
                }
            };
            (info, Runner::Component(pre, room), from_cache)
        };
        same_as_manifest(&info, &manifest)?;
        self.plugins.push(LoadedPlugin { manifest, manifest_path, info, trust: verdict, from_cache, runner });
        self.plugins.sort_by(|a, b| a.info.id.cmp(&b.info.id));
        Ok(())
    }

    /// Compiles a component and refuses it if it imports what its tier does not give: anything at all in the pure
    /// tier; in the WASI tier, anything beyond its capability-free interfaces (sockets, HTTP, a custom interface).
    ///
    /// A component larger than the pool's slots (more core instances, memories or tables than a slot holds) is
    /// compiled for the on-demand engine instead: the pool is sized for the usual guest, and no plugin is refused
    /// for its shape.
    fn compile_checked(&self, bytes: &[u8], tier: Tier) -> Result<(Component, bool, Room)> {
        let sha = crate::manifest::sha256_hex(bytes);
        let (component, from_cache, room) = match self.compile(&self.pooled.engine, bytes, &sha) {
            Ok((c, cached)) => (c, cached, Room::Pooled),
            Err(e) if format!("{e:#}").contains("pooling allocator") => {
                let (c, cached) = self.compile(&self.on_demand.engine, bytes, &sha)?;
                (c, cached, Room::OnDemand)
            }
            Err(e) => return Err(e),
        };
        let imports = self.imports_of(&component, room);
        match tier {
            Tier::Pure if !imports.is_empty() => {
                let wasi_only = imports.iter().all(|i| crate::wasi::provides(i));
                let hint = if wasi_only {
                    "；它只用到 WASI 层提供的接口：如确需打印或时钟，请在构建时选 WASI 层（jiancha plugin build --tier wasi）/ it needs only what the WASI tier gives: if it must print or read a clock, build it with `jiancha plugin build --tier wasi`"
                } else {
                    ""
                };
                bail!(
                    "插件需要导入 {}，纯净层插件不得访问宿主功能（文件、网络、时钟、随机数、环境变量）/ the plugin imports {}; a pure-tier plugin may import nothing{hint}",
                    imports.join(", "),
                    imports.join(", ")
                );
            }
            Tier::Wasi => {
                let refused: Vec<String> = imports
                    .iter()
                    .filter(|i| !crate::wasi::provides(i))
                    .map(|i| format!("{i}（{}）", crate::wasi::what_it_reaches(i)))
                    .collect();
                if !refused.is_empty() {
                    bail!(
                        "WASI 层不提供插件的这些导入 / the WASI tier does not give these imports of the plugin: {}；插件不得访问网络、文件或宿主的其他功能 / plugins reach no network, file or other host capability",
                        refused.join(", ")
                    );
                }
            }
            Tier::Pure => {}
        }
        Ok((component, from_cache, room))
    }

    fn imports_of(&self, component: &Component, room: Room) -> Vec<String> {
        let engine = &self.sandbox(room).engine;
        component.component_type().imports(engine).map(|(name, _)| name.to_string()).collect()
    }

    /// Prepares instantiation and asks the component for its metadata.
    fn start(&self, component: &Component, tier: Tier, room: Room) -> Result<(CheckerPre<State>, PluginInfo)> {
        let sb = self.sandbox(room);
        let linker = match tier {
            Tier::Pure => &sb.linker,
            Tier::Wasi => &sb.wasi_linker,
        };
        let pre = linker.instantiate_pre(component).map_err(err)?;
        let pre = CheckerPre::new(pre).map_err(|e| {
            anyhow!(
                "插件未导出 {WIT_PACKAGE} 的 checker 接口（可能是按其他版本的插件接口编译的）/ the component does not export the checker world of {WIT_PACKAGE} (built for another interface version?): {e}"
            )
        })?;
        let info = self.meta(&pre, tier, room).context("插件元数据无效 / bad plugin metadata")?;
        Ok((pre, info))
    }

    /// The metadata of a component of `tier` and what it imports (for `plugin build` and `plugin inspect`);
    /// refuses the same as `load`.
    pub fn inspect(&self, bytes: &[u8], tier: Tier) -> Result<(PluginInfo, Vec<String>)> {
        let (component, _, room) = self.compile_checked(bytes, tier)?;
        let (_, info) = self.start(&component, tier, room)?;
        Ok((info, self.imports_of(&component, room)))
    }

    /// Loads every plugin of a directory (each `*.manifest.json`); a directory with none is an error.
    pub fn load_dir(&mut self, dir: &Path, trust: &TrustPolicy) -> Result<(), LoadError> {
        let mut manifests: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("无法读取插件目录 / cannot read plugin directory `{}`", dir.display()))
            .map_err(LoadError::Unreadable)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".manifest.json"))
            .collect();
        if manifests.is_empty() {
            return Err(LoadError::Unreadable(anyhow!(
                "插件目录 `{}` 中没有插件清单（*.manifest.json）；请指向 `jiancha plugin build … --out DIR` 的输出目录 / the plugin directory `{}` holds no *.manifest.json: point --plugins at the --out directory of `jiancha plugin build`",
                dir.display(),
                dir.display()
            )));
        }
        manifests.sort();
        for m in manifests {
            self.load(&m, trust)?;
        }
        Ok(())
    }

    fn meta(&self, pre: &CheckerPre<State>, tier: Tier, room: Room) -> Result<PluginInfo> {
        // The metadata is the same on every day: a WASI-tier guest reads the clock at its epoch.
        let wasi = (tier == Tier::Wasi).then(|| crate::wasi::context("1970-01-01", "meta", 1 << 10).0);
        let mut store = self.store(room, self.limits.fuel_base, wasi)?;
        let checker: Checker = pre.instantiate(&mut store).map_err(err)?;
        let m = checker
            .call_meta(&mut store)
            .map_err(|e| anyhow!("meta() 运行失败 / meta() failed: {}", describe_trap(&e)))?;
        if m.rules.len() > MAX_RULES {
            bail!(
                "规则过多（{}，上限 {MAX_RULES}）/ too many rules ({}, cap {MAX_RULES})",
                m.rules.len(),
                m.rules.len()
            );
        }
        let valid_id = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        if is_reserved_id(&m.id) {
            bail!("插件 id `{}` 与内置规则族重名 / plugin id `{}` is reserved for built-in rules", m.id, m.id);
        }
        if !valid_id(&m.id) {
            bail!("插件 id `{}` 须为小写字母、数字和连字符 / plugin id must be kebab-case", m.id);
        }
        let mut rules = Vec::new();
        for r in m.rules {
            let name = r.id.strip_prefix(&format!("{}.", m.id)).unwrap_or("");
            if !valid_id(name) {
                bail!("规则 id `{}` 须为 `{}.<名称>` / rule ids must be `{}.<kebab-name>`", r.id, m.id, m.id);
            }
            if rules.iter().any(|x: &PluginRule| x.id == r.id) {
                bail!("规则 id `{}` 重复 / duplicate rule id", r.id);
            }
            rules.push(PluginRule {
                id: r.id,
                severity: severity(r.severity),
                title: clean(&r.title, 512),
                title_en: clean(&r.title_en, 512),
                citations: r.citations.into_iter().take(32).map(citation).collect(),
            });
        }
        Ok(PluginInfo {
            id: m.id,
            name: clean(&m.name, 256),
            department: m.department,
            version: clean(&m.version, 64),
            industries: m.industries.into_iter().take(256).map(|s| clean(&s, 32)).collect(),
            tags: m.tags.into_iter().take(256).map(|s| clean(&s, 64)).collect(),
            rules,
        })
    }

    /// A run of these plugins: failures are counted, and plugins disabled, for this run only.
    pub fn run(&self) -> PluginRun<'_> {
        PluginRun {
            set: self,
            state: vec![RunState::default(); self.plugins.len()],
            notices: Vec::new(),
            output: Vec::new(),
        }
    }
}

/// What one run learns about one plugin.
#[derive(Clone, Debug, Default)]
struct RunState {
    /// Records the plugin was given (its `sector_data` entry present, the enterprise in its scope).
    checked: usize,
    failures: usize,
    /// Batches that failed although each of their records passed alone.
    batch_failures: usize,
    disabled: Option<String>,
}

/// One run of a [`PluginSet`]: it counts each plugin's failures, disables a plugin after
/// [`Limits::max_failures`], and keeps the notices for the user.
pub struct PluginRun<'a> {
    set: &'a PluginSet,
    state: Vec<RunState>,
    /// Messages for the user (plugins disabled during the run, batches that failed).
    pub notices: Vec<String>,
    /// What WASI-tier plugins wrote, call by call (only calls whose answers stand; empty writes left out; the
    /// first [`MAX_KEPT_OUTPUT`] calls that wrote anything).
    pub output: Vec<PluginOutput>,
}

/// What a WASI-tier plugin wrote during one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PluginOutput {
    /// The plugin.
    pub plugin: String,
    /// The positions of the records of the call.
    pub records: Vec<usize>,
    /// Its stdout and stderr.
    pub output: GuestOutput,
}

impl std::fmt::Debug for PluginRun<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginRun").field("state", &self.state).field("notices", &self.notices).finish_non_exhaustive()
    }
}

impl PluginRun<'_> {
    /// Each loaded plugin with the number of records it was given so far in this run.
    pub fn checked(&self) -> Vec<(&LoadedPlugin, usize)> {
        self.set.plugins.iter().zip(&self.state).map(|(p, st)| (p, st.checked)).collect()
    }

    /// Runs every plugin over the records it applies to; returns findings per record position.
    /// `records` are (position, inspection, the record's JSON text when the caller has it); `enterprise` looks an
    /// enterprise up in the dataset.
    pub fn check<'a>(
        &mut self,
        records: &[(usize, &'a Inspection, Option<&str>)],
        enterprise: impl Fn(&str) -> Option<&'a Enterprise>,
    ) -> HashMap<usize, Vec<Finding>> {
        let mut out: HashMap<usize, Vec<Finding>> = HashMap::new();
        // Each record is encoded once, whatever the number of plugins that read it.
        let json: Vec<Option<std::borrow::Cow<'_, str>>> = records
            .iter()
            .map(|(_, r, raw)| {
                let wanted = self.set.plugins.iter().any(|p| r.sector_data.contains_key(&p.info.id));
                wanted.then(|| match raw {
                    Some(text) => std::borrow::Cow::Borrowed(*text),
                    None => std::borrow::Cow::Owned(serde_json::to_string(r).unwrap_or_default()),
                })
            })
            .collect();
        for (id, reason) in &self.set.broken {
            for (pos, _, _) in records.iter().filter(|(_, r, _)| r.sector_data.contains_key(id)) {
                out.entry(*pos).or_default().push(failed_finding(id, reason));
            }
        }
        for p in 0..self.set.plugins.len() {
            let Some(plugin) = self.set.plugins.get(p) else { continue };
            let id = plugin.info.id.clone();
            let mut applicable: Vec<Item<'_>> = records
                .iter()
                .zip(&json)
                .filter(|((_, r, _), _)| r.sector_data.contains_key(&id))
                .filter_map(|((pos, r, _), j)| {
                    enterprise(&r.enterprise).map(|e| (*pos, *r, e, j.as_deref().unwrap_or("")))
                })
                .filter(|(_, _, e, _)| plugin.info.applies_to(e))
                .collect();
            if let Some(st) = self.state.get_mut(p) {
                st.checked += applicable.len();
            }
            let size = self.set.limits.batch_size.max(1);
            let chunks: Vec<&[Item<'_>]> = if plugin.manifest.tier == Tier::Wasi {
                // A WASI-tier call's clock reads one policy date: each call holds the records of one day.
                applicable.sort_by_key(|(_, r, _, _)| r.day());
                applicable
                    .chunk_by(|(_, a, _, _), (_, b, _, _)| a.day() == b.day())
                    .flat_map(|d| d.chunks(size))
                    .collect()
            } else {
                applicable.chunks(size).collect()
            };
            for chunk in chunks {
                let results = self.run_batch(p, chunk);
                for ((pos, _, _, _), findings) in chunk.iter().zip(results) {
                    out.entry(*pos).or_default().extend(findings);
                }
            }
        }
        out
    }

    /// Runs one plugin on one batch, isolating failures to the records that cause them.
    fn run_batch(&mut self, p: usize, batch: &[Item<'_>]) -> Vec<Vec<Finding>> {
        let set = self.set;
        let (Some(plugin), Some(_)) = (set.plugins.get(p), self.state.get(p)) else { return Vec::new() };
        if let Some(reason) = self.state.get(p).and_then(|st| st.disabled.clone()) {
            return batch.iter().map(|_| vec![failed_finding(&plugin.info.id, &reason)]).collect();
        }
        let (answer, capture) = self.call(p, batch);
        let written = capture.as_ref().map(Capture::output).filter(|o| !o.is_empty());
        let keep = |run: &mut Self| {
            if let Some(output) = written.clone().filter(|_| run.output.len() < MAX_KEPT_OUTPUT) {
                let records = batch.iter().map(|(pos, _, _, _)| *pos).collect();
                run.output.push(PluginOutput { plugin: plugin.info.id.clone(), records, output });
            }
        };
        match answer {
            Ok(findings) => {
                keep(self);
                findings
            }
            Err(reason) if batch.len() > 1 => {
                // Find the records that fail on their own; the others keep their answers.
                let failures = self.state.get(p).map_or(0, |st| st.failures);
                let answers: Vec<Vec<Finding>> = batch
                    .iter()
                    .map(|one| self.run_batch(p, std::slice::from_ref(one)).into_iter().flatten().collect())
                    .collect();
                if let Some(st) = self.state.get_mut(p).filter(|st| st.failures == failures) {
                    // Every record passed alone: the plugin fails only on batches (state kept between records,
                    // memory that grows with the batch). Its answers stand, but the user is told once.
                    st.batch_failures += 1;
                    if st.batch_failures == 1 {
                        let id = &plugin.info.id;
                        let msg = format!(
                            "插件 {id} 对 {} 条记录的批量调用失败（{reason}），逐条调用则全部成功：结果取自逐条调用；插件可能在记录之间保留了状态，请告知插件所属部门 / plugin `{id}` failed on a batch of {} records ({reason}) but on none of them alone: their answers come from one call each; the plugin may keep state between records, tell its department",
                            batch.len(),
                            batch.len()
                        );
                        self.notices.push(msg);
                    }
                }
                answers
            }
            Err(reason) => {
                keep(self);
                let id = &plugin.info.id;
                // A WASI-tier guest's last words (a Rust panic's place and message) belong to the reason.
                let reason = match written.as_ref().and_then(GuestOutput::gist) {
                    Some(said) => format!("{reason}；stderr: {said}"),
                    None => reason,
                };
                let mut finding = failed_finding(id, &reason);
                if let Some(st) = self.state.get_mut(p) {
                    // Failures count for the whole run: a plugin that fails on every other record is disabled too.
                    st.failures += 1;
                    if st.failures >= set.limits.max_failures && st.disabled.is_none() {
                        let msg = format!(
                            "插件 {id} 已失败 {} 次，本次运行中停用（最后原因：{reason}）/ plugin `{id}` failed {} times and is disabled for the rest of the run (last: {reason})",
                            st.failures, st.failures
                        );
                        st.disabled = Some(format!("已停用 / disabled after {} failures", st.failures));
                        self.notices.push(msg);
                    }
                }
                finding.path = format!("/sector_data/{id}");
                vec![vec![finding]]
            }
        }
    }

    /// One call: a fresh store, the budget, the call, and the checks of the answer; with what a WASI-tier guest
    /// wrote.
    fn call(&mut self, p: usize, batch: &[Item<'_>]) -> (Result<Vec<Vec<Finding>>, String>, Option<Capture>) {
        let Some(plugin) = self.set.plugins.get(p) else { return (Err("no such plugin".into()), None) };
        let (pre, room) = match &plugin.runner {
            Runner::Component(pre, room) => (pre, *room),
            Runner::Table(table) => return (self.call_table(plugin, table, batch), None),
        };
        let (wasi, capture) = match plugin.manifest.tier {
            Tier::Pure => (None, None),
            Tier::Wasi => {
                let day = batch.first().map(|(_, r, _, _)| r.day().to_string()).unwrap_or_default();
                let (ctx, capture) = crate::wasi::context(&day, &plugin.info.id, self.set.limits.guest_output_bytes);
                (Some(ctx), Some(capture))
            }
        };
        (self.call_component(plugin, (pre, room), batch, wasi), capture)
    }

    fn call_component(
        &self,
        plugin: &LoadedPlugin,
        (pre, room): (&CheckerPre<State>, Room),
        batch: &[Item<'_>],
        wasi: Option<wasmtime_wasi::WasiCtx>,
    ) -> Result<Vec<Vec<Finding>>, String> {
        let inputs: Vec<wit::CheckInput> = batch
            .iter()
            .map(|(_, r, e, json)| wit::CheckInput {
                inspection: (*json).to_string(),
                enterprise: wit::Enterprise {
                    id: e.id.to_string(),
                    name: e.name.clone(),
                    industry: e.industry.to_string(),
                    tags: e.tags.clone(),
                },
                sector_data: r.sector_data.get(&plugin.info.id).map(|v| v.to_string()).unwrap_or_else(|| "null".into()),
                policy_date: r.day().to_string(),
            })
            .collect();
        let n = batch.len() as u64;
        let fuel = self.set.limits.fuel_base.saturating_add(self.set.limits.fuel_per_record.saturating_mul(n));
        let mut store = self.set.store(room, fuel, wasi).map_err(|e| e.to_string())?;
        let checker = pre.instantiate(&mut store).map_err(|e| describe_trap(&e))?;
        let answer = checker.call_check(&mut store, &inputs).map_err(|e| describe_trap(&e))?;
        let answer: Vec<Vec<RawFinding>> = answer
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(|f| RawFinding {
                        rule: f.rule,
                        severity: severity(f.severity),
                        message: f.message,
                        message_en: f.message_en,
                        citations: f.citations.into_iter().map(|c| (c.source, c.article)).collect(),
                        path: f.path,
                        related: f.related,
                    })
                    .collect()
            })
            .collect();
        let mut judged = self.judge(plugin, batch.len(), answer)?;
        // An exception the guest caught and reported: in the host's words, with the guest's message as the reason.
        for f in judged.iter_mut().flatten().filter(|f| f.rule == jiancha_core::plugin_output::PLUGIN_FAILED) {
            let said = f.message_en.strip_prefix("[unverified plugin] ").unwrap_or(&f.message_en);
            let reason = format!("插件报告异常 / the plugin reported an exception: {said}");
            *f = failed_finding(&plugin.info.id, &reason);
        }
        Ok(judged)
    }

    /// The findings of a plugin's answer, judged as every plugin's are.
    fn judge(
        &self,
        plugin: &LoadedPlugin,
        n: usize,
        answer: Vec<Vec<RawFinding>>,
    ) -> Result<Vec<Vec<Finding>>, String> {
        let rules: Vec<(String, Severity)> = plugin.info.rules.iter().map(|r| (r.id.clone(), r.severity)).collect();
        let judge = Judge {
            rules: &rules,
            unverified: !plugin.trust.is_verified(),
            output_cap: self.set.limits.output_bytes_per_record,
        };
        decode(&judge, n, answer)
    }

    /// A rule table over a batch: each record on its own, within the table's step budget.
    fn call_table(
        &self,
        plugin: &LoadedPlugin,
        table: &jiancha_rule_table::Table,
        batch: &[Item<'_>],
    ) -> Result<Vec<Vec<Finding>>, String> {
        let mut answer = Vec::with_capacity(batch.len());
        for (_, r, e, json) in batch {
            let inspection: serde_json::Value = if !table.reads_inspection() {
                serde_json::Value::Null
            } else if json.is_empty() {
                serde_json::to_value(r).unwrap_or_default()
            } else {
                serde_json::from_str(json).unwrap_or_default()
            };
            let data = r.sector_data.get(&plugin.info.id).map(|v| v.to_value()).unwrap_or_default();
            answer.push(table.check(&inspection, e, &data, &r.day().to_string())?);
        }
        self.judge(plugin, batch.len(), answer)
    }
}

/// Refuses a plugin that reports another id, version or department than its manifest.
fn same_as_manifest(info: &PluginInfo, manifest: &Manifest) -> Result<(), LoadError> {
    if info.id != manifest.id || info.version != manifest.version || info.department != manifest.department {
        return Err(LoadError::NotItsManifest {
            reported: format!("{} {} {}", info.id, info.version, info.department),
            manifest: format!("{} {} {}", manifest.id, manifest.version, manifest.department),
        });
    }
    Ok(())
}

/// The host's `plugin.failed` finding.
fn failed_finding(id: &str, reason: &str) -> Finding {
    Finding {
        rule: "plugin.failed".into(),
        severity: Severity::Warning,
        message: format!("插件 {id} 运行失败：{reason}；本条记录未经该插件检查"),
        message_en: format!("plugin `{id}` failed: {reason}; this record was not checked by it"),
        citations: Vec::new(),
        path: format!("/sector_data/{id}"),
        related: Vec::new(),
        related_total: None,
    }
}

/// Calls whose output a run keeps (each capped by `Limits::guest_output_bytes`): a printing plugin over a large
/// batch costs at most this many buffers.
pub const MAX_KEPT_OUTPUT: usize = 256;

/// How often the engine's epoch advances, in milliseconds: the granularity of `Limits::call_time_ms`.
const EPOCH_TICK_MS: u64 = 100;

/// Advances the engine's epoch every [`EPOCH_TICK_MS`] on a thread of its own, which ends when the engine does.
fn start_epoch_ticker(engine: &Engine) {
    let weak = engine.weak();
    let _ = std::thread::Builder::new().name("jiancha-plugin-epoch".into()).spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(EPOCH_TICK_MS));
            match weak.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => break,
            }
        }
    });
}

/// Component instances the pool holds at once (one per call in flight).
const POOL_COMPONENTS: u32 = 8;
/// Core instances a slot of the pool holds (the default of `Limits::pool_core_instances`): a Rust plugin makes a
/// few; a Python plugin built by componentize-py (interpreter, libc, adapters) makes about 38.
pub const POOL_CORE_INSTANCES: u32 = 64;
/// What a store of the on-demand engine may make: a component larger than the pool's slots, bounded still.
const ON_DEMAND_CORE_INSTANCES: u32 = 1_000;
const ON_DEMAND_MEMORIES: u32 = 16;
const ON_DEMAND_TABLES: u32 = 256;
/// Linear memories of one component instance (the guest's, and its adapters').
const MAX_MEMORIES: u32 = 4;
/// Tables of one component instance.
const MAX_TABLES: u32 = 16;

/// Largest compiled component read back from the cache.
const MAX_CACHED_CODE: u64 = 512 << 20;

/// The HMAC of a cache entry: the binding (component hash and engine) then the code (None only for a key HMAC
/// cannot take, which no key of any length is).
fn mac_of(key: &[u8], binding: &str, code: &[u8]) -> Option<hmac::Hmac<sha2::Sha256>> {
    use hmac::Mac;
    let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key).ok()?;
    mac.update(binding.as_bytes());
    mac.update(code);
    Some(mac)
}

/// The cache's MAC key: 32 random bytes in a private file `mac.key` of the cache directory, made on first use.
/// None when it can be neither read nor made safely (the cache is then not used).
fn cache_key(dir: &Path) -> Option<Vec<u8>> {
    let path = dir.join("mac.key");
    if !path.exists() {
        use rand_core::RngCore;
        let mut key = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut key);
        let tmp = dir.join(format!("mac.key.tmp{}", std::process::id()));
        if write_new_private(&tmp, hex::encode(key).as_bytes()).is_ok() {
            // Another run may have made one meanwhile: the first one stays.
            let _ = std::fs::hard_link(&tmp, &path);
        }
        let _ = std::fs::remove_file(&tmp);
    }
    if !private_file(&path) {
        return None;
    }
    let text = crate::manifest::read_bounded(&path, 256).ok()?;
    hex::decode(text.trim_ascii()).ok().filter(|k| k.len() == 32)
}

fn write_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

/// Creates the cache directory if needed (mode 0700) and tells whether it is safe to use: the cache holds native
/// code that is loaded without further checks, so it must belong to this user and be writable by nobody else.
fn private_dir(dir: &Path) -> bool {
    if !dir.exists() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            let _ = std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir);
        }
        #[cfg(not(unix))]
        let _ = std::fs::create_dir_all(dir);
    }
    private_file(dir)
}

/// Whether a path belongs to this user and is writable by nobody else.
#[cfg(unix)]
fn private_file(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| {
        m.uid() == rustix::process::geteuid().as_raw() && m.mode() & 0o022 == 0 && !m.file_type().is_symlink()
    })
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> bool {
    path.exists()
}

/// Why a plugin call failed, for `plugin.failed`: the trap's kind when wasmtime reports one (fuel, stack,
/// `unreachable`, …), so that no other failure passes for "ran out of fuel"; a memory growth the cap refused; or
/// the error's first line.
fn describe_trap(e: &wasmtime::Error) -> String {
    use wasmtime::Trap;
    match e.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => "超出计算预算（可能死循环）/ ran out of fuel (endless loop?)".into(),
        Some(Trap::StackOverflow) => "栈溢出 / stack overflow".into(),
        Some(Trap::UnreachableCodeReached) => "执行中止（panic 或 unreachable）/ trapped (panic or unreachable)".into(),
        Some(Trap::AllocationTooLarge) => "超出内存上限 / exceeded its memory cap".into(),
        Some(Trap::Interrupt) => "超出运行时间上限 / ran past its time limit".into(),
        Some(trap) => format!("执行中止 / trapped: {trap}"),
        None => {
            let text = format!("{e:#}");
            let lower = text.to_lowercase();
            // wasmtime's limit on the data a call copies out of the guest (its "hostcall fuel": no WebAssembly
            // fuel is involved).
            if lower.contains("too much data is being copied") {
                return "返回的数据超过宿主复制上限 / returned more data than the host copies out of a plugin".into();
            }
            // The store's limiter refuses a memory growth past the cap and turns it into this error.
            if lower.contains("memory") && (lower.contains("limit") || lower.contains("grow")) {
                "超出内存上限 / exceeded its memory cap".into()
            } else {
                let first = text.lines().next().unwrap_or(&text);
                format!("运行出错 / failed: {}", first.chars().take(200).collect::<String>())
            }
        }
    }
}

/// Rules a plugin may declare.
const MAX_RULES: usize = 500;
/// The plugin interface this host speaks (plugins/wit).
pub const WIT_PACKAGE: &str = "jiancha:plugin@1.0.0";

fn severity(s: wit::Severity) -> Severity {
    match s {
        wit::Severity::Info => Severity::Info,
        wit::Severity::Warning => Severity::Warning,
        wit::Severity::Violation => Severity::Violation,
    }
}

fn citation(c: wit::Citation) -> Citation {
    Citation { source: c.source.into(), article: c.article.into() }
}

#[cfg(test)]
mod tests {
    use super::describe_trap;

    #[test]
    fn only_fuel_is_reported_as_fuel() {
        assert!(describe_trap(&wasmtime::Error::new(wasmtime::Trap::OutOfFuel)).contains("ran out of fuel"));
        assert!(describe_trap(&wasmtime::Error::new(wasmtime::Trap::StackOverflow)).contains("stack overflow"));
        // The component model's copy limit speaks of "hostcall fuel": it is no WebAssembly fuel.
        let copy = wasmtime::format_err!(
            "too much data is being copied between the host and the guest: fuel allocated for hostcalls has been exhausted"
        );
        let said = describe_trap(&copy);
        assert!(!said.contains("ran out of fuel") && said.contains("copies"), "{said}");
        let other = describe_trap(&wasmtime::Error::new(wasmtime::Trap::IntegerDivisionByZero));
        assert!(other.contains("integer divide by zero"), "{other}");
    }
}
