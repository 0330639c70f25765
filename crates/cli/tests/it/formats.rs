//! Input and output formats: gzip JSON Lines, CSV and XLSX inputs (errors naming row and column), CSV and XLSX
//! outputs with one row per finding.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, DataType, Reader};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dataset() -> PathBuf {
    root().join("examples/panan")
}

fn records() -> PathBuf {
    root().join("examples/panan/records-2025.jsonl")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiancha-formats-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check(args: &[&str]) -> Output {
    let ds = dataset();
    Command::new(env!("CARGO_BIN_EXE_jiancha"))
        // Bad cells on purpose: the data-quality gate (exit 3) is tested in `cli`.
        .args(["check", "-q", "--max-unreadable", "100", "--dataset", ds.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// The JSON Lines output of `text` checked as if its first record sat on line 2 (as the first data row of a CSV
/// or XLSX file does): a blank first line shifts every line number by one.
fn expected_shifted(dir: &Path, jsonl: &str) -> Vec<u8> {
    let shifted = dir.join("shifted.jsonl");
    std::fs::write(&shifted, format!("\n{jsonl}")).unwrap();
    let out = check(&[s(&shifted)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out.stdout
}

// ---------------------------------------------------------------------------------------------
// A converter from inspection records to spreadsheet rows, written independently of the library's mapping.
// ---------------------------------------------------------------------------------------------

const COLUMNS: &[&str] = &[
    "id",
    "activity",
    "trigger",
    "plan",
    "mode",
    "lead_agency",
    "joint_agencies",
    "delegated_by",
    "inspectors",
    "enterprise",
    "started_at",
    "ended_at",
    "items",
    "approval.approved_at",
    "code",
    "code_assigned_at",
    "urgency.kind",
    "notice.sent_at",
    "notice.time",
    "notice.basis",
    "notice.purpose",
    "notice.content",
    "notice_exemption",
    "conduct.gifts",
    "conduct.hospitality",
    "conduct.expenses_charged",
    "conduct.designated_intermediary",
    "conduct.legal_rep_required",
    "measures",
    "penalty.decided_on",
    "penalty.first_offense",
    "penalty.minor",
    "penalty.corrected",
    "penalty.return_visit_on",
    "sector_data",
    // v1.1 fields, last so that the column letters above stay put.
    "entrusted_agency",
    "penalty.harm",
];

#[derive(Debug, Clone)]
enum Val {
    Empty,
    Text(String),
    /// RFC 3339 time with +08:00.
    Time(String),
    /// YYYY-MM-DD.
    Date(String),
    Bool(bool),
    /// An Excel date-time serial (a number cell with a date-time format).
    Serial(f64),
}

fn row_of(record: &Value) -> Vec<Val> {
    COLUMNS
        .iter()
        .map(|col| {
            let v = col.split('.').try_fold(record, |v, k| v.get(k));
            match v {
                None | Some(Value::Null) => Val::Empty,
                Some(Value::Bool(b)) => Val::Bool(*b),
                Some(Value::Array(a)) if a.is_empty() => Val::Empty,
                Some(Value::Object(o)) if o.is_empty() => Val::Empty,
                Some(Value::Array(a)) if *col == "measures" => Val::Text(
                    a.iter()
                        .map(|m| format!("{}:{}", m["kind"].as_str().unwrap(), m["legal_basis"].as_str().unwrap_or("")))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                Some(Value::Array(a)) => {
                    Val::Text(a.iter().map(|x| x.as_str().unwrap().to_string()).collect::<Vec<_>>().join(";"))
                }
                Some(v @ Value::Object(_)) => Val::Text(v.to_string()),
                Some(Value::String(t)) if col.ends_with("_at") => Val::Time(t.clone()),
                Some(Value::String(t)) if col.ends_with("_on") => Val::Date(t.clone()),
                Some(Value::String(t)) => Val::Text(t.clone()),
                Some(other) => panic!("unexpected value {other} in {col}"),
            }
        })
        .collect()
}

fn rows_of(jsonl: &str) -> Vec<Vec<Val>> {
    jsonl.lines().filter(|l| !l.trim().is_empty()).map(|l| row_of(&serde_json::from_str(l).unwrap())).collect()
}

fn write_csv(path: &Path, header: &[&str], rows: &[Vec<Val>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(header).unwrap();
    for row in rows {
        w.write_record(row.iter().enumerate().map(|(i, v)| match v {
            Val::Empty => String::new(),
            Val::Text(t) | Val::Time(t) | Val::Date(t) => t.clone(),
            Val::Serial(x) => x.to_string(),
            // Every spelling of a boolean the mapping accepts, in turn.
            Val::Bool(b) => {
                let (yes, no) = [("true", "false"), ("1", "0"), ("是", "否"), ("yes", "no"), ("TRUE", "FALSE")][i % 5];
                (if *b { yes } else { no }).to_string()
            }
        }))
        .unwrap();
    }
    w.flush().unwrap();
}

/// An XLSX with times and dates as real Excel date-time cells and booleans as Excel booleans.
fn write_xlsx_input(path: &Path, header: &[&str], rows: &[Vec<Val>]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Val::Empty => {}
                Val::Text(t) => {
                    sheet.write_string(r, c, t).unwrap();
                }
                Val::Time(t) => {
                    let local = t.strip_suffix("+08:00").expect("the example's times are all +08:00");
                    let dt = ExcelDateTime::parse_from_str(&local.replace('T', " ")).unwrap();
                    sheet.write_datetime_with_format(r, c, &dt, &time).unwrap();
                }
                Val::Date(d) => {
                    let dt = ExcelDateTime::parse_from_str(d).unwrap();
                    sheet.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                Val::Bool(b) => {
                    sheet.write_boolean(r, c, *b).unwrap();
                }
                Val::Serial(x) => {
                    sheet.write_number_with_format(r, c, *x, &time).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

// ---------------------------------------------------------------------------------------------
// gzip
// ---------------------------------------------------------------------------------------------

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn gzip_output_equals_plain_jsonl_byte_for_byte() {
    let dir = tmp("gzip");
    let gz = dir.join("records-2025.JSONL.GZ");
    std::fs::write(&gz, gzip(&std::fs::read(records()).unwrap())).unwrap();
    let plain = check(&[s(&records())]);
    let packed = check(&[s(&gz)]);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(packed.status.code(), Some(0), "{}", stderr(&packed));
    assert!(!plain.stdout.is_empty());
    assert!(plain.stdout == packed.stdout, "gzip input gave different output");

    // Concatenated gzip members (pigz, `cat a.gz b.gz`) are one stream.
    let text = std::fs::read_to_string(records()).unwrap();
    let (a, b) = text.split_at(text.len() / 2);
    let cut = a.rfind('\n').unwrap() + 1;
    let (a, b) = (&text[..cut], format!("{}{b}", &a[cut..]));
    let multi = dir.join("multi.gz");
    std::fs::write(&multi, [gzip(a.as_bytes()), gzip(b.as_bytes())].concat()).unwrap();
    assert!(check(&[s(&multi)]).stdout == plain.stdout);
}

#[test]
fn truncated_or_corrupt_gzip_exits_2_naming_file_and_offset() {
    let dir = tmp("gzip-bad");
    let full = gzip(&std::fs::read(records()).unwrap());
    let truncated = dir.join("cut.jsonl.gz");
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let out = check(&[s(&truncated)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no partial output");
    let err = stderr(&out);
    assert!(err.contains("cut.jsonl.gz"), "{err}");
    assert!(err.contains("truncated") && err.contains("截断"), "{err}");
    assert!(err.contains(&format!("compressed byte {}", full.len() / 2)), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let mut corrupt = full.clone();
    let n = corrupt.len();
    corrupt[n - 6] ^= 0xff; // inside the CRC-32 trailer
    let bad = dir.join("bad.gz");
    std::fs::write(&bad, &corrupt).unwrap();
    let out = check(&[s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("corrupt"), "{}", stderr(&out));

    let not_gzip = dir.join("plain.jsonl.gz");
    std::fs::copy(records(), &not_gzip).unwrap();
    let out = check(&[s(&not_gzip)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a gzip file"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// CSV and XLSX inputs
// ---------------------------------------------------------------------------------------------

#[test]
fn csv_fixture_with_chinese_headers_matches_its_jsonl() {
    let dir = tmp("fixture");
    let fixtures = root().join("tests/formats");
    let jsonl = std::fs::read_to_string(fixtures.join("records.jsonl")).unwrap();
    let out = check(&[s(&fixtures.join("records.csv"))]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout == expected_shifted(&dir, &jsonl), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn csv_of_the_whole_example_matches_jsonl() {
    let dir = tmp("csv");
    let jsonl = std::fs::read_to_string(records()).unwrap();
    let csv = dir.join("records.CSV");
    write_csv(&csv, COLUMNS, &rows_of(&jsonl));
    let out = check(&[s(&csv)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = expected_shifted(&dir, &jsonl);
    let (got, want) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&expected));
    for (g, w) in got.lines().zip(want.lines()) {
        assert_eq!(g, w);
    }
    assert_eq!(got.lines().count(), want.lines().count());
}

#[test]
fn xlsx_of_the_whole_example_matches_jsonl() {
    let dir = tmp("xlsx");
    let jsonl = std::fs::read_to_string(records()).unwrap();
    let xlsx = dir.join("records.xlsx");
    write_xlsx_input(&xlsx, COLUMNS, &rows_of(&jsonl));
    let out = check(&[s(&xlsx)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = expected_shifted(&dir, &jsonl);
    let (got, want) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&expected));
    for (g, w) in got.lines().zip(want.lines()) {
        assert_eq!(g, w);
    }
    assert_eq!(got.lines().count(), want.lines().count());
}

fn error_of(stdout: &[u8], line: usize) -> Value {
    let text = String::from_utf8_lossy(stdout);
    let l: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["line"] == line)
        .unwrap_or_else(|| panic!("no line {line} in {text}"));
    l["error"].clone()
}

#[test]
fn a_bad_cell_names_row_and_column() {
    let dir = tmp("bad-cell");
    let jsonl: String = std::fs::read_to_string(records()).unwrap().lines().take(4).map(|l| format!("{l}\n")).collect();
    let mut rows = rows_of(&jsonl);
    let started = COLUMNS.iter().position(|c| *c == "started_at").unwrap(); // column K
    rows[1][started] = Val::Text("2025-02-30T09:00:00+08:00".into());
    let gifts = COLUMNS.iter().position(|c| *c == "conduct.gifts").unwrap();
    rows[2][gifts] = Val::Text("maybe".into());
    let inspectors = COLUMNS.iter().position(|c| *c == "inspectors").unwrap();
    rows[3][inspectors] = Val::Empty;
    let trigger = COLUMNS.iter().position(|c| *c == "trigger").unwrap();
    rows[0][trigger] = Val::Text("whim".into());

    let csv = dir.join("bad.csv");
    write_csv(&csv, COLUMNS, &rows);
    let xlsx = dir.join("bad.xlsx");
    write_xlsx_input(&xlsx, COLUMNS, &rows);
    for file in [&csv, &xlsx] {
        let out = check(&[s(file)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // Row 3 (the second data row): the bad date, in column K.
        let e = error_of(&out.stdout, 3);
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("第3行") && m.contains("row 3"), "{m}");
        assert!(m.contains("K列") && m.contains("column K (11)") && m.contains("started_at"), "{m}");
        assert!(m.contains("2025-02-30"), "{m}");
        assert_eq!(e["path"], "/started_at");
        // Row 4: a boolean that is not one.
        let e = error_of(&out.stdout, 4);
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("row 4") && m.contains("conduct.gifts") && m.contains("maybe"), "{m}");
        assert_eq!(e["path"], "/conduct/gifts");
        // Row 2: an enum value out of range, named by the engine and placed by the column.
        let e = error_of(&out.stdout, 2);
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("row 2, column C (3) \"trigger\"") && m.contains("whim"), "{m}");
        // Row 5: an empty list cell is an empty list, so the record is read and checked.
        let text = String::from_utf8_lossy(&out.stdout);
        let five: Value = serde_json::from_str(text.lines().find(|l| l.contains("\"line\":5,")).unwrap()).unwrap();
        assert!(five.get("error").is_none(), "{five}");
    }
}

#[test]
fn an_excel_serial_past_9999_12_31_is_refused_naming_row_and_column() {
    // calamine clamps a serial past Excel's last day to 9999-12-31 (and one before the epoch to the epoch): the
    // record was read with a date that is not in the cell.
    let dir = tmp("serial");
    let jsonl: String = std::fs::read_to_string(records()).unwrap().lines().take(3).map(|l| format!("{l}\n")).collect();
    let mut rows = rows_of(&jsonl);
    let started = COLUMNS.iter().position(|c| *c == "started_at").unwrap(); // column K
    rows[0][started] = Val::Serial(3_000_000.5);
    let ended = COLUMNS.iter().position(|c| *c == "ended_at").unwrap(); // column L
    rows[1][ended] = Val::Serial(-2.0);
    rows[2][started] = Val::Serial(2_958_465.5); // 9999-12-31 12:00, Excel's last day
    let xlsx = dir.join("serial.xlsx");
    write_xlsx_input(&xlsx, COLUMNS, &rows);
    let out = check(&[s(&xlsx)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let e = error_of(&out.stdout, 2);
    let m = e["message"].as_str().unwrap();
    assert!(m.contains("第2行K列") && m.contains("row 2, column K (11) \"started_at\""), "{m}");
    assert!(m.contains("out of range (serial 3000000.5") && m.contains("9999-12-31"), "{m}");
    let m = error_of(&out.stdout, 3)["message"].as_str().unwrap().to_string();
    assert!(m.contains("row 3, column L (12) \"ended_at\"") && m.contains("out of range (serial -2"), "{m}");
    // Excel's last day itself is read.
    let text = String::from_utf8_lossy(&out.stdout);
    let four: Value = serde_json::from_str(text.lines().find(|l| l.contains("\"line\":4,")).unwrap()).unwrap();
    assert!(four.get("error").is_none(), "{four}");
}

#[test]
fn a_missing_required_column_is_named_per_row() {
    let dir = tmp("missing-col");
    let jsonl: String = std::fs::read_to_string(records()).unwrap().lines().take(2).map(|l| format!("{l}\n")).collect();
    let rows = rows_of(&jsonl);
    let keep: Vec<usize> = (0..COLUMNS.len()).filter(|i| COLUMNS[*i] != "mode").collect();
    let header: Vec<&str> = keep.iter().map(|i| COLUMNS[*i]).collect();
    let rows: Vec<Vec<Val>> = rows.iter().map(|r| keep.iter().map(|i| r[*i].clone()).collect()).collect();
    let csv = dir.join("no-mode.csv");
    write_csv(&csv, &header, &rows);
    let out = check(&[s(&csv)]);
    let e = error_of(&out.stdout, 2);
    let m = e["message"].as_str().unwrap();
    assert!(m.contains("the file has no column \"mode\"") && m.contains("missing field"), "{m}");
    assert_eq!(e["path"], "/mode");
}

#[test]
fn an_unknown_column_exits_2_naming_it() {
    let dir = tmp("unknown-col");
    let jsonl: String = std::fs::read_to_string(records()).unwrap().lines().take(2).map(|l| format!("{l}\n")).collect();
    let mut header: Vec<&str> = COLUMNS.to_vec();
    let i = header.iter().position(|c| *c == "ended_at").unwrap();
    header[i] = "endded_at";
    let csv = dir.join("typo.csv");
    write_csv(&csv, &header, &rows_of(&jsonl));
    let xlsx = dir.join("typo.xlsx");
    write_xlsx_input(&xlsx, &header, &rows_of(&jsonl));
    for file in [&csv, &xlsx] {
        let out = check(&[s(file)]);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains("endded_at") && err.contains("column L"), "{err}");
    }
}

#[test]
fn a_value_in_a_headerless_column_is_refused() {
    let dir = tmp("headerless");
    let csv = dir.join("extra.csv");
    let line = std::fs::read_to_string(records()).unwrap().lines().next().unwrap().to_string();
    let mut text = String::new();
    write_csv(&csv, COLUMNS, &rows_of(&line));
    text.push_str(&std::fs::read_to_string(&csv).unwrap());
    // One more cell on the data row, past the last header.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[1].push_str(",stray");
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
    let out = check(&[s(&csv)]);
    let e = error_of(&out.stdout, 2);
    let m = e["message"].as_str().unwrap();
    assert!(m.contains("column AL (38)") && m.contains("beyond the header"), "{m}");
}

#[test]
fn gbk_csv_is_read() {
    let dir = tmp("gbk");
    let fixture = std::fs::read_to_string(root().join("tests/formats/records.csv")).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(fixture.trim_start_matches('\u{feff}'));
    assert!(!bad);
    let path = dir.join("gbk.csv");
    std::fs::write(&path, &gbk).unwrap();
    let utf8 = check(&[s(&root().join("tests/formats/records.csv"))]);
    let out = check(&[s(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout == utf8.stdout);
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/// (findings, unreadable lines) of a JSON Lines output.
fn counts(jsonl: &[u8]) -> (usize, usize) {
    let mut findings = 0;
    let mut errors = 0;
    for l in String::from_utf8_lossy(jsonl).lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        findings += v["findings"].as_array().unwrap().len();
        errors += usize::from(v.get("error").is_some());
    }
    (findings, errors)
}

/// The example with two unreadable lines added, so that the outputs have error rows too.
fn example_with_errors(dir: &Path) -> PathBuf {
    let mut text = std::fs::read_to_string(records()).unwrap();
    text.push_str("{\"id\": \"broken\"}\nnot json\n");
    let path = dir.join("records.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn csv_output_has_one_row_per_finding() {
    let dir = tmp("out-csv");
    let input = example_with_errors(&dir);
    let jsonl = check(&[s(&input)]);
    let (findings, errors) = counts(&jsonl.stdout);
    assert!(findings > 20 && errors == 2);
    let out = check(&["--format", "csv", s(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.starts_with("\u{feff}scope,line,record,rule,severity,agency,agency_name,".as_bytes()));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "scope",
            "line",
            "record",
            "rule",
            "severity",
            "agency",
            "agency_name",
            "enterprise",
            "enterprise_name",
            "message",
            "message_en",
            "clause",
            "path",
            "related",
            "related_total"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), findings + errors);
    assert_eq!(rows.iter().filter(|r| &r[3] == "error").count(), errors);
    // An inspection row carries its record's lead agency and enterprise, with their names.
    let r = rows.iter().find(|r| &r[0] == "inspection" && &r[3] != "error").unwrap();
    assert!(!r[1].is_empty() && !r[2].is_empty() && !r[5].is_empty() && !r[6].is_empty() && !r[7].is_empty());
    assert!(r[11].contains(' '), "clause is `source article`: {:?}", &r[11]);
    // An agency row names the agency.
    let a = rows.iter().find(|r| &r[0] == "agency").unwrap();
    assert_eq!(&a[5], &a[2]);
    assert!(a[6].contains("磐安县"));

    // Written to a file with --output, the same bytes.
    let file = dir.join("findings.csv");
    let out2 = check(&["--format", "csv", "-o", s(&file), s(&input)]);
    assert_eq!(out2.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn xlsx_output_has_one_row_per_finding_and_a_summary() {
    let dir = tmp("out-xlsx");
    let input = example_with_errors(&dir);
    let (findings, errors) = counts(&check(&[s(&input)]).stdout);
    let file = dir.join("findings.xlsx");
    let out = check(&["--format", "xlsx", "-o", s(&file), s(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), ["发现", "汇总"]);
    let found = book.worksheet_range("发现").unwrap();
    assert_eq!(found.height(), 1 + findings + errors);
    assert_eq!(found.width(), 15);
    assert_eq!(found.get((0, 3)), Some(&Data::String("规则 rule".into())));
    let rules: Vec<String> = found.rows().skip(1).map(|r| r[3].to_string()).collect();
    assert_eq!(rules.iter().filter(|r| *r == "error").count(), errors);
    // Line numbers are numbers, so that the sheet sorts them as such.
    assert!(found.rows().skip(1).any(|r| matches!(r[1], Data::Float(_) | Data::Int(_))));

    let summary = book.worksheet_range("汇总").unwrap();
    let total: f64 = summary
        .rows()
        .skip(1)
        .take_while(|r| !r[0].is_empty())
        .filter(|r| r[0] != "error")
        .map(|r| r[3].get_float().unwrap_or(0.0))
        .sum();
    assert_eq!(total as usize, findings);
    let labels: Vec<String> = summary.rows().map(|r| r[0].to_string()).collect();
    assert!(labels.iter().any(|l| l == "违规 violation"));

    // Without --output: exit 2 with a message.
    let out = check(&["--format", "xlsx", s(&input)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--output"));
}

#[test]
fn an_empty_input_still_gives_a_valid_workbook() {
    let dir = tmp("out-empty");
    let input = dir.join("empty.jsonl");
    std::fs::write(&input, "").unwrap();
    let file = dir.join("empty.xlsx");
    let out = check(&["--format", "xlsx", "-o", s(&file), s(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    assert!(book.worksheet_range("发现").unwrap().height() >= 1);
}

#[test]
fn a_40000_character_message_still_gives_a_valid_workbook() {
    // One cell over Excel's 32,767 characters (a long id, an echoed value, a plugin's message) made the whole
    // workbook fail to write. Such a cell is now cut, with a marker saying so.
    let dir = tmp("out-long");
    let first = std::fs::read_to_string(records()).unwrap().lines().next().unwrap().to_string();
    let mut record: Value = serde_json::from_str(&first).unwrap();
    record["mode"] = Value::String("m".repeat(40_000));
    let mut other: Value = serde_json::from_str(&first).unwrap();
    other["id"] = Value::String("I".repeat(40_000));
    other["lead_agency"] = Value::String("no-such-agency".into());
    let input = dir.join("long.jsonl");
    std::fs::write(&input, format!("{record}\n{other}\n")).unwrap();
    let jsonl = check(&[s(&input)]);
    let message = error_of(&jsonl.stdout, 1)["message"].as_str().unwrap().chars().count();
    assert!(message > 40_000, "the error line echoes the value ({message} characters)");
    let file = dir.join("long.xlsx");
    let out = check(&["--format", "xlsx", "-o", s(&file), s(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let found = book.worksheet_range("发现").unwrap();
    let cells: Vec<String> =
        found.rows().skip(1).flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>()).collect();
    let cut: Vec<&String> = cells.iter().filter(|c| c.contains("truncated")).collect();
    assert!(!cut.is_empty(), "no cell was marked as cut");
    for c in &cut {
        let end: String = c.chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect();
        assert_eq!(c.chars().count(), 32_767, "{end}");
        assert!(end.contains("…（已截断，原长 ") && end.ends_with(" characters）"), "{end}");
    }
    // The message cell and the record-id cell.
    assert!(cells.iter().any(|c| c.starts_with("mmmm") || c.contains("`mmmm")), "the message is kept up to the cut");
    assert!(
        cells.iter().any(|c| c.starts_with("IIII") && c.contains("truncated, 40000 characters")),
        "the id is cut too"
    );
}

#[test]
fn an_xlsx_zip_bomb_is_refused() {
    use zip::write::SimpleFileOptions;
    let dir = tmp("bomb");
    let path = dir.join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..520 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 4 << 20, "a small file");
    let out = check(&[s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bomb.xlsx") && err.contains("512 MiB"), "{err}");

    // Not a zip at all.
    let fake = dir.join("fake.xlsx");
    std::fs::write(&fake, "id,trigger\n").unwrap();
    let out = check(&[s(&fake)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a valid .xlsx"), "{}", stderr(&out));
}

#[test]
fn the_mapping_covers_the_schema_and_the_docs_list_it() {
    use jiancha_batch::tables::FIELDS;
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schema/inspection.schema.json")).unwrap()).unwrap();
    let mut expected = Vec::new();
    for (name, prop) in schema["properties"].as_object().unwrap() {
        // Objects (not arrays of them) are mapped field by field; everything else is one column.
        let reference = prop["$ref"].as_str().or_else(|| prop["anyOf"][0]["$ref"].as_str());
        let def = reference.map(|r| &schema["$defs"][r.trim_start_matches("#/$defs/")]);
        match def.and_then(|d| d["properties"].as_object()) {
            Some(inner) => expected.extend(inner.keys().map(|k| format!("{name}.{k}"))),
            None => expected.push(name.clone()),
        }
    }
    let mut mapped: Vec<String> = FIELDS.iter().map(|f| f.name.to_string()).collect();
    expected.sort();
    mapped.sort();
    assert_eq!(mapped, expected);

    let docs = std::fs::read_to_string(root().join("docs/formats.md")).unwrap();
    for f in FIELDS {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", f.name)))
            .unwrap_or_else(|| panic!("{} not in docs", f.name));
        for alias in f.aliases {
            assert!(row.contains(alias), "alias {alias} of {} not in docs", f.name);
        }
    }
}

/// 30 on-site visits of one agency to one enterprise, a day apart: the cap finding on the last names the earliest
/// 20 visits, and the CSV and XLSX outputs carry the full count in `related_total` instead of dropping it.
#[test]
fn a_bounded_related_list_keeps_its_total_in_csv_and_xlsx() {
    let dir = tmp("related-total");
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(records()).unwrap().lines().find(|l| l.contains("\"I-2025-0018\"")).unwrap(),
    )
    .unwrap();
    let text: String = (0..30)
        .map(|k| {
            let mut r = first.clone();
            r["id"] = format!("V{k:02}").into();
            for field in ["started_at", "ended_at"] {
                let at = r[field].as_str().unwrap().replace("2025-02-12", &format!("2025-04-{:02}", k + 1));
                r[field] = at.into();
            }
            r.to_string() + "\n"
        })
        .collect();
    let input = dir.join("visits.jsonl");
    std::fs::write(&input, text).unwrap();

    let jsonl = check(&[s(&input)]);
    let lines: Vec<Value> =
        String::from_utf8(jsonl.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let last = lines.iter().find(|l| l["id"] == "V29").unwrap();
    let cap = last["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "frequency.onsite-cap").unwrap();
    assert_eq!(cap["related"].as_array().unwrap().len(), 20, "{cap}");
    assert_eq!(cap["related_total"], 29, "{cap}");

    let out = check(&["--format", "csv", s(&input)]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[2] == "V29" && &r[3] == "frequency.onsite-cap").unwrap();
    assert_eq!(row[13].split("; ").count(), 20);
    assert_eq!(&row[14], "29");
    // A complete list leaves the column empty.
    let third = rows.iter().find(|r| &r[2] == "V02" && &r[3] == "frequency.onsite-cap").unwrap();
    assert_eq!((&third[13], &third[14]), ("V00; V01", ""));

    let xlsx = dir.join("out.xlsx");
    let out = check(&["--format", "xlsx", "-o", s(&xlsx), s(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("发现").unwrap();
    assert_eq!(sheet.get((0, 14)).and_then(|c| c.get_string()), Some("相关记录总数 related_total"));
    let row = sheet
        .rows()
        .find(|r| r[2].get_string() == Some("V29") && r[3].get_string() == Some("frequency.onsite-cap"))
        .unwrap();
    assert_eq!(row[14].get_float(), Some(29.0));

    // The report's alerts say how many records there are besides the ones they list.
    let report = dir.join("report.html");
    let out = check(&["-o", s(&dir.join("out.jsonl")), "--report", s(&report), s(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("（列出最早 20 条，共 29 条）"), "the alert on V29 counts its 29 earlier visits");
    std::fs::remove_dir_all(&dir).unwrap();
}
