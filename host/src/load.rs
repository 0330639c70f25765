//! Reading a dataset (a directory or one JSON object) and the inspection records from disk or stdin.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use jiancha_core::dataset::FILES;
use jiancha_core::finding::LineError;
use jiancha_core::{Dataset, Input, parse_record, parse_records};

/// Loads a dataset from a directory (the files of the data contract) or one JSON file (the object form).
/// Files of a directory that are not part of the contract (a README, records) are left alone; a `.json` or
/// `.toml` file with a name close to the contract's is reported on stderr, since it is most likely a typo.
pub fn load_dataset(path: &Path) -> Result<Dataset> {
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
                let text = read_text(&p)?;
                files.push((name, text));
            } else if (name.ends_with(".json") || name.ends_with(".toml")) && looks_like_contract_file(&name) {
                eprintln!(
                    "警告 / warning: 数据集目录中的 `{name}` 不是数据契约中的文件名，已忽略（是否拼写错误？应为 {}）/ `{name}` is not a dataset file name and was ignored",
                    FILES.join(", ")
                );
            }
        }
        Ok(Dataset::from_files(&path.display().to_string(), &files)?)
    } else {
        let text = read_text(path)?;
        Ok(Dataset::from_object(&path.display().to_string(), &text)?)
    }
}

fn looks_like_contract_file(name: &str) -> bool {
    let stem = name.trim_end_matches(".json").trim_end_matches(".toml");
    ["agenc", "inspector", "enterprise", "item", "plan", "polic", "calendar"].iter().any(|k| stem.contains(k))
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("无法读取文件 / cannot read `{}`", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "`{}` 不是有效的 UTF-8 文本（第{}字节）/ is not valid UTF-8 (at byte {})",
            path.display(),
            e.utf8_error().valid_up_to(),
            e.utf8_error().valid_up_to()
        )
    })
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
            bail!("输入 `{input}` 是一个目录，应为 JSON Lines 文件 / input `{input}` is a directory, expected a JSON Lines file");
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
            .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
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
