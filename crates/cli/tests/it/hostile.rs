//! The hostile-input corpus of `tests/hostile/` (see its README) and cases made at test time (a 100 MB line,
//! blank lines by the hundred million, arrays and CSV of 100,000 records, FIFOs and devices as dataset files):
//! each bad input gets a clear error naming what is wrong, the rest of the batch is checked as if it were not
//! there, nothing panics, nothing hangs (every run has a deadline), and memory stays bounded (peak resident
//! memory read from `JIANCHA_TIMINGS`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

/// A fresh scratch directory for one test, removed when the test ends (some hold hundreds of MB).
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("jiancha-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// What one run gave.
struct Run {
    code: Option<i32>,
    lines: Vec<serde_json::Value>,
    stderr: String,
    peak_kb: u64,
}

/// Runs `jiancha` with `args` (and `stdin` from a file), failing the test if it does not finish within `limit`:
/// a run that waits forever (on a FIFO, say) is a failure, not a hung test suite.
fn jiancha(args: &[&str], stdin: Option<&Path>, limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .args(args)
        .env("JIANCHA_TIMINGS", "1")
        .stdin(stdin.map_or_else(Stdio::null, |p| Stdio::from(std::fs::File::open(p).unwrap())))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        out.read_to_end(&mut b).map(|_| b)
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        err.read_to_end(&mut b).map(|_| b)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`jiancha {}` did not finish within {limit:?}: it hangs", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (out.join().unwrap().unwrap(), err.join().unwrap().unwrap());
    let stderr = String::from_utf8_lossy(&stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines = String::from_utf8_lossy(&stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let peak_kb = stderr
        .lines()
        .filter_map(|l| l.split("peak memory ").nth(1))
        .filter_map(|rest| rest.split_whitespace().next()?.parse().ok())
        .max()
        .unwrap_or_else(|| panic!("`jiancha {}` printed no peak memory line: {stderr}", args.join(" ")));
    Run { code: status.code(), lines, stderr, peak_kb }
}

fn check(dataset: &Path, input: &Path) -> Run {
    // These inputs are hostile on purpose: the data-quality gate (exit 3) is tested in `cli`, not here.
    let args = [
        "check",
        "--dataset",
        dataset.to_str().unwrap(),
        "--progress",
        "none",
        "--max-unreadable",
        "100",
        input.to_str().unwrap(),
    ];
    jiancha(&args, None, Duration::from_secs(600))
}

/// `jiancha check -` with `stdin` from a file.
fn check_stdin(dataset: &Path, stdin: &Path) -> Run {
    let args = ["check", "--dataset", dataset.to_str().unwrap(), "--progress", "none", "--max-unreadable", "100", "-"];
    jiancha(&args, Some(stdin), Duration::from_secs(600))
}

/// A good record of the hostile county with the id `id` (the first record of `entrustment-cycle.jsonl`).
fn record(id: &str) -> String {
    let text = std::fs::read_to_string(corpus().join("entrustment-cycle.jsonl")).unwrap();
    text.lines().next().unwrap().replace("\"R1\"", &format!("\"{id}\""))
}

/// `n` records, each of its own (unknown) enterprise, so that no cross-record rule relates them: the run's
/// memory is the reader's, not that of the findings.
fn many_records(n: usize) -> Vec<String> {
    (1..=n).map(|i| record(&format!("M{i}")).replace("91330727MA2HQ0008A", &format!("E{i:08}"))).collect()
}

/// The inspection lines as (line, id or "error: <path> <message>", rules).
fn summary(run: &Run) -> Vec<(u64, String, Vec<String>)> {
    run.lines
        .iter()
        .filter(|l| l["scope"] == "inspection")
        .map(|l| {
            let what = match l["error"].as_object() {
                Some(e) => format!("error: {} {}", e["path"].as_str().unwrap(), e["message"].as_str().unwrap()),
                None => l["id"].as_str().unwrap().to_string(),
            };
            let rules =
                l["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
            (l["line"].as_u64().unwrap(), what, rules)
        })
        .collect()
}

fn run_case(name: &str) -> (Run, Vec<(u64, String, Vec<String>)>) {
    let run = check(&corpus().join("dataset.json"), &corpus().join(name));
    assert!(run.peak_kb > 0 && run.peak_kb < 200_000, "{name}: peak {} kB\n{}", run.peak_kb, run.stderr);
    let s = summary(&run);
    (run, s)
}

/// The good records of a case are checked as usual: their ids come out with no error.
fn good(s: &[(u64, String, Vec<String>)], ids: &[&str]) {
    for id in ids {
        assert!(s.iter().any(|(_, what, _)| what == id), "{id} missing from {s:?}");
    }
}

fn error_at(s: &[(u64, String, Vec<String>)], line: u64, needle: &str) {
    let (_, what, _) = s.iter().find(|(l, _, _)| *l == line).unwrap_or_else(|| panic!("no line {line}: {s:?}"));
    assert!(what.starts_with("error: ") && what.contains(needle), "line {line}: {what}");
}

#[test]
fn invalid_utf8() {
    let (run, s) = run_case("invalid-utf8.jsonl");
    assert_eq!(run.code, Some(0));
    assert_eq!(s.len(), 4);
    good(&s, &["R1", "R4"]);
    error_at(&s, 2, "not valid UTF-8 (at byte 20)");
    error_at(&s, 3, "not valid UTF-8");
}

#[test]
fn deep_nesting() {
    let (_, s) = run_case("deep-nesting.jsonl");
    assert_eq!(s.len(), 4);
    // 20,000 nested arrays inside sector_data are the plugin's to read; the record itself is checked.
    good(&s, &["R1", "R2", "R4"]);
    error_at(&s, 3, "/items/0");
}

#[test]
fn numbers_and_times_out_of_range() {
    let (_, s) = run_case("out-of-range.jsonl");
    assert_eq!(s.len(), 7);
    good(&s, &["R1", "R7"]);
    error_at(&s, 2, "99999-03-10");
    error_at(&s, 3, "+99:00");
    error_at(&s, 4, "/lead_agency");
    error_at(&s, 5, "+275760-09-13");
    error_at(&s, 6, "number out of range");
}

#[test]
fn impossible_dates() {
    let (_, s) = run_case("bad-dates.jsonl");
    assert_eq!(s.len(), 8);
    // A time without an offset is Asia/Shanghai by the data contract (spec/data-model.md), not an error.
    good(&s, &["R1", "R3", "R8"]);
    error_at(&s, 2, "2025-02-30");
    error_at(&s, 4, "2025-13-01");
    error_at(&s, 5, "24:00:00");
    error_at(&s, 6, "2025-3-1");
    error_at(&s, 7, "/started_at");
}

#[test]
fn duplicate_ids() {
    let (_, s) = run_case("duplicate-ids.jsonl");
    good(&s, &["R2", "R3"]);
    for line in [1, 3, 5] {
        error_at(&s, line, "duplicate record id `R1` (lines 1, 3, 5)");
    }
}

#[test]
fn empty_and_blank_files() {
    for name in ["empty.jsonl", "blank-lines.jsonl"] {
        let (run, s) = run_case(name);
        assert_eq!(run.code, Some(0), "{name}");
        assert!(s.is_empty(), "{name}: {s:?}");
        assert!(run.stderr.contains("0 records"), "{}", run.stderr);
    }
}

#[test]
fn lines_that_are_not_records() {
    let (_, s) = run_case("not-objects.jsonl");
    assert_eq!(s.len(), 9);
    good(&s, &["R1", "R8"]);
    for line in [2, 3, 4, 5, 7] {
        error_at(&s, line, "each line must be one JSON object");
    }
    error_at(&s, 6, "EOF while parsing");
    // An array where the contract has an object is refused (serde alone would read it field by field).
    error_at(&s, 9, "/approval");
}

#[test]
fn entrustment_cycles() {
    let (_, s) = run_case("entrustment-cycle.jsonl");
    good(&s, &["R1", "R2", "R3", "R4"]);
    for id in ["R2", "R3"] {
        let (_, _, rules) = s.iter().find(|(_, what, _)| what == id).unwrap();
        assert!(rules.contains(&"subject.invalid-entrustment".to_string()), "{id}: {rules:?}");
    }
    let (_, _, rules) = s.iter().find(|(_, what, _)| what == "R1").unwrap();
    assert!(!rules.contains(&"subject.invalid-entrustment".to_string()));
}

#[test]
fn a_truncated_gzip_is_refused_as_a_whole() {
    let run = check(&corpus().join("dataset.json"), &corpus().join("truncated.jsonl.gz"));
    assert_eq!(run.code, Some(2));
    assert!(run.lines.is_empty(), "a partial check must not look like a complete one");
    assert!(run.stderr.contains("truncated.jsonl.gz") && run.stderr.contains("truncated"), "{}", run.stderr);
}

#[test]
fn a_100_mb_line_costs_bounded_memory() {
    let dir = scratch("huge");
    let path = dir.join("huge.jsonl");
    let first = std::fs::read_to_string(corpus().join("entrustment-cycle.jsonl")).unwrap();
    let first = first.lines().next().unwrap();
    let mut text = String::with_capacity(101 << 20);
    text.push_str(first);
    text.push_str("\n{\"id\":\"");
    text.push_str(&"x".repeat(100 << 20));
    text.push_str("\"}\n");
    text.push_str(&first.replace("\"R1\"", "\"R3\""));
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let run = check(&corpus().join("dataset.json"), &path);
    let s = summary(&run);
    assert_eq!(s.len(), 3);
    good(&s, &["R1", "R3"]);
    error_at(&s, 2, "exceeds the 16 MiB limit");
    // The line is skipped, not held: far less than its 100 MB.
    assert!(run.peak_kb < 80_000, "peak {} kB", run.peak_kb);
}

#[test]
fn a_dataset_part_that_is_a_directory() {
    let dir = scratch("dir");
    std::fs::create_dir_all(dir.join("agencies.json")).unwrap();
    let run = check(&dir, &corpus().join("empty.jsonl"));
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("agencies.json"), "{}", run.stderr);
    let run = check(&dir.join("agencies.json"), &corpus().join("empty.jsonl"));
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("agencies.json"), "{}", run.stderr);
    let run = check(&corpus().join("dataset.json"), &dir);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Issue 11: nothing a file sends can tie up the host or lose a file.
// ---------------------------------------------------------------------------------------------

#[test]
fn blank_lines_before_the_first_record_are_counted_not_kept() {
    // 128 Mi blank lines on stdin before the first record. They were all kept while the form of the input was
    // decided (3 GiB of newlines peaked at 4.2 GB); now they are counted, and the record keeps its line number.
    let dir = scratch("blank-head");
    let path = dir.join("blank-head.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let newlines = vec![b'\n'; 1 << 20];
    for _ in 0..128 {
        f.write_all(&newlines).unwrap();
    }
    // Blank lines of other whitespace too: spaces, tabs, CRLF, U+3000 and U+00A0 (Unicode White_Space).
    f.write_all(" \t\r\n\r\n\u{3000}\n\u{a0}\u{3000} \n".as_bytes()).unwrap();
    writeln!(f, "{}\n\n{}", record("R1"), record("R3")).unwrap();
    drop(f);
    let first = (128 << 20) + 5;
    let run = check_stdin(&corpus().join("dataset.json"), &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.peak_kb < 80_000, "peak {} kB for 128 MiB of blank lines", run.peak_kb);
    let s = summary(&run);
    assert_eq!(
        s.iter().map(|(l, what, _)| (*l, what.as_str())).collect::<Vec<_>>(),
        [(first, "R1"), (first + 2, "R3")]
    );
}

#[test]
fn an_array_is_read_element_by_element_in_bounded_memory() {
    // 50,000 records as one minified JSON array (24 MB on one line): read whole, it peaked at 260 MB (1 M
    // records: 8.5 GB); streamed element by element, it costs what JSON Lines costs. Element numbers are the
    // lines.
    let dir = scratch("array");
    let records = many_records(50_000);
    let path = dir.join("records.json");
    std::fs::write(&path, format!("[{}]", records.join(","))).unwrap();
    let run = check(&corpus().join("dataset.json"), &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let s = summary(&run);
    assert_eq!(s.len(), 50_000);
    assert!(s.iter().enumerate().all(|(i, (l, what, _))| *l == i as u64 + 1 && *what == format!("M{}", i + 1)));
    // JSON Lines of the same records peak at about 100 MB (the chunks in flight); read whole, 260 MB.
    assert!(run.peak_kb < 160_000, "peak {} kB for a 24 MB array", run.peak_kb);
    // The first 1,000 as a pretty array give the same lines as they do as JSON Lines.
    let (pretty, jsonl) = (dir.join("pretty.json"), dir.join("records.jsonl"));
    std::fs::write(&pretty, format!("[\n  {}\n]\n", records[..1000].join(",\n  "))).unwrap();
    std::fs::write(&jsonl, records[..1000].join("\n")).unwrap();
    let (a, b) = (check(&corpus().join("dataset.json"), &pretty), check(&corpus().join("dataset.json"), &jsonl));
    assert_eq!(a.lines.len(), b.lines.len());
    assert!(a.lines == b.lines);
}

#[test]
fn an_array_element_over_16_mib_is_an_error_line_like_an_overlong_line() {
    // Read whole, an array's elements had no cap: a record's verdict depended on where its text sat.
    let dir = scratch("array-long");
    let path = dir.join("long.json");
    let long = format!("{{\"id\": \"{}\"}}", "x".repeat(17 << 20));
    // One line (a minified array) longer than the line cap: still an array, its elements capped.
    std::fs::write(&path, format!("[{}, {long},\n {}]", record("R1"), record("R3"))).unwrap();
    let run = check(&corpus().join("dataset.json"), &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let s = summary(&run);
    assert_eq!(s.len(), 3);
    good(&s, &["R1", "R3"]);
    error_at(&s, 2, "over the 16 MiB limit");
    assert!(run.peak_kb < 120_000, "peak {} kB", run.peak_kb);
}

#[test]
fn an_unfinished_first_line_does_not_lift_the_line_cap() {
    // A first line that opens an object and does not close it made the whole input be read at once, and the
    // 16 MiB line cap was skipped for every line after it.
    let dir = scratch("unfinished");
    let path = dir.join("unfinished.jsonl");
    let long = format!("{{\"id\": \"{}\"}}", "x".repeat(17 << 20));
    std::fs::write(&path, format!("{{\"id\": \"R0\",\n{}\n{long}\n{}\n", record("R1"), record("R3"))).unwrap();
    let run = check(&corpus().join("dataset.json"), &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let s = summary(&run);
    assert_eq!(s.len(), 4, "{s:?}");
    error_at(&s, 1, "EOF while parsing");
    good(&s, &["R1", "R3"]);
    error_at(&s, 3, "exceeds the 16 MiB limit");
}

#[test]
fn a_pretty_printed_object_over_16_mib_is_refused() {
    let dir = scratch("pretty");
    // Under the cap it is one record (line 1), as before.
    let small = dir.join("one.json");
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&record("R1")).unwrap()).unwrap();
    std::fs::write(&small, format!("\n\n{pretty}\n")).unwrap();
    let run = check(&corpus().join("dataset.json"), &small);
    assert_eq!(summary(&run).iter().map(|(l, w, _)| (*l, w.clone())).collect::<Vec<_>>(), [(1, "R1".to_string())]);
    // Over it: exit 2, naming the cap; nothing is read whole past it.
    let big = dir.join("big.json");
    let huge = pretty.replacen('{', &format!("{{\n  \"sector_data\": {{\"x\": \"{}\"}},", "y".repeat(17 << 20)), 1);
    std::fs::write(&big, huge).unwrap();
    let run = check(&corpus().join("dataset.json"), &big);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.lines.is_empty());
    assert!(
        run.stderr.contains("big.json") && run.stderr.contains("pretty-printed") && run.stderr.contains("16 MiB"),
        "{}",
        run.stderr
    );
    assert!(run.peak_kb < 120_000, "peak {} kB", run.peak_kb);
}

#[test]
fn a_malformed_array_element_is_an_error_line_and_the_rest_is_checked() {
    // A syntax error inside an element: that element's error line names where it is; the others are checked.
    let dir = scratch("array-bad-element");
    let path = dir.join("records.json");
    let bad = record("R2").replace("\"on-site\"", "on-site");
    std::fs::write(&path, format!("[\n  {},\n  {bad},\n  {}, 7\n]\n", record("R1"), record("R3"))).unwrap();
    let run = check(&corpus().join("dataset.json"), &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let s = summary(&run);
    assert_eq!(s.len(), 4, "{s:?}");
    good(&s, &["R1", "R3"]);
    error_at(&s, 2, "expected value");
    let offset = std::fs::read_to_string(&path).unwrap().find("{\"id\": \"R2\"").unwrap();
    error_at(&s, 2, &format!("array element 2, from byte offset {offset}, line 3"));
    error_at(&s, 4, "each element must be one JSON object");
}

#[test]
fn a_damaged_array_stops_the_run_naming_the_element() {
    // Damage to the array itself cannot be resynchronised: the run stops (exit 2) saying from which element on
    // nothing was read, instead of reading the rest as something else or dropping it.
    let dir = scratch("array-damaged");
    let ds = corpus().join("dataset.json");
    let bracket = record("R2").replace("[\"IT1\"]", "[\"IT1\"}");
    let cases = [
        ("bracket.json", format!("[\n{},\n{bracket},\n{}\n]\n", record("R1"), record("R3")), "element 2 on"),
        ("unclosed.json", format!("[\n{},\n{}\n", record("R1"), record("R2")), "the input ends before the array does"),
        ("after.json", format!("[\n{}\n]\n{}\n", record("R1"), record("R2")), "text after its JSON array"),
        // A first line that is a complete array is an array too: what follows it is not read as JSON Lines.
        ("line.json", format!("[{}]\n{}\n", record("R1"), record("R2")), "text after its JSON array"),
    ];
    for (name, text, needle) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &text).unwrap();
        let run = check(&ds, &path);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(run.lines.is_empty(), "{name}: a partial check must not look like a complete one");
        assert!(run.stderr.contains(name) && run.stderr.contains(needle), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("nothing was checked") && run.stderr.contains("byte offset"),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn duplicate_keys_in_an_array_element_are_refused_as_in_a_line() {
    // Array elements went through `serde_json::Value`, which keeps the last of two equal keys; a JSON Lines
    // line refuses them. Both now go through the same reader.
    let dir = scratch("array-duplicate-keys");
    let twice = record("R2").replacen("{", "{\"mode\": \"off-site\", ", 1);
    let array = dir.join("records.json");
    std::fs::write(&array, format!("[\n{},\n{twice}\n]\n", record("R1"))).unwrap();
    let lines = dir.join("records.jsonl");
    std::fs::write(&lines, format!("{}\n{twice}\n", record("R1"))).unwrap();
    for path in [&array, &lines] {
        let run = check(&corpus().join("dataset.json"), path);
        let s = summary(&run);
        good(&s, &["R1"]);
        error_at(&s, 2, "duplicate field `mode`");
    }
}

#[test]
fn a_large_csv_streams_in_bounded_memory() {
    // 100,000 CSV rows (35 MB): read whole, they peaked at 290 MB (1 M rows: 3.4 GB); streamed in chunks as
    // JSON Lines are, they cost what JSON Lines costs (about 90 MB here).
    let dir = scratch("csv");
    let path = dir.join("records.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "id,trigger,mode,lead_agency,inspectors,enterprise,started_at,ended_at,items,approval.approved_at,code,code_assigned_at,notice.sent_at,notice.time,notice.basis,notice.purpose,notice.content").unwrap();
    for i in 1..=100_000 {
        writeln!(f, "M{i},random-sampling,on-site,A1,P1;P2,E{i:08},2025-03-10T09:00:00+08:00,2025-03-10T11:00:00+08:00,IT1,2025-03-09T09:00:00+08:00,X{i},2025-03-09T10:00:00+08:00,2025-03-08T09:00:00+08:00,是,是,是,是").unwrap();
    }
    drop(f);
    let run = check(&corpus().join("dataset.json"), &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let s = summary(&run);
    assert_eq!(s.len(), 100_000);
    assert!(
        s.iter().enumerate().all(|(i, (l, what, _))| *l == i as u64 + 2 && *what == format!("M{}", i + 1)),
        "{:?}",
        &s[..3]
    );
    assert!(run.peak_kb < 150_000, "peak {} kB for a 35 MB CSV", run.peak_kb);
}

#[test]
fn an_unclosed_quote_in_a_csv_stops_the_run_naming_the_line() {
    // A quote that never closes makes the rest of the file (18 MiB) one cell: past 16 MiB the run stops (the
    // rows after it cannot be told apart) instead of holding the file in memory as one row.
    let dir = scratch("csv-quote");
    let path = dir.join("quote.csv");
    let mut text = String::from("id,mode\nR1,on-site\nR2,\"on-site\n");
    for _ in 0..(18 << 20) / 19 {
        text.push_str("R9,on-site,padding\n");
    }
    std::fs::write(&path, text).unwrap();
    let run = check(&corpus().join("dataset.json"), &path);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.lines.is_empty());
    assert!(
        run.stderr.contains("quote.csv") && run.stderr.contains("line 3") && run.stderr.contains("16 MiB"),
        "{}",
        run.stderr
    );
    // Measured at the end of the run (it was 131 MB here): the 16 MiB cell and the reader's copies of it, bounded
    // by the cap whatever the size of the file.
    assert!(run.peak_kb < 160_000, "peak {} kB", run.peak_kb);
}

/// The hostile county as a dataset directory (one file per part).
fn dataset_dir(dir: &Path) -> PathBuf {
    let ds = dir.join("dataset");
    std::fs::create_dir_all(&ds).unwrap();
    let object: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("dataset.json")).unwrap()).unwrap();
    for (key, value) in object.as_object().unwrap() {
        std::fs::write(ds.join(format!("{key}.json")), value.to_string()).unwrap();
    }
    ds
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_dataset_file_that_is_a_fifo_or_a_device_is_refused_without_waiting() {
    // A FIFO as a dataset file waited forever for a writer; /dev/zero grew until memory ran out (7 GB).
    let dir = scratch("fifo");
    let input = corpus().join("empty.jsonl");
    let limit = Duration::from_secs(60);
    for (name, make) in
        [("policy.toml", "fifo"), ("calendar.json", "fifo"), ("calendar.json", "zero"), ("enterprises.json", "zero")]
    {
        let ds = dataset_dir(&dir.join(format!("{make}-{name}")));
        let part = ds.join(name);
        let _ = std::fs::remove_file(&part);
        match make {
            "fifo" => mkfifo(&part),
            _ => std::os::unix::fs::symlink("/dev/zero", &part).unwrap(),
        }
        let run = jiancha(
            &["check", "--dataset", ds.to_str().unwrap(), "--progress", "none", input.to_str().unwrap()],
            None,
            limit,
        );
        assert_eq!(run.code, Some(2), "{name} ({make}): {}", run.stderr);
        assert!(run.stderr.contains(name) && run.stderr.contains("is not a regular file"), "{name}: {}", run.stderr);
        let kind = if make == "fifo" { "a FIFO" } else { "a device" };
        assert!(run.stderr.contains(kind), "{name}: {}", run.stderr);
    }
    // The one-object form given as a FIFO.
    let fifo = dir.join("dataset.json");
    mkfifo(&fifo);
    let run = jiancha(
        &["check", "--dataset", fifo.to_str().unwrap(), "--progress", "none", input.to_str().unwrap()],
        None,
        limit,
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("dataset.json") && run.stderr.contains("a FIFO"), "{}", run.stderr);
    // An .xlsx input is read whole (calamine needs the file), so it must be a regular file too; JSON and CSV
    // inputs stream and may come from a pipe.
    let xlsx = dir.join("records.xlsx");
    mkfifo(&xlsx);
    let ds = corpus().join("dataset.json");
    let run = jiancha(
        &["check", "--dataset", ds.to_str().unwrap(), "--progress", "none", xlsx.to_str().unwrap()],
        None,
        limit,
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("records.xlsx") && run.stderr.contains("a FIFO"), "{}", run.stderr);
}

#[test]
fn an_oversized_dataset_file_is_refused_naming_its_cap() {
    // Sparse files: no disk is used, and nothing is read before the size is checked.
    let dir = scratch("oversized");
    let input = corpus().join("empty.jsonl");
    for (name, size, cap) in [("calendar.json", (64 << 20) + 1, "64 MiB"), ("enterprises.json", (1 << 30) + 1, "1 GiB")]
    {
        let ds = dataset_dir(&dir.join(name));
        std::fs::File::create(ds.join(name)).unwrap().set_len(size).unwrap();
        let run = check(&ds, &input);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(name) && run.stderr.contains(&format!("over the {cap} cap")),
            "{name}: {}",
            run.stderr
        );
        assert!(run.peak_kb < 60_000, "{name}: peak {} kB", run.peak_kb);
    }
}

#[test]
fn read_bounded_refuses_what_is_not_a_small_regular_file() {
    use jiancha_batch::load::{POLICY_MAX, read_bounded};
    let dir = scratch("read-bounded");
    let what = "政策文件 / policy file";
    let err = |p: &Path, cap: u64| format!("{:#}", read_bounded(p, cap, what).unwrap_err());
    let fifo = dir.join("policy.toml");
    mkfifo(&fifo);
    let e = err(&fifo, POLICY_MAX);
    assert!(
        e.contains("政策文件") && e.contains("policy file") && e.contains("policy.toml") && e.contains("a FIFO"),
        "{e}"
    );
    assert!(err(Path::new("/dev/zero"), POLICY_MAX).contains("a device"));
    assert!(err(&dir, POLICY_MAX).contains("a directory"));
    assert!(err(&dir.join("missing.toml"), POLICY_MAX).contains("cannot read policy file"));
    // A file whose size says nothing (procfs: 0 bytes) is still bounded by what is read.
    let e = err(Path::new("/proc/self/status"), 16);
    assert!(e.contains("grew past the 16 bytes cap"), "{e}");
    let big = dir.join("big.toml");
    std::fs::write(&big, vec![b'#'; 100]).unwrap();
    assert!(err(&big, 99).contains("is 100 bytes, over the 99 bytes cap"));
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, b"a = 1\nb = \"\xff\"\n").unwrap();
    let e = err(&bad, POLICY_MAX);
    assert!(e.contains("not valid UTF-8 (line 2, byte offset 11)"), "{e}");
    std::fs::write(&big, "a = 1\n").unwrap();
    assert_eq!(read_bounded(&big, POLICY_MAX, what).unwrap(), "a = 1\n");
}

#[test]
fn an_ideographic_space_line_is_blank_as_in_the_engine() {
    // The streaming reader called a line blank when it was ASCII whitespace; the engine's `parse_records` when
    // `str::trim` leaves nothing (Unicode White_Space, U+3000 included). The same file now gives the same output
    // through `jiancha check` and through `Engine::check(parse_records(text))`.
    let dir = scratch("blank-rule");
    let path = dir.join("records.jsonl");
    let text = format!(
        "\u{feff}{}\n\u{3000}\n\u{a0}\u{3000}\t\r\n\x0b\x0c\n\u{2028}\u{205f}\n{}\n \u{feff}\n{}\r\n\n",
        record("R1"),
        record("R2"),
        record("R3")
    );
    std::fs::write(&path, &text).unwrap();
    let ds_path = corpus().join("dataset.json");
    let out = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .args([
            "check",
            "-q",
            "--max-unreadable",
            "100",
            "--dataset",
            ds_path.to_str().unwrap(),
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let ds = jiancha_batch::load_dataset(&ds_path).unwrap();
    let engine = jiancha_core::Engine::new(&ds).check(jiancha_core::parse_records(&text)).to_jsonl();
    assert_eq!(String::from_utf8_lossy(&out.stdout), engine);
    // R1, R2 (line 6), the line holding a byte-order mark (not White_Space: an error line), R3.
    let run = check(&ds_path, &path);
    let s = summary(&run);
    assert_eq!(s.iter().map(|(l, _, _)| *l).collect::<Vec<_>>(), [1, 6, 7, 8]);
}
