//! The `jiancha` binary as a user meets it: exit codes, error messages, formats, stdin.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jiancha"))
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiancha-cli-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

const DATASET: &str = r#"{"agencies":[{"id":"A1","name":"磐安县应急管理局","kind":"administrative-organ"}],
"inspectors":[{"id":"P1","name":"张三","agency":"A1","role":"officer","certificate":{"number":"C1","issued_by":"A1","valid_from":"2024-01-01","valid_until":"2026-12-31"}},
{"id":"P2","name":"李四","agency":"A1","role":"officer","certificate":{"number":"C2","issued_by":"A1","valid_from":"2024-01-01","valid_until":"2026-12-31"}}],
"enterprises":[{"id":"91330727MA2HQ0008A","name":"磐安某中药饮片有限公司","industry":"C2730"}],
"items":[{"id":"IT1","agency":"A1","name":"安全生产检查","legal_basis":"安全生产法","published_on":"2025-01-01","method":"on-site"}]}"#;

fn record(id: &str, month: u32, code: bool) -> String {
    let code = if code {
        format!(r#""code":"X{id}","code_assigned_at":"2025-{month:02}-09T10:00:00+08:00","#)
    } else {
        String::new()
    };
    format!(
        r#"{{"id":"{id}","trigger":"random-sampling","mode":"on-site","lead_agency":"A1","inspectors":["P1","P2"],"enterprise":"91330727MA2HQ0008A","started_at":"2025-{month:02}-10T09:00:00","ended_at":"2025-{month:02}-10T11:00:00+08:00","items":["IT1"],"approval":{{"approved_at":"2025-{month:02}-09T09:00:00+08:00"}},{code}"notice":{{"sent_at":"2025-{month:02}-08T09:00:00+08:00","time":true,"basis":true,"purpose":true,"content":true}}}}"#
    )
}

fn setup(name: &str, records: &[String]) -> (PathBuf, PathBuf) {
    let dir = tmp(name);
    let ds = dir.join("dataset.json");
    let _ = std::fs::write(&ds, DATASET);
    let rec = dir.join("records.jsonl");
    let _ = std::fs::write(&rec, records.join("\n") + "\n");
    (ds, rec)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap_or_else(|e| panic!("cannot run jiancha: {e}"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[test]
fn clean_run_exits_zero_with_one_line_per_record() {
    let (ds, rec) = setup("clean", &[record("R1", 3, true), record("R2", 9, true)]);
    let out = run(&["check", "--dataset", s(&ds), s(&rec)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2);
    assert!(text.starts_with(r#"{"scope":"inspection","line":1,"id":"R1","findings":[]}"#));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 records"));
}

#[test]
fn deny_exits_one_only_when_a_finding_is_severe_enough() {
    let (ds, rec) = setup("deny", &[record("R1", 3, false)]);
    assert_eq!(run(&["check", "--dataset", s(&ds), "--deny", "violation", "-q", s(&rec)]).status.code(), Some(1));
    assert_eq!(run(&["check", "--dataset", s(&ds), "-q", s(&rec)]).status.code(), Some(0));
    let (ds, rec) = setup("deny-warning", &[record("R1", 3, true), record("R2", 5, true)]);
    // Only a repeated-item warning: --deny violation passes, --deny warning fails.
    assert_eq!(run(&["check", "--dataset", s(&ds), "--deny", "violation", "-q", s(&rec)]).status.code(), Some(0));
    assert_eq!(run(&["check", "--dataset", s(&ds), "--deny", "warning", "-q", s(&rec)]).status.code(), Some(1));
}

#[test]
fn deny_fails_on_unreadable_lines() {
    let (ds, rec) = setup("deny-errors", &["{not json}".into()]);
    // A file of which nothing could be read fails the data-quality gate, --deny or not.
    assert_eq!(run(&["check", "--dataset", s(&ds), "-q", s(&rec)]).status.code(), Some(3));
    assert_eq!(run(&["check", "--dataset", s(&ds), "--deny", "violation", "-q", s(&rec)]).status.code(), Some(3));
    // With the gate opened, --deny still fails on the unreadable line.
    let open = ["check", "--dataset", s(&ds), "--max-unreadable", "100", "-q"];
    assert_eq!(run(&[&open[..], &[s(&rec)]].concat()).status.code(), Some(0));
    assert_eq!(run(&[&open[..], &["--deny", "violation", s(&rec)]].concat()).status.code(), Some(1));
}

#[test]
fn bad_lines_get_error_lines_and_the_run_goes_on() {
    let (ds, rec) = setup(
        "bad",
        &[
            record("R1", 3, true),
            "{not json".into(),
            r#"{"id":"R9","trigger":"plan","typo":1}"#.into(),
            record("R2", 9, true),
        ],
    );
    let out = run(&["check", "--dataset", s(&ds), s(&rec)]);
    // Half the lines could not be read: every line is still written, and the run fails the data-quality gate
    // (exit 3), the summary opening with the banner.
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    let banner = err.find("!!! 数据质量：4 条中有 2 条（50.0%）无法读取").expect("the banner");
    assert!(banner < err.find("检查记录 4 条").unwrap(), "the banner opens the summary: {err}");
    assert!(err.contains("--max-unreadable 1%"), "{err}");
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["id"], serde_json::Value::Null);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["error"]["path"], "/typo");
    assert_eq!(lines[3]["id"], "R2");
}

#[test]
fn stdin_input() {
    let (ds, _) = setup("stdin", &[]);
    let mut child = bin()
        .args(["check", "--dataset", s(&ds), "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all((record("R1", 3, true) + "\n\n").as_bytes());
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn missing_dataset_exits_two_and_names_it() {
    let out = run(&["check", "--dataset", "/nonexistent/ds.json", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/ds.json"));
}

#[test]
fn bad_dataset_names_file_line_and_field() {
    let dir = tmp("badds");
    let ds = dir.join("dataset.json");
    let _ = std::fs::write(&ds, "{\"agencies\": [\n  {\"id\": \"A\", \"name\": \"x\", \"kind\": \"bureau\"}\n]}");
    let out = run(&["check", "--dataset", s(&ds), "-"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("dataset.json:2"), "{err}");
    assert!(err.contains("/agencies/0/kind"), "{err}");
}

#[test]
fn bad_policy_names_the_key() {
    let (ds, rec) = setup("policy", &[record("R1", 3, true)]);
    let policy = ds.with_file_name("policy.toml");
    let _ = std::fs::write(&policy, "# county\nonsite_cap_per_agency_enterprise_yeer = 3\n");
    let out = run(&["check", "--dataset", s(&ds), "--policy", s(&policy), s(&rec)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("policy.toml:2") && err.contains("onsite_cap_per_agency_enterprise_yeer"), "{err}");
}

#[test]
fn policy_override_changes_the_cap() {
    let recs: Vec<String> = (3..=5).map(|m| record(&format!("R{m}"), m, true)).collect();
    let (ds, rec) = setup("cap", &recs);
    let out = run(&["check", "--dataset", s(&ds), "-q", s(&rec)]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("frequency.onsite-cap"));
    let policy = ds.with_file_name("policy.toml");
    let _ = std::fs::write(&policy, "onsite_cap_per_agency_enterprise_year = 3\n");
    let out = run(&["check", "--dataset", s(&ds), "--policy", s(&policy), "-q", s(&rec)]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("frequency.onsite-cap"));
}

#[test]
fn formats_json_and_table() {
    let (ds, rec) = setup("formats", &[record("R1", 3, false)]);
    let out = run(&["check", "--dataset", s(&ds), "--format", "json", "-q", s(&rec)]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["summary"]["violation"], 1);
    assert_eq!(doc["lines"][0]["findings"][0]["rule"], "code.missing");
    let out = run(&["check", "--dataset", s(&ds), "--format", "table", "-q", s(&rec)]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("code.missing"));
}

#[test]
fn output_file() {
    let (ds, rec) = setup("outfile", &[record("R1", 3, true)]);
    let target = ds.with_file_name("out.jsonl");
    let out = run(&["check", "--dataset", s(&ds), "-q", "--output", s(&target), s(&rec)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&target).map(|t| t.lines().count()).unwrap_or(0), 1);
}

#[test]
fn rules_json_lists_every_rule() {
    let out = run(&["rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(rules.len(), jiancha_core::RULES.len() + 2);
    assert!(rules.iter().any(|x| x["id"] == "plugin.failed" && x["kind"] == "host"));
    assert!(rules.iter().any(|x| x["id"] == "plugin.sector-data-invalid" && x["kind"] == "host" && x["remedy"] != ""));
    for r in jiancha_core::RULES {
        assert!(rules.iter().any(|x| x["id"] == r.id), "{} missing", r.id);
    }
    assert_eq!(rules[0]["citations"][0]["source"], "gbf-2024-54");
    let md = run(&["rules", "--format", "markdown"]);
    assert!(String::from_utf8_lossy(&md.stdout).contains("| `frequency.onsite-cap` | violation |"));
}

#[test]
fn docs_rules_md_is_the_generated_catalogue() {
    let out = run(&["rules", "--format", "markdown"]);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    if std::env::var_os("JIANCHA_BLESS").is_some() {
        let _ = std::fs::write(&path, &out.stdout);
    }
    let have = std::fs::read(&path).unwrap_or_default();
    assert!(have == out.stdout, "docs/rules.md is stale: run scripts/bless.sh");
}

#[test]
fn stdin_streams_the_same_lines_as_a_file_with_bad_lines_in_between() {
    let lines =
        [record("R1", 3, true), "not json".to_string(), String::new(), record("R2", 4, false), "[1]".to_string()];
    let (ds, rec) = setup("stdin-same", &lines);
    let from_file = run(&["check", "--dataset", s(&ds), "-q", s(&rec)]);
    let mut child = bin()
        .args(["check", "--dataset", s(&ds), "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(&rec).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&text));
    let from_stdin = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let out = String::from_utf8_lossy(&from_file.stdout);
    let numbers: Vec<u64> =
        out.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()?["line"].as_u64()).collect();
    assert_eq!(numbers, [1, 2, 4, 5], "blank line 3 has no output line; every other line has one");
}

#[test]
fn machine_readable_progress_and_a_final_summary_line() {
    let (ds, rec) = setup("progress", &[record("R1", 3, true), record("R2", 9, true)]);
    let out = run(&[
        "check",
        "--dataset",
        s(&ds),
        "--progress",
        "json",
        "-o",
        s(&tmp("progress").join("out.jsonl")),
        s(&rec),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    let progress: Vec<serde_json::Value> =
        err.lines().filter(|l| l.starts_with("{\"progress\"")).map(|l| serde_json::from_str(l).unwrap()).collect();
    let phases: Vec<&str> = progress.iter().filter_map(|p| p["progress"]["phase"].as_str()).collect();
    assert!(phases.contains(&"cross-record") && phases.contains(&"write"), "{err}");
    assert!(progress.iter().all(|p| p["progress"]["records"] == 2), "{err}");
    assert!(err.contains("2 records (2 clean, 0 unreadable)") && err.contains("records/s"), "{err}");
    // --quiet turns both off.
    let quiet = run(&["check", "--dataset", s(&ds), "-q", "-o", s(&tmp("progress").join("out.jsonl")), s(&rec)]);
    assert!(quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
}

#[test]
fn an_overlong_line_is_an_error_line_and_the_rest_is_read() {
    let dir = tmp("long-line");
    let (ds, _) = setup("long-line", &[]);
    let rec = dir.join("long.jsonl");
    let mut text = record("R1", 3, true) + "\n";
    text.push_str(&format!("{{\"id\":\"{}\"}}\n", "x".repeat(17 << 20)));
    text.push_str(&(record("R2", 4, true) + "\n"));
    std::fs::write(&rec, text).unwrap();
    let out = run(&["check", "--dataset", s(&ds), "-q", s(&rec)]);
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "R1");
    assert!(lines[1]["error"]["message"].as_str().unwrap().contains("16 MiB"), "{}", lines[1]);
    assert_eq!(lines[2]["id"], "R2");
    assert_eq!(lines[2]["line"], 3);
}

#[test]
fn output_naming_the_input_is_refused_and_the_input_is_kept() {
    let (ds, rec) = setup("output-is-input", &[record("R1", 3, true)]);
    let before = std::fs::read(&rec).unwrap();
    for args in [
        vec!["check", "--dataset", s(&ds), s(&rec), "--output", s(&rec), "--deny", "violation"],
        vec!["check", "--dataset", s(&ds), s(&rec), "--format", "csv", "--output", s(&rec)],
        vec!["check", "--dataset", s(&ds), s(&rec), "--report", s(&ds)],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("输入文件"), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(std::fs::read(&rec).unwrap(), before, "the records are untouched");
    assert!(std::fs::read_to_string(&ds).unwrap().contains("agencies"), "the dataset is untouched");
    // The same file as --output and --report is refused too.
    let both = tmp("output-is-input").join("out.txt");
    let out = run(&["check", "--dataset", s(&ds), s(&rec), "--output", s(&both), "--report", s(&both)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_failed_run_keeps_the_previous_output_and_leaves_no_partial_file() {
    let (ds, rec) = setup("atomic", &[record("R1", 3, true)]);
    let dir = tmp("atomic");
    let dest = dir.join("findings.jsonl");
    let report = dir.join("report.html");
    let out = run(&["check", "--quiet", "--dataset", s(&ds), s(&rec), "--output", s(&dest), "--report", s(&report)]);
    assert_eq!(out.status.code(), Some(0));
    let good = std::fs::read(&dest).unwrap();
    let good_report = std::fs::read(&report).unwrap();
    // A run that fails (its input is missing) leaves yesterday's files as they were.
    let missing = dir.join("missing.jsonl");
    let out =
        run(&["check", "--quiet", "--dataset", s(&ds), s(&missing), "--output", s(&dest), "--report", s(&report)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&dest).unwrap(), good);
    assert_eq!(std::fs::read(&report).unwrap(), good_report);
    // A run killed half-way (records still coming on stdin) leaves no file that could pass for a result.
    let fresh = dir.join("killed.jsonl");
    let mut child = bin()
        .args(["check", "--quiet", "--dataset", s(&ds), "-", "--output", s(&fresh)])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..2000 {
        writeln!(stdin, "{}", record(&format!("K{i}"), 3, true)).unwrap();
    }
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    let _ = child.wait();
    drop(stdin);
    assert!(!fresh.exists(), "a killed run left `{}` behind", fresh.display());
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert!(
        leftovers.iter().all(|n| !n.to_string_lossy().starts_with("killed.jsonl")),
        "only a hidden `.killed.jsonl.*.part` may remain: {leftovers:?}"
    );
}

#[test]
fn terminal_escapes_in_record_values_reach_no_terminal_raw() {
    // ESC [ 2 J clears the screen; U+009B is the 8-bit CSI; U+202E reverses the text that follows.
    let evil = "R\u{1b}[2J\u{9b}31m\u{202e}1";
    let mut r: serde_json::Value = serde_json::from_str(&record("R1", 3, false)).unwrap();
    r["id"] = evil.into();
    let mut bad = r.clone();
    bad["mode"] = "on-site\u{1b}]0;owned\u{7}".into();
    let (ds, rec) = setup("escapes", &[r.to_string(), bad.to_string()]);
    for format in ["table", "jsonl", "json"] {
        let out = run(&["check", "--dataset", s(&ds), s(&rec), "--format", format, "--progress", "none"]);
        let all = [out.stdout.clone(), out.stderr.clone()].concat();
        let text = String::from_utf8_lossy(&all);
        for c in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{7}'] {
            assert!(!text.contains(c), "{format}: U+{:04X} reached the terminal raw", u32::from(c));
        }
        assert!(text.contains("2J"), "{format}: the value is still shown");
    }
}

#[test]
fn a_lone_surrogate_in_sector_data_is_an_error_line_not_a_silent_plugin() {
    // JSON text may carry `\ud800`, which no string can hold: a plugin could not decode its entry and would
    // report nothing. The record is refused instead, naming the field.
    let mut r: serde_json::Value = serde_json::from_str(&record("R1", 3, true)).unwrap();
    r["sector_data"] = serde_json::json!({"safety": {"note": "PLACEHOLDER"}});
    let text = r.to_string().replace("PLACEHOLDER", "\\ud800");
    let (ds, rec) = setup("surrogate", &[text, record("R2", 4, true)]);
    let out = run(&["check", "--quiet", "--max-unreadable", "100", "--dataset", s(&ds), s(&rec)]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let error = &lines[0]["error"];
    assert!(error["path"].as_str().unwrap().starts_with("/sector_data/safety"), "{error}");
    assert!(error["message"].as_str().unwrap().contains("sector data cannot be decoded"), "{error}");
    assert_eq!(lines[1]["findings"], serde_json::json!([]), "the next record is checked as usual");
}

#[test]
fn a_misspelt_dataset_file_is_named_in_a_warning_and_ignored() {
    let dir = tmp("misspelt");
    let ds = dir.join("dataset");
    std::fs::create_dir_all(&ds).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/panan");
    for f in ["agencies.json", "inspectors.json", "enterprises.json", "items.json", "plans.json"] {
        std::fs::copy(example.join(f), ds.join(f)).unwrap();
    }
    std::fs::write(ds.join("policies.toml"), "onsite_cap_per_agency_enterprise_year = 1\n").unwrap();
    std::fs::write(ds.join("README.md"), "notes\n").unwrap();
    let out =
        bin().args(["check", "-q", "--dataset"]).arg(&ds).arg(example.join("records-2025.jsonl")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`policies.toml` is not a dataset file name and was ignored"), "{err}");
    assert!(!err.contains("README"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `jiancha check … | head` in every text format: the closed pipe ends the output, not the run (exit 0, no error).
#[test]
fn a_closed_pipe_ends_the_output_not_the_run() {
    use std::io::Read;
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/panan");
    // Twenty copies of the example (ids made distinct): every format's output is far larger than a pipe's buffer.
    let text = std::fs::read_to_string(example.join("records-2025.jsonl")).unwrap();
    let copies: String = (0..20).map(|k| text.replace("\"id\":\"I-", &format!("\"id\":\"C{k}-"))).collect();
    let input = tmp("closed-pipe").join("records.jsonl");
    std::fs::write(&input, copies).unwrap();
    for format in ["jsonl", "json", "csv", "table"] {
        let mut child = bin()
            .args(["check", "-q", "--progress", "none", "--format", format, "--dataset"])
            .arg(&example)
            .arg(&input)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 64];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        // The read end is closed here, with almost all of the output unread.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {err}");
        assert!(!err.contains("cannot write"), "{format}: {err}");
    }
}
