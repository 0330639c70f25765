//! Plugin manifests, content hashes and ed25519 signatures by department keys.
//!
//! A plugin is shipped as `<id>.wasm` (the component) beside `<id>.manifest.json`. The manifest names the plugin
//! (id, version, department), the component's SHA-256 and a signature over those four facts by a department key.
//! Changing any byte of the component changes the hash; changing any fact of the manifest breaks the signature;
//! a signature by a key nobody trusts proves nothing. Keys are files: a secret key (kept by the department) and its
//! public key (given to every county that runs the plugin, as `--trust FILE`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest of a plugin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Plugin id (also its `sector_data` key and rule id prefix).
    pub id: String,
    /// Plugin version.
    pub version: String,
    /// The department that ships it.
    pub department: String,
    /// File name of the component (or rule table), beside the manifest.
    pub component: String,
    /// What that file is: a WebAssembly component (the default, left out of the manifest) or a rule table.
    #[serde(default, skip_serializing_if = "PluginKind::is_component")]
    pub kind: PluginKind,
    /// What a component may import: nothing (the pure tier, the default, left out of the manifest), or the
    /// capability-free WASI interfaces of the WASI tier. Signed when not the default.
    #[serde(default, skip_serializing_if = "Tier::is_pure")]
    pub tier: Tier,
    /// SHA-256 of the component, lower-case hex.
    pub sha256: String,
    /// Signature by a department key, or null when unsigned.
    #[serde(default)]
    pub signature: Option<Signature>,
}

/// What a plugin's file is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PluginKind {
    /// A WebAssembly component of the `checker` world, run in the sandbox.
    #[default]
    Component,
    /// A rule table (`jiancha-rule-table/1`, TOML), run by the host's built-in table plugin.
    Table,
}

impl PluginKind {
    /// Whether this is the default kind.
    pub fn is_component(&self) -> bool {
        *self == PluginKind::Component
    }

    fn as_str(self) -> &'static str {
        match self {
            PluginKind::Component => "component",
            PluginKind::Table => "table",
        }
    }
}

/// What a component may import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Nothing at all: every verdict is a function of the record (the default).
    #[default]
    Pure,
    /// The WASI interfaces a standard library asks for (stdout, stderr, clocks, randomness, a filesystem with no
    /// directory), each without capability: output captured, clocks pinned to the policy date, randomness seeded;
    /// no sockets, HTTP, environment or files.
    Wasi,
}

impl Tier {
    /// Whether this is the default tier.
    pub fn is_pure(&self) -> bool {
        *self == Tier::Pure
    }

    /// `pure` or `wasi`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Pure => "pure",
            Tier::Wasi => "wasi",
        }
    }
}

/// A signature of a manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Id of the signing key (first 16 hex digits of the SHA-256 of the public key).
    pub key_id: String,
    /// The ed25519 signature, hex.
    pub value: String,
}

/// A department's public key (`keygen` writes it as `<key>.pub`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKeyFile {
    /// Always `jiancha-public-key`.
    pub kind: String,
    /// The department the key belongs to.
    pub department: String,
    /// Key id.
    pub key_id: String,
    /// The ed25519 public key, hex.
    pub public_key: String,
}

/// A department's secret key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretKeyFile {
    /// Always `jiancha-secret-key`.
    pub kind: String,
    /// The department the key belongs to.
    pub department: String,
    /// Key id.
    pub key_id: String,
    /// The ed25519 secret key, hex.
    pub secret_key: String,
}

/// A revocation list: department keys that must no longer be trusted (lost, leaked, or the department's
/// signer changed). A plugin signed by a revoked key is refused outright, even with `--allow-unsigned`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationList {
    /// Always `jiancha-revocations`.
    pub kind: String,
    /// The revoked keys.
    pub revoked: Vec<Revocation>,
}

/// One revoked key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// Id of the revoked key.
    pub key_id: String,
    /// The department it belonged to.
    pub department: String,
    /// Why it was revoked.
    pub reason: String,
    /// Day of the revocation, `YYYY-MM-DD`.
    pub revoked_on: String,
}

/// Largest revocation list read (1 MiB).
const REVOCATIONS_MAX: u64 = 1 << 20;

/// Reads a revocation list.
pub fn read_revocations(path: &Path) -> Result<Vec<Revocation>> {
    let bytes = read_bounded(path, REVOCATIONS_MAX)?;
    let list: RevocationList = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!("吊销列表 `{}` 第{}行有误：{e} / bad revocation list `{}`", path.display(), e.line(), path.display())
    })?;
    if list.kind != "jiancha-revocations" {
        bail!("`{}` 不是吊销列表（kind 应为 jiancha-revocations）/ is not a revocation list", path.display());
    }
    Ok(list.revoked)
}

/// Adds the key of `public_key` to the revocation list at `list_path` (created when missing); returns the entry.
pub fn revoke(list_path: &Path, public_key: &Path, reason: &str, on: &str) -> Result<Revocation> {
    let (file, _) = read_public(public_key)?;
    let mut list = if list_path.exists() { read_revocations(list_path)? } else { Vec::new() };
    let entry = Revocation {
        key_id: file.key_id.clone(),
        department: file.department.clone(),
        reason: reason.to_string(),
        revoked_on: on.to_string(),
    };
    if !list.iter().any(|r| r.key_id == entry.key_id) {
        list.push(entry.clone());
    }
    let doc = RevocationList { kind: "jiancha-revocations".into(), revoked: list };
    let text = serde_json::to_string_pretty(&doc)? + "\n";
    std::fs::write(list_path, text).with_context(|| format!("无法写入 / cannot write `{}`", list_path.display()))?;
    Ok(entry)
}

/// The revocation of the key that signed `m`, if that key is revoked.
pub fn revoked<'a>(m: &Manifest, list: &'a [Revocation]) -> Option<&'a Revocation> {
    let sig = m.signature.as_ref()?;
    list.iter().find(|r| r.key_id == sig.key_id)
}

/// What signature checking concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Signed by a trusted key of the plugin's department, and the component matches its hash.
    Verified {
        /// The key that signed.
        key_id: String,
    },
    /// Not verified, with the reason (unsigned, unknown key, bad signature, tampered component).
    Unverified(String),
}

impl Trust {
    /// Whether the plugin is verified.
    pub fn is_verified(&self) -> bool {
        matches!(self, Trust::Verified { .. })
    }
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The key id of a public key.
pub fn key_id(public: &VerifyingKey) -> String {
    sha256_hex(public.as_bytes()).chars().take(16).collect()
}

/// The bytes a signature covers: every fact of the manifest but the signature itself, each prefixed with its
/// length so that no two manifests can sign the same bytes.
fn signed_bytes(m: &Manifest) -> Vec<u8> {
    let mut out = b"jiancha-plugin-signature-v1".to_vec();
    let kind = (!m.kind.is_component()).then(|| m.kind.as_str().to_string());
    // The kind and the tier are signed too (when they are not the default, so that the signatures of pure
    // components stay as they were): a table cannot be passed off as a component or the reverse, and a pure
    // plugin cannot be given the WASI tier by editing its manifest.
    let tier = (!m.tier.is_pure()).then(|| format!("tier:{}", m.tier.as_str()));
    for field in
        [&m.id, &m.version, &m.department, &m.component, &m.sha256].into_iter().cloned().chain(kind).chain(tier)
    {
        out.extend_from_slice(&(field.len() as u64).to_le_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    out
}

/// Largest manifest read, in bytes.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
/// Largest component read, in bytes.
pub const MAX_COMPONENT_BYTES: u64 = 64 << 20;

/// Plugin ids that would pass for the host's own rule (`plugin.failed`) or its names, besides the built-in rule
/// families ([`jiancha_core::meta::RULE_FAMILIES`]).
const RESERVED_BESIDES_FAMILIES: &[&str] = &["plugin", "jiancha", "core", "host", "self", "std", "test"];

/// Whether a plugin id is reserved: a built-in rule family's, or one of the host's names.
pub fn is_reserved_id(id: &str) -> bool {
    jiancha_core::meta::RULE_FAMILIES.contains(&id) || RESERVED_BESIDES_FAMILIES.contains(&id)
}

/// Reads at most `max` bytes of a regular file (not a link, device or pipe): [`jiancha_batch::load::read_bounded_bytes`],
/// which also refuses a symbolic link, since a plugin directory and a key must not point elsewhere.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>> {
    let meta =
        std::fs::symlink_metadata(path).with_context(|| format!("无法读取 / cannot read `{}`", path.display()))?;
    if meta.file_type().is_symlink() {
        bail!("`{}` 是符号链接，不是普通文件 / is a symbolic link, not a regular file", path.display());
    }
    jiancha_batch::load::read_bounded_bytes(path, max, "文件 / file")
}

impl Manifest {
    /// The component's path, beside the manifest. The name must be a bare file name: no directories, so a
    /// manifest cannot point outside its own directory.
    pub fn component_path(&self, manifest_path: &Path) -> Result<PathBuf> {
        let bare = !self.component.is_empty()
            && !self.component.contains(['/', '\\'])
            && self.component != "."
            && self.component != "..";
        if !bare {
            bail!(
                "插件清单中的组件名 `{}` 须为同目录下的文件名 / the component `{}` must be a file name in the manifest's directory",
                self.component,
                self.component
            );
        }
        Ok(manifest_path.with_file_name(&self.component))
    }

    /// Reads the component (bounded).
    pub fn read_component(&self, manifest_path: &Path) -> Result<Vec<u8>> {
        read_bounded(&self.component_path(manifest_path)?, MAX_COMPONENT_BYTES)
    }
}

/// Reads a manifest; `path` may name the manifest, the component (`x.wasm` → `x.manifest.json`) or a directory
/// holding exactly one manifest.
pub fn read_manifest(path: &Path) -> Result<(PathBuf, Manifest)> {
    let manifest_path = resolve(path)?;
    let text = read_bounded(&manifest_path, MAX_MANIFEST_BYTES)
        .with_context(|| format!("无法读取插件清单 / cannot read the manifest `{}`", manifest_path.display()))?;
    let m: Manifest = serde_json::from_slice(&text)
        .with_context(|| format!("插件清单格式错误 / malformed manifest `{}`", manifest_path.display()))?;
    if m.kind == PluginKind::Table && !m.tier.is_pure() {
        bail!(
            "插件清单 `{}` 给规则表指定了 tier：规则表由宿主运行，没有层级 / the manifest `{}` gives a rule table a tier: tables are run by the host and have none",
            manifest_path.display(),
            manifest_path.display()
        );
    }
    Ok((manifest_path, m))
}

fn resolve(path: &Path) -> Result<PathBuf> {
    if path.is_dir() {
        let found: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".manifest.json"))
            .collect();
        return match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => bail!("目录中没有插件清单 / no *.manifest.json in `{}`", path.display()),
            _ => bail!("目录中有多个插件，请指明清单文件 / several plugins in `{}`; name one manifest", path.display()),
        };
    }
    let s = path.to_string_lossy();
    if let Some(stem) = s.strip_suffix(".wasm") {
        return Ok(PathBuf::from(format!("{stem}.manifest.json")));
    }
    Ok(path.to_path_buf())
}

/// Writes a manifest as pretty JSON.
pub fn write_manifest(path: &Path, m: &Manifest) -> Result<()> {
    let text = serde_json::to_string_pretty(m)? + "\n";
    std::fs::write(path, text).with_context(|| format!("无法写入 / cannot write `{}`", path.display()))
}

/// Creates a key pair for a department: `out` (secret) and `out.pub` (public).
pub fn keygen(out: &Path, department: &str) -> Result<(PathBuf, String)> {
    let mut csprng = rand_core::OsRng;
    let signing = SigningKey::generate(&mut csprng);
    let public = signing.verifying_key();
    let id = key_id(&public);
    let secret = SecretKeyFile {
        kind: "jiancha-secret-key".into(),
        department: department.into(),
        key_id: id.clone(),
        secret_key: hex::encode(signing.to_bytes()),
    };
    let pub_file = PublicKeyFile {
        kind: "jiancha-public-key".into(),
        department: department.into(),
        key_id: id.clone(),
        public_key: hex::encode(public.as_bytes()),
    };
    if out.exists() {
        bail!("`{}` 已存在，不覆盖密钥 / already exists; a key is never overwritten", out.display());
    }
    write_private(out, &(serde_json::to_string_pretty(&secret)? + "\n"))?;
    let pub_path = PathBuf::from(format!("{}.pub", out.display()));
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&pub_path)
            .with_context(|| format!("无法创建（已存在？）/ cannot create (exists?) `{}`", pub_path.display()))?;
        f.write_all((serde_json::to_string_pretty(&pub_file)? + "\n").as_bytes())?;
    }
    Ok((pub_path, id))
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("无法写入 / cannot write `{}`", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("无法写入 / cannot write `{}`", path.display()))
}

fn read_secret(path: &Path) -> Result<(SecretKeyFile, SigningKey)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if std::fs::metadata(path).is_ok_and(|m| m.mode() & 0o077 != 0) {
            bail!(
                "私钥文件 `{}` 可被他人读取，请先执行 chmod 600 / the secret key `{}` is readable by others; chmod 600 it first",
                path.display(),
                path.display()
            );
        }
    }
    let bytes = read_bounded(path, MAX_KEY_BYTES)
        .with_context(|| format!("无法读取密钥 / cannot read key `{}`", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow!("密钥文件不是 UTF-8 文本 / key `{}` is not UTF-8 text", path.display()))?;
    let f: SecretKeyFile = serde_json::from_str(&text)
        .with_context(|| format!("不是 jiancha 私钥文件 / not a jiancha secret key `{}`", path.display()))?;
    let bytes: [u8; 32] = hex::decode(&f.secret_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| anyhow!("私钥格式错误 / malformed secret key in `{}`", path.display()))?;
    Ok((f, SigningKey::from_bytes(&bytes)))
}

/// Longest key file read (a key file is a few hundred bytes).
const MAX_KEY_BYTES: u64 = 64 << 10;

/// Whether others than the owner may write a file: then someone else could put their own key, or drop a
/// revocation, in it. The caller warns; the file is still used, as the user asked.
pub fn writable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).is_ok_and(|m| m.mode() & 0o022 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Reads a trusted public key file (a regular file of at most 64 KiB).
pub fn read_public(path: &Path) -> Result<(PublicKeyFile, VerifyingKey)> {
    let bytes = read_bounded(path, MAX_KEY_BYTES)
        .with_context(|| format!("无法读取公钥 / cannot read key `{}`", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow!("公钥文件不是 UTF-8 文本 / key `{}` is not UTF-8 text", path.display()))?;
    let f: PublicKeyFile = serde_json::from_str(&text)
        .with_context(|| format!("不是 jiancha 公钥文件 / not a jiancha public key `{}`", path.display()))?;
    let bytes: [u8; 32] = hex::decode(&f.public_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| anyhow!("公钥格式错误 / malformed public key in `{}`", path.display()))?;
    let key = VerifyingKey::from_bytes(&bytes).map_err(|e| anyhow!("公钥无效 / invalid public key: {e}"))?;
    if key_id(&key) != f.key_id {
        bail!("公钥文件的 key_id 与公钥不符 / key_id does not match the key in `{}`", path.display());
    }
    Ok((f, key))
}

/// Signs a manifest in place with a department's secret key; the component must match the manifest's hash.
pub fn sign(manifest_path: &Path, key_path: &Path) -> Result<Manifest> {
    let (manifest_path, mut m) = read_manifest(manifest_path)?;
    let (key, signing) = read_secret(key_path)?;
    if key.department != m.department {
        let (place, place_en) = match m.kind {
            PluginKind::Table => ("规则表 [plugin] 中的 department", "`department` in the table's [plugin]"),
            PluginKind::Component => (
                "源代码中的部门（Rust：src/lib.rs 的 Meta::new；JavaScript：plugin.js 的 pluginMeta；Python：plugin.py 的 plugin_meta）",
                "the department in its source (Meta::new in src/lib.rs, pluginMeta in plugin.js, plugin_meta in plugin.py)",
            ),
        };
        bail!(
            "密钥属于“{}”，插件属于“{}”。若插件是本部门的，请把{place}改为“{}”后重新 jiancha plugin build；否则请用“{}”的密钥签名 / the key belongs to `{}`, the plugin to `{}`: if the plugin is yours, change {place_en} to `{}` and build again, or sign with a key of `{}`",
            key.department,
            m.department,
            key.department,
            m.department,
            key.department,
            m.department,
            key.department,
            m.department
        );
    }
    let bytes = m.read_component(&manifest_path)?;
    if sha256_hex(&bytes) != m.sha256 {
        bail!("组件与清单中的哈希不符，拒绝签名 / the component does not match the manifest's hash; not signing");
    }
    let sig = signing.sign(&signed_bytes(&m));
    m.signature = Some(Signature { key_id: key.key_id, value: hex::encode(sig.to_bytes()) });
    write_manifest(&manifest_path, &m)?;
    Ok(m)
}

/// Checks a manifest and its component against trusted keys.
pub fn verify(m: &Manifest, component: &[u8], trusted: &[(PublicKeyFile, VerifyingKey)]) -> Trust {
    if sha256_hex(component) != m.sha256 {
        return Trust::Unverified("组件已被篡改（哈希不符）/ the component was tampered with (hash mismatch)".into());
    }
    let Some(sig) = &m.signature else {
        return Trust::Unverified("未签名 / unsigned".into());
    };
    let Some((file, key)) = trusted.iter().find(|(f, _)| f.key_id == sig.key_id) else {
        return Trust::Unverified(format!("签名密钥 {} 不受信任 / signed by untrusted key {}", sig.key_id, sig.key_id));
    };
    if file.department != m.department {
        return Trust::Unverified(format!(
            "签名密钥属于“{}”，插件声称属于“{}” / key of `{}` signed a plugin of `{}`",
            file.department, m.department, file.department, m.department
        ));
    }
    let bytes: Option<[u8; 64]> = hex::decode(&sig.value).ok().and_then(|b| b.try_into().ok());
    let Some(bytes) = bytes else {
        return Trust::Unverified("签名格式错误 / malformed signature".into());
    };
    let signature = ed25519_dalek::Signature::from_bytes(&bytes);
    match key.verify(&signed_bytes(m), &signature) {
        Ok(()) => Trust::Verified { key_id: sig.key_id.clone() },
        Err(_) => Trust::Unverified("签名与清单不符 / the signature does not match the manifest".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(sha: &str) -> Manifest {
        Manifest {
            id: "p".into(),
            version: "1.0.0".into(),
            department: "磐安县应急管理局".into(),
            component: "p.wasm".into(),
            kind: PluginKind::Component,
            tier: Tier::Pure,
            sha256: sha.into(),
            signature: None,
        }
    }

    #[test]
    fn sign_and_verify_round_trip_and_tamper_detection() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("jiancha-manifest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let component = b"\0asm fake component".to_vec();
        std::fs::write(dir.join("p.wasm"), &component)?;
        write_manifest(&dir.join("p.manifest.json"), &manifest(&sha256_hex(&component)))?;
        let (pub_path, _) = keygen(&dir.join("key"), "磐安县应急管理局")?;
        let signed = sign(&dir.join("p.manifest.json"), &dir.join("key"))?;
        let trusted = vec![read_public(&pub_path)?];
        assert!(verify(&signed, &component, &trusted).is_verified());
        // Tampered component, changed version, unknown key, unsigned.
        assert!(!verify(&signed, b"other", &trusted).is_verified());
        let mut bumped = signed.clone();
        bumped.version = "9.9.9".into();
        assert!(!verify(&bumped, &component, &trusted).is_verified());
        // The tier is signed: a pure plugin cannot be given the WASI tier by editing its manifest.
        let mut widened = signed.clone();
        widened.tier = Tier::Wasi;
        assert!(!verify(&widened, &component, &trusted).is_verified());
        assert!(!verify(&signed, &component, &[]).is_verified());
        assert!(!verify(&manifest(&sha256_hex(&component)), &component, &trusted).is_verified());
        // A key of another department cannot sign.
        keygen(&dir.join("other"), "别的部门")?;
        assert!(sign(&dir.join("p.manifest.json"), &dir.join("other")).is_err());
        // A WASI-tier plugin signed as such verifies; taken down to the pure tier, it does not.
        let mut wasi = manifest(&sha256_hex(&component));
        wasi.tier = Tier::Wasi;
        write_manifest(&dir.join("p.manifest.json"), &wasi)?;
        let signed = sign(&dir.join("p.manifest.json"), &dir.join("key"))?;
        assert!(verify(&signed, &component, &trusted).is_verified());
        assert!(std::fs::read_to_string(dir.join("p.manifest.json"))?.contains("\"tier\": \"wasi\""));
        let mut narrowed = signed;
        narrowed.tier = Tier::Pure;
        assert!(!verify(&narrowed, &component, &trusted).is_verified());
        Ok(())
    }
}
