//! A compact binary form of findings and output lines, for what a batch run keeps between its two passes (the
//! cross-record findings in memory, the spool of pass 1 on disk). It is private to one run — never a file format
//! anyone else reads — so it is shaped for speed only: strings are their bytes after a length (no escaping either
//! way), a rule is its id (resolved again through the catalogue on reading, by the caller's `lookup`, since this
//! module sits below it), and a built-in rule's own citations are one byte.
//!
//! Reading checks every length against what is left and every string for UTF-8, and gives `None` for anything it
//! did not write; it never panics on damaged bytes.

use std::borrow::Cow;

use crate::finding::{Finding, LineError, OutputLine, Scope};
use crate::meta::{Citation, RuleId, RuleMeta, Severity};

/// Finds a built-in rule's metadata by its id (`catalogue::lookup`).
pub type Lookup = fn(&str) -> Option<&'static RuleMeta>;

/// Appends `n` as LEB128.
pub fn put_uint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_uint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// `None` as 0, `Some(n)` as 1 and n.
fn put_opt(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => {
            out.push(1);
            put_uint(out, n as u64);
        }
        None => out.push(0),
    }
}

/// Bytes being read back.
#[derive(Debug)]
pub struct Reader<'a> {
    /// What is left to read.
    pub bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// One byte.
    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    /// A number [`put_uint`] wrote.
    pub fn uint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A number [`put_uint`] wrote, as a `usize`.
    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.uint()?).ok()
    }

    fn opt(&mut self) -> Option<Option<usize>> {
        match self.byte()? {
            0 => Some(None),
            1 => self.usize().map(Some),
            _ => None,
        }
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.usize()?;
        if len > self.bytes.len() {
            return None;
        }
        let (s, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        std::str::from_utf8(s).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    /// A count of items each at least one byte long: never more than the bytes left (so that a damaged count
    /// cannot reserve memory the bytes could not fill).
    fn count(&mut self) -> Option<usize> {
        self.usize().filter(|n| *n <= self.bytes.len())
    }
}

const SCOPES: [Scope; 5] = [Scope::Agency, Scope::Dataset, Scope::Enterprise, Scope::Inspection, Scope::Plan];
const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Violation];

/// Appends a finding.
pub fn put_finding(out: &mut Vec<u8>, f: &Finding) {
    let builtin = f.rule.meta();
    out.push(u8::from(builtin.is_some()));
    put_str(out, &f.rule);
    out.push(SEVERITIES.iter().position(|s| *s == f.severity).unwrap_or_default() as u8);
    put_str(out, &f.message);
    put_str(out, &f.message_en);
    let own = builtin.is_some_and(|meta| {
        meta.citations.len() == f.citations.len()
            && meta.citations.iter().zip(&f.citations).all(|((s, a), c)| c.source == *s && c.article == *a)
    });
    if own {
        out.push(0);
    } else {
        put_uint(out, f.citations.len() as u64 + 1);
        for c in &f.citations {
            put_str(out, &c.source);
            put_str(out, &c.article);
        }
    }
    put_str(out, &f.path);
    put_uint(out, f.related.len() as u64);
    for r in &f.related {
        put_str(out, r);
    }
    put_opt(out, f.related_total);
}

fn finding(r: &mut Reader<'_>, lookup: Lookup) -> Option<Finding> {
    let rule = match r.byte()? {
        0 => RuleId::from(r.string()?),
        1 => RuleId::Builtin(lookup(r.str()?)?),
        _ => return None,
    };
    let severity = *SEVERITIES.get(usize::from(r.byte()?))?;
    let message = r.string()?;
    let message_en = r.string()?;
    let citations = match r.count()? {
        0 => rule.meta()?.citation_list(),
        n => (1..n)
            .map(|_| {
                let source = Cow::Owned(r.string()?);
                Some(Citation { source, article: Cow::Owned(r.string()?) })
            })
            .collect::<Option<_>>()?,
    };
    let path = r.string()?;
    let related = (0..r.count()?).map(|_| r.string()).collect::<Option<_>>()?;
    let related_total = r.opt()?;
    Some(Finding { rule, severity, message, message_en, citations, path, related, related_total })
}

/// Reads back a finding [`put_finding`] wrote (the whole of `bytes`).
pub fn get_finding(bytes: &[u8], lookup: Lookup) -> Option<Finding> {
    let mut r = Reader { bytes };
    finding(&mut r, lookup).filter(|_| r.bytes.is_empty())
}

/// Appends an output line.
pub fn put_line(out: &mut Vec<u8>, line: &OutputLine) {
    out.push(SCOPES.iter().position(|s| *s == line.scope).unwrap_or_default() as u8);
    put_opt(out, line.line);
    match &line.id {
        Some(id) => {
            out.push(1);
            put_str(out, id);
        }
        None => out.push(0),
    }
    match &line.error {
        Some(e) => {
            out.push(1);
            put_str(out, &e.message);
            put_str(out, &e.path);
        }
        None => out.push(0),
    }
    put_uint(out, line.findings.len() as u64);
    for f in &line.findings {
        put_finding(out, f);
    }
}

/// Reads back an output line [`put_line`] wrote at the start of `bytes`; gives the line and the bytes after it.
pub fn get_line(bytes: &[u8], lookup: Lookup) -> Option<(OutputLine, &[u8])> {
    let mut r = Reader { bytes };
    let scope = *SCOPES.get(usize::from(r.byte()?))?;
    let line = r.opt()?;
    let id = match r.byte()? {
        0 => None,
        1 => Some(r.string()?),
        _ => return None,
    };
    let error = match r.byte()? {
        0 => None,
        1 => Some(LineError { message: r.string()?, path: r.string()? }),
        _ => return None,
    };
    let findings = (0..r.count()?).map(|_| finding(&mut r, lookup)).collect::<Option<_>>()?;
    Some((OutputLine { scope, line, id, error, findings }, r.bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Rule, lookup};

    fn lines() -> Vec<OutputLine> {
        let mut findings = Vec::new();
        for (i, rule) in Rule::ALL.iter().enumerate() {
            let f =
                Finding::new(rule.meta(), format!("/items/{i}"), format!("第{i}条 “引号” \\ \n"), format!("rule {i}"));
            findings.push(if i % 3 == 0 { f.related_of(vec!["a".into(), "b".into()], 40 + i) } else { f });
        }
        // A built-in rule whose citations are not its own, and a plugin's rule.
        let mut cited = Finding::new(Rule::ALL[1].meta(), "", String::new(), String::new());
        cited.citations =
            vec![Citation { source: Cow::Owned("dept-2025".into()), article: Cow::Borrowed("第三条") }];
        let mut plugin = cited.clone();
        plugin.rule = RuleId::from("safety.no-permit".to_string());
        plugin.severity = Severity::Info;
        let mut uncited = plugin.clone();
        uncited.citations.clear();
        vec![
            OutputLine { scope: Scope::Inspection, line: Some(7), id: Some("INS-1".into()), error: None, findings },
            OutputLine {
                scope: Scope::Inspection,
                line: Some(usize::MAX),
                id: None,
                error: Some(LineError { message: "不是 JSON / not JSON".into(), path: "/a~1b".into() }),
                findings: vec![cited, plugin, uncited],
            },
            OutputLine { scope: Scope::Plan, line: None, id: Some(String::new()), error: None, findings: Vec::new() },
        ]
    }

    #[test]
    fn lines_read_back_as_written() {
        let mut bytes = Vec::new();
        let written = lines();
        for line in &written {
            put_line(&mut bytes, line);
        }
        let mut rest = bytes.as_slice();
        for line in &written {
            let (back, after) = get_line(rest, lookup).expect("reads back");
            assert_eq!(&back, line);
            assert_eq!(serde_json::to_string(&back).ok(), serde_json::to_string(line).ok());
            rest = after;
        }
        assert!(rest.is_empty());
        let one = &written[0].findings[0];
        let mut f = Vec::new();
        put_finding(&mut f, one);
        assert_eq!(get_finding(&f, lookup).as_ref(), Some(one));
        f.push(0);
        assert_eq!(get_finding(&f, lookup), None, "bytes after a finding are refused");
    }

    #[test]
    fn damaged_bytes_are_refused_never_a_panic() {
        let mut bytes = Vec::new();
        for line in lines() {
            put_line(&mut bytes, &line);
        }
        for cut in 0..bytes.len() {
            if let Some((_, rest)) = get_line(&bytes[..cut], lookup) {
                assert!(rest.len() < cut);
            }
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let mut damaged = bytes.clone();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % damaged.len();
            damaged[at] ^= (seed >> 32) as u8 | 1;
            let _ = get_line(&damaged, lookup);
        }
        assert_eq!(get_line(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], lookup), None);
    }
}
