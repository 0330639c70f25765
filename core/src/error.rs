//! Errors of reading input: every one names the file, the line and the JSON path of the bad field.
//!
//! Messages are Chinese first with English beside. Findings are not errors: an error means some input could
//! not be read at all.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Input that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct InputError {
    /// The file (or stream) it was read from.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// JSON pointer to the bad field (`""` for the whole document).
    pub path: String,
    /// What is wrong, Chinese first, English beside.
    pub message: String,
}

impl InputError {
    /// Builds an error.
    pub fn new(file: &str, line: usize, column: usize, path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError { file: file.to_string(), line, column, path: path.into(), message: message.into() }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        if !self.path.is_empty() {
            write!(f, " 字段/field `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Converts serde_path_to_error's path into a JSON pointer (`/2/kind`).
pub fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => {
                out.pop();
            }
        }
    }
    out
}

/// Turns a serde message into a Chinese-first message, and refines the path where the message names a field.
pub fn describe(raw: &str, path: &mut String) -> String {
    // serde_json appends " at line L column C"; the position is reported separately.
    let msg = match raw.rfind(" at line ") {
        Some(i) => raw.get(..i).unwrap_or(raw),
        None => raw,
    };
    let field = msg.split('`').nth(1).unwrap_or("");
    let zh = if msg.starts_with("unknown field") {
        if !path.ends_with(&format!("/{field}")) {
            path.push('/');
            path.push_str(field);
        }
        "未知字段（拼写错误会使规则失效，故不予接受）"
    } else if msg.starts_with("missing field") {
        path.push('/');
        path.push_str(field);
        "缺少必填字段"
    } else if msg.starts_with("unknown variant") {
        "取值不在允许范围内"
    } else if msg.starts_with("invalid type") {
        "类型错误"
    } else if msg.starts_with("invalid value") || msg.starts_with("invalid length") {
        "取值无效"
    } else if msg.starts_with("duplicate field") {
        "字段重复"
    } else if msg.starts_with("EOF") {
        "JSON 不完整"
    } else if msg.starts_with("expected") || msg.starts_with("trailing") || msg.starts_with("key must") {
        "JSON 语法错误"
    } else if msg.chars().next().is_some_and(|c| !c.is_ascii()) {
        // Our own messages (dates, times, policy values) are already bilingual, Chinese first.
        return msg.to_string();
    } else {
        "数据无效"
    };
    format!("{zh} / {msg}")
}

/// Parses one JSON text into `T`; on failure gives the JSON pointer of the bad field and serde_json's error.
pub fn from_str_with_path<T: DeserializeOwned>(text: &str) -> Result<T, (String, serde_json::Error)> {
    // Files saved by some Windows tools start with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| (pointer(e.path()), e.into_inner()))?;
    de.end().map_err(|e| (String::new(), e))?;
    Ok(value)
}

/// Parses a JSON document into `T`, with an error that names the file, line, column and path.
pub fn parse_json<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, InputError> {
    // Valid text (the usual case) is read without tracking paths; the path is only wanted for an error. Not in
    // the browser, where a second deserialiser for every dataset type costs more to load than it saves.
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(v) = serde_json::from_str(text) {
        return Ok(v);
    }
    from_str_with_path(text).map_err(|(mut path, inner)| {
        let message = describe(&inner.to_string(), &mut path);
        InputError::new(file, inner.line(), inner.column(), path, message)
    })
}

/// Deserialises an already-parsed JSON value into `T`, naming `file` and `base` (the value's pointer) in errors.
pub fn from_value<T: DeserializeOwned>(file: &str, base: &str, value: serde_json::Value) -> Result<T, InputError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = format!("{base}{}", pointer(e.path()));
        let message = describe(&e.inner().to_string(), &mut path);
        InputError::new(file, 0, 0, path, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Agency;

    #[test]
    fn unknown_field_names_line_and_path() {
        let text = "[\n {\"id\": \"A\", \"name\": \"x\", \"kind\": \"administrative-organ\"},\n {\"id\": \"B\", \"name\": \"y\", \"knd\": 1}\n]";
        let e = parse_json::<Vec<Agency>>("agencies.json", text).err();
        let e = e.map(|e| (e.line, e.path, e.message.starts_with("未知字段")));
        assert_eq!(e, Some((3, "/1/knd".to_string(), true)));
    }

    #[test]
    fn missing_field_points_at_it() {
        let e = parse_json::<Vec<Agency>>("agencies.json", r#"[{"id": "A", "name": "x"}]"#).err();
        assert_eq!(e.map(|e| e.path), Some("/0/kind".to_string()));
    }

    #[test]
    fn bad_enum_value() {
        let e = parse_json::<Vec<Agency>>("a.json", r#"[{"id": "A", "name": "x", "kind": "ministry"}]"#).err();
        assert_eq!(e.map(|e| (e.path, e.message.starts_with("取值不在"))), Some(("/0/kind".to_string(), true)));
    }
}
