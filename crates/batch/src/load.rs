//! Reading a dataset (a directory or one JSON object) and the inspection records from disk or stdin.
//!
//! Every file of reference data is read with [`read_bounded`]: only a regular file (a FIFO would wait forever,
//! `/dev/zero` would never end), at most a documented number of bytes ([`DATASET_FILE_MAX`], [`POLICY_MAX`],
//! [`KEY_MAX`]), and through `take(cap + 1)`, so that a file that grows while it is read is still bounded.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use jiancha_core::dataset::FILES;
use jiancha_core::finding::LineError;
use jiancha_core::{Dataset, Input, parse_record, parse_records};

/// Loads a dataset from a directory (the files of the data contract) or one JSON file (the object form).
/// Files of a directory that are not part of the contract (a README, records) are left alone; see
/// [`load_dataset_with_notes`] for the ones that look like a misspelt contract file.
pub fn load_dataset(path: &Path) -> Result<Dataset> {
    load_dataset_with_notes(path).map(|(ds, _)| ds)
}

/// [`load_dataset`], with a note for the user on each `.json` or `.toml` file of the directory whose name is
/// close to a contract file's but is not one (most likely a typo: the file was ignored).
pub fn load_dataset_with_notes(path: &Path) -> Result<(Dataset, Vec<String>)> {
    let mut notes = Vec::new();
    let meta = std::fs::metadata(path)
        .with_context(|| format!("无法读取数据集 / cannot read the dataset `{}`", path.display()))?;
    if meta.is_dir() {
        let mut files = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .with_context(|| format!("无法列出数据集目录 / cannot list the dataset directory `{}`", path.display()))?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().to_string();
            if FILES.contains(&name.as_str()) {
                let p = entry.path();
                if p.is_dir() {
                    bail!("数据集文件 `{}` 是一个目录 / dataset file `{}` is a directory", p.display(), p.display());
                }
                let text = read_bounded(&p, dataset_cap(&name), "数据集文件 / dataset file")?;
                files.push((name, text));
            } else if (name.ends_with(".json") || name.ends_with(".toml")) && looks_like_contract_file(&name) {
                notes.push(format!(
                    "数据集目录中的 `{name}` 不是数据契约中的文件名，已忽略（是否拼写错误？应为 {}）/ `{name}` is not a dataset file name and was ignored",
                    FILES.join(", ")
                ));
            }
        }
        Ok((Dataset::from_files(&path.display().to_string(), &files)?, notes))
    } else {
        let text = read_bounded(path, DATASET_FILE_MAX, "数据集文件 / dataset file")?;
        Ok((Dataset::from_object(&path.display().to_string(), &text)?, notes))
    }
}

fn looks_like_contract_file(name: &str) -> bool {
    let stem = name.trim_end_matches(".json").trim_end_matches(".toml");
    ["agenc", "inspector", "enterprise", "item", "plan", "polic", "calendar"].iter().any(|k| stem.contains(k))
}

/// Largest dataset file read (1 GiB): each JSON part of a dataset directory (`agencies.json`, `inspectors.json`,
/// `enterprises.json`, `items.json`, `plans.json`) and a dataset given as one JSON object. A county's
/// `enterprises.json` is about 25 MB and a whole province's reference data 333 MB (`BENCHMARKS.md`), so this
/// leaves room without letting one file take the machine's memory.
pub const DATASET_FILE_MAX: u64 = 1 << 30;
/// Largest `policy.toml` (the dataset's, or `--policy`) and `calendar.json` read (64 MiB): a few KB in practice.
pub const POLICY_MAX: u64 = 64 << 20;
/// Largest key file read (64 KiB; a `jiancha plugin keygen` public key is about 300 bytes).
pub const KEY_MAX: u64 = 64 << 10;

/// The cap of the dataset file `name` (a name of [`FILES`]).
pub fn dataset_cap(name: &str) -> u64 {
    match name {
        "policy.toml" | "calendar.json" => POLICY_MAX,
        _ => DATASET_FILE_MAX,
    }
}

/// A size for messages: `64 KiB`, `64 MiB`, `1 GiB`.
fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Reads the text of the regular file `path`, at most `cap` bytes. `what` names the file in messages, Chinese
/// and English as `政策文件 / policy file`.
///
/// A FIFO, a device, a socket or a directory is refused (without waiting on a FIFO: it is opened non-blocking
/// and checked on the open handle), so is a file over `cap`, one that grows past `cap` while it is read, and
/// text that is not UTF-8 (naming the line and byte). Every message names the file.
pub fn read_bounded(path: &Path, cap: u64, what: &str) -> Result<String> {
    let bytes = read_bounded_bytes(path, cap, what)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes().get(..at).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1;
        let (zh, en) = what.split_once(" / ").unwrap_or((what, what));
        anyhow::anyhow!(
            "{zh} `{}` 不是有效的 UTF-8 文本（第{line}行，字节偏移 {at}）/ {en} `{}` is not valid UTF-8 (line {line}, byte offset {at})",
            path.display(),
            path.display()
        )
    })
}

/// [`read_bounded`] without the UTF-8 check: the bytes of a regular file of at most `cap` bytes.
pub fn read_bounded_bytes(path: &Path, cap: u64, what: &str) -> Result<Vec<u8>> {
    let (zh, en) = what.split_once(" / ").unwrap_or((what, what));
    let shown = path.display();
    let file =
        open_nonblocking(path).with_context(|| format!("无法读取{zh} `{shown}` / cannot read {en} `{shown}`"))?;
    let meta = file.metadata().with_context(|| format!("无法读取{zh} `{shown}` / cannot read {en} `{shown}`"))?;
    if !meta.is_file() {
        let (kind_zh, kind_en) = file_kind(&meta);
        bail!(
            "{zh} `{shown}` 不是普通文件（是{kind_zh}），拒绝读取 / {en} `{shown}` is not a regular file ({kind_en}); refused"
        );
    }
    let limit = size_text(cap);
    if meta.len() > cap {
        bail!(
            "{zh} `{shown}` 有 {} 字节，超过 {limit} 上限，拒绝读取 / {en} `{shown}` is {} bytes, over the {limit} cap; refused",
            meta.len(),
            meta.len()
        );
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("无法读取{zh} `{shown}` / cannot read {en} `{shown}`"))?;
    if bytes.len() as u64 > cap {
        bail!(
            "{zh} `{shown}` 在读取时超过 {limit} 上限（文件仍在增长？），拒绝读取 / {en} `{shown}` grew past the {limit} cap while it was read; refused"
        );
    }
    Ok(bytes)
}

/// Opens `path` for reading without blocking on a FIFO (whose open would otherwise wait for a writer).
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(i32::try_from(rustix::fs::OFlags::NONBLOCK.bits()).unwrap_or(0));
    }
    options.open(path)
}

/// What a file that is not a regular file is, for messages.
fn file_kind(meta: &std::fs::Metadata) -> (&'static str, &'static str) {
    if meta.is_dir() {
        return ("目录", "a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return ("命名管道 FIFO", "a FIFO");
        }
        if t.is_char_device() || t.is_block_device() {
            return ("设备文件", "a device");
        }
        if t.is_socket() {
            return ("套接字", "a socket");
        }
    }
    ("特殊文件", "a special file")
}

/// Whether an input line (without its line end) is blank: only Unicode White_Space, the rule of `str::trim`
/// that `jiancha_core::parse_records` uses, so that the streaming reader and the engine skip the same lines
/// (U+3000 IDEOGRAPHIC SPACE and U+00A0 included). A line that is not UTF-8 is not blank.
pub fn is_blank(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(&b) = rest.first() {
        let len = match b {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => return false,
        };
        let white = rest
            .get(..len)
            .and_then(|c| std::str::from_utf8(c).ok())
            .and_then(|c| c.chars().next())
            .is_some_and(char::is_whitespace);
        if !white {
            return false;
        }
        rest = rest.get(len..).unwrap_or_default();
    }
    true
}

/// Reads the records of `input` (a path, or `-` for stdin). A line that is not valid UTF-8 becomes an error
/// line of its own; the rest of the input is still read.
pub fn read_inputs(input: &str) -> Result<Vec<Input>> {
    Ok(parse_bytes(&read_bytes(input)?))
}

/// Reads the raw bytes of `input` (a path, or `-` for stdin).
pub fn read_bytes(input: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).context("无法读取标准输入 / cannot read stdin")?;
    } else {
        let p = Path::new(input);
        if p.is_dir() {
            bail!(
                "输入 `{input}` 是一个目录，应为 JSON Lines 文件 / input `{input}` is a directory, expected a JSON Lines file"
            );
        }
        bytes = std::fs::read(p).with_context(|| format!("无法读取输入文件 / cannot read input `{input}`"))?;
    }
    Ok(bytes)
}

/// Parses input bytes: whole-text forms when the text is UTF-8, line by line otherwise.
pub fn parse_bytes(bytes: &[u8]) -> Vec<Input> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_records(text),
        Err(_) => bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .filter(|(_, l)| !is_blank(l))
            .map(|(i, l)| {
                let end = l.iter().rposition(|b| *b != b'\r').map_or(0, |p| p + 1);
                parse_line(i + 1, l.get(..end).unwrap_or_default())
            })
            .collect(),
    }
}

/// The record of one input line (without its line end), or an error line naming the first byte that is not
/// UTF-8.
pub fn parse_line(line: usize, bytes: &[u8]) -> Input {
    match std::str::from_utf8(bytes) {
        Ok(s) => parse_record(line, s),
        Err(e) => Input::Error {
            line,
            error: LineError {
                message: format!(
                    "本行不是有效的 UTF-8 文本（第{}字节）/ line is not valid UTF-8 (at byte {})",
                    e.valid_up_to() + 1,
                    e.valid_up_to() + 1
                ),
                path: String::new(),
            },
        },
    }
}
