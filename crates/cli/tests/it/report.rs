//! `jiancha check --report report.html`: the leaders' HTML report of the example county. It is complete, the same
//! bytes for the same input, self-contained, escapes what it quotes, and its numbers are those of the JSON Lines
//! output. The browser test (ignored by default: `scripts/test.sh` runs it with `--ignored`) opens it in headless
//! Chromium and keeps a screenshot and the A4 print view in artifacts/report/.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const HEADINGS: &[&str] = &[
    "涉企行政检查合规分析报告",
    "一、总体情况",
    "二、按规则统计",
    "三、按执法主体统计",
    "四、企业检查负担",
    "五、监测预警",
    "六、联合检查率",
    "七、数据质量",
    "八、工作建议",
    "九、说明",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("report-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `check --report` on the example into `dir`; returns the JSON Lines output and the HTML.
fn run_example(dir: &Path) -> (String, String) {
    let (out, html) = (dir.join("out.jsonl"), dir.join("report.html"));
    let run = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .current_dir(repo())
        .args(["check", "--quiet", "--dataset", "examples/panan", "examples/panan/records-2025.jsonl"])
        .args(["--report-unit", "磐安县人民政府办公室", "--output"])
        .arg(&out)
        .arg("--report")
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(html.is_file(), "the report was not written");
    (std::fs::read_to_string(out).unwrap(), std::fs::read_to_string(html).unwrap())
}

fn lines(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn findings(lines: &[serde_json::Value]) -> impl Iterator<Item = &serde_json::Value> {
    lines.iter().flat_map(|l| l["findings"].as_array().unwrap())
}

/// The text of the `<tr …>` row that starts with `start`.
fn row<'a>(html: &'a str, start: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no row `{start}` in the report"));
    let rest = &html[at..];
    &rest[..rest.find("</tr>").unwrap()]
}

#[test]
fn the_report_is_complete_deterministic_and_self_contained() {
    let (jsonl_a, a) = run_example(&tmp("a"));
    let (jsonl_b, b) = run_example(&tmp("b"));
    assert_eq!(jsonl_a, jsonl_b);
    assert!(a == b, "two runs on the same input gave different reports");
    assert!(a.starts_with("<!DOCTYPE html>"));
    assert!(a.contains("<html lang=\"zh-CN\">"));
    for h in HEADINGS {
        assert!(a.contains(h), "heading {h} is missing");
    }
    let lower = a.to_lowercase();
    for external in ["<script", "http://", "https://", "<link", "<img", "@import", "url(", "src="] {
        assert!(!lower.contains(external), "the report refers to something outside itself: `{external}`");
    }
    // The period and the "as of" day come from the records, not from the clock.
    let ls = lines(&jsonl_a);
    assert!(a.contains("2025年"), "no period");
    assert!(a.contains("数据截至"));
    assert_eq!(ls.iter().filter(|l| l["scope"] == "inspection").count(), 673);
}

#[test]
fn the_numbers_are_those_of_the_jsonl_output() {
    let (jsonl, html) = run_example(&tmp("numbers"));
    let ls = lines(&jsonl);
    let count = |sev: &str| findings(&ls).filter(|f| f["severity"] == sev).count();
    let records = ls.iter().filter(|l| l["scope"] == "inspection").count();
    let clean = ls
        .iter()
        .filter(|l| {
            l["scope"] == "inspection" && l.get("error").is_none() && l["findings"].as_array().unwrap().is_empty()
        })
        .count();
    let unreadable = ls.iter().filter(|l| l.get("error").is_some()).count();
    let total = findings(&ls).count();
    let shown = |key: &str, n: usize| {
        let needle = format!("data-k=\"{key}\">{n}<");
        assert!(html.contains(&needle), "the report does not show {key} = {n} (`{needle}`)");
    };
    shown("records", records);
    shown("violations", count("violation"));
    shown("warnings", count("warning"));
    shown("infos", count("info"));
    shown("unreadable", unreadable);
    shown("findings", total);
    assert!(count("violation") > 0 && count("warning") > 0);
    let clean_share = format!("data-k=\"clean-share\">{:.1}%<", clean as f64 * 100.0 / records as f64);
    assert!(html.contains(&clean_share), "clean share: `{clean_share}`");

    // Every rule that fired has its row with its count.
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings(&ls) {
        *by_rule.entry(f["rule"].as_str().unwrap()).or_default() += 1;
    }
    for (rule, n) in &by_rule {
        let r = row(&html, &format!("<tr data-rule=\"{rule}\">"));
        assert!(r.contains(&format!("<td class=\"num\">{n}</td>")), "rule {rule}: expected {n} in {r}");
        let title = jiancha_core::catalogue::lookup(rule).unwrap().title;
        assert!(r.contains(title), "rule {rule} is shown without its title");
    }
    assert_eq!(html.matches("<tr data-rule=").count(), by_rule.len());

    // The 多头、重复、高频次 alerts: as many as the JSON Lines has, each listed with its record.
    for rule in ["alert.multi-agency", "alert.repeated", "alert.high-frequency"] {
        let fired: Vec<&serde_json::Value> =
            ls.iter().filter(|l| l["findings"].as_array().unwrap().iter().any(|f| f["rule"] == rule)).collect();
        assert!(!fired.is_empty(), "{rule} does not fire on the example");
        let n = fired
            .iter()
            .map(|l| l["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).count())
            .sum::<usize>();
        shown(rule, n);
        for l in fired {
            assert!(
                html.contains(&format!("<code>{}</code>", l["id"].as_str().unwrap())),
                "alert on {} not listed",
                l["id"]
            );
        }
    }
}

#[test]
fn every_agency_below_the_joint_target_is_marked() {
    let (jsonl, html) = run_example(&tmp("joint"));
    let ls = lines(&jsonl);
    let mut below = Vec::new();
    for l in ls.iter().filter(|l| l["scope"] == "agency") {
        for f in l["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "joint.rate-below-target") {
            let msg = f["message"].as_str().unwrap();
            let at = msg.find("年联合检查率").unwrap();
            let year = &msg[..at].chars().rev().take(4).collect::<String>().chars().rev().collect::<String>();
            // The rate of the message is the rate the report shows for that agency and year.
            let rate = msg[at..].split("联合检查率为").nth(1).unwrap().split('%').next().unwrap();
            below.push((l["id"].as_str().unwrap().to_string(), year.clone(), rate.to_string()));
        }
    }
    assert!(below.len() >= 3, "the example should have agencies below the joint target: {below:?}");
    for (agency, year, rate) in &below {
        let r = row(&html, &format!("data-joint-below=\"{agency}:{year}\""));
        assert!(r.contains("未达标"), "{agency} {year} is not marked below target: {r}");
        assert!(r.contains(&format!("{rate}%")), "{agency} {year}: rate {rate}% not shown in {r}");
    }
    assert_eq!(html.matches("data-joint-below=").count(), below.len(), "the report marks agencies the engine does not");
    assert!(html.contains(&format!("data-k=\"joint-below\">{}<", below.len())));
    // The chart draws the target line.
    assert!(html.contains("class=\"target\""));
}

#[test]
fn quoted_names_are_escaped() {
    let dir = tmp("escape");
    let ds = dir.join("dataset.json");
    std::fs::write(
        &ds,
        r#"{"agencies":[{"id":"A1","name":"<script>alert('机关')</script>","kind":"administrative-organ"}],
"inspectors":[{"id":"P1","name":"张三","agency":"A1","role":"officer","certificate":{"number":"C1","issued_by":"A1","valid_from":"2024-01-01","valid_until":"2026-12-31"}},
{"id":"P2","name":"李四","agency":"A1","role":"officer","certificate":{"number":"C2","issued_by":"A1","valid_from":"2024-01-01","valid_until":"2026-12-31"}}],
"enterprises":[{"id":"91330727MA2HQ0008A","name":"磐安\"某\"<b>饮片</b>&公司","industry":"C2730"}],
"items":[{"id":"IT1","agency":"A1","name":"安全生产检查","legal_basis":"安全生产法","published_on":"2025-01-01","method":"on-site"}]}"#,
    )
    .unwrap();
    let rec = dir.join("records.jsonl");
    let record = r#"{"id":"R<1>","trigger":"random-sampling","mode":"on-site","lead_agency":"A1","inspectors":["P1","P2"],"enterprise":"91330727MA2HQ0008A","started_at":"2025-03-10T09:00:00+08:00","ended_at":"2025-03-10T11:00:00+08:00","items":["IT1"]}"#;
    std::fs::write(&rec, format!("{record}\nnot json\n")).unwrap();
    let html = dir.join("report.html");
    let run = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .args(["check", "--quiet", "--dataset"])
        .arg(&ds)
        .arg(&rec)
        .arg("--output")
        .arg(dir.join("out.jsonl"))
        .arg("--report")
        .arg(&html)
        .output()
        .unwrap();
    // One of the two lines could not be read: the report is written, opening with the data-quality banner, and the
    // run fails the gate (exit 3).
    assert_eq!(run.status.code(), Some(3), "{}", String::from_utf8_lossy(&run.stderr));
    let html = std::fs::read_to_string(html).unwrap();
    let banner = html.find("class=\"quality-banner\"").expect("the banner");
    assert!(banner < html.find("<h1").unwrap_or(usize::MAX), "the banner opens the report");
    assert!(html.contains("输入的 2 条记录中有 1 条（50.0%）无法读取"));
    assert!(!html.contains("<script"), "a name was inserted unescaped");
    assert!(!html.contains("<b>饮片"), "a name was inserted unescaped");
    assert!(html.contains("&lt;script&gt;alert(&#39;机关&#39;)&lt;/script&gt;"));
    assert!(html.contains("磐安&quot;某&quot;&lt;b&gt;饮片&lt;/b&gt;&amp;公司"));
    assert!(html.contains("data-k=\"unreadable\">1<"));
    assert!(html.contains("data-k=\"records\">2<"));
}

/// Opens the example's report in headless Chromium: artifacts/report/report.png (full page) and report.pdf (A4
/// print view). Needs /usr/bin/chromium and web-demo/node_modules; fails, saying so, when they are missing.
#[test]
#[ignore = "needs chromium and web-demo/node_modules: run by scripts/test.sh"]
fn the_report_renders_in_chromium() {
    let root = repo();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    assert!(
        Path::new(&chromium).is_file(),
        "{chromium} is missing: install Chromium (sudo apt-get install chromium fonts-noto-cjk) and run `bash web-demo/build.sh`, \
         or run scripts/test.sh, which does both"
    );
    assert!(
        root.join("web-demo/node_modules/playwright-core").is_dir(),
        "web-demo/node_modules/playwright-core is missing: run `bash web-demo/build.sh` (it runs npm install in web-demo), \
         and install Chromium (sudo apt-get install chromium fonts-noto-cjk)"
    );
    let (_, html) = run_example(&tmp("browser"));
    let artifacts = root.join("artifacts/report");
    std::fs::create_dir_all(&artifacts).unwrap();
    let report = artifacts.join("report.html");
    let (png, pdf) = (artifacts.join("report.png"), artifacts.join("report.pdf"));
    std::fs::write(&report, html).unwrap();
    let _ = std::fs::remove_file(&png);
    let _ = std::fs::remove_file(&pdf);
    let run = Command::new("node")
        .current_dir(&root)
        .arg("web-demo/tests/screenshot.mjs")
        .arg(&report)
        .arg(&png)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js, then run `bash web-demo/build.sh`"));
    assert!(
        run.status.success(),
        "screenshot.mjs failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let shot = std::fs::read(&png).unwrap();
    assert!(shot.len() > 10_000 && shot.starts_with(b"\x89PNG"), "{} is not a screenshot", png.display());
    let print = std::fs::read(&pdf).unwrap();
    assert!(print.starts_with(b"%PDF"), "{} is not a PDF", pdf.display());
}

/// The parts a county leader reads first: the unit in the heading, the monthly trend, each agency's problem records
/// with their remedies, violations per 100 records, and advice drawn from the figures — all from the JSON Lines.
#[test]
fn the_leaders_sections_follow_from_the_output() {
    let (jsonl, html) = run_example(&tmp("leaders"));
    let ls = lines(&jsonl);
    assert!(html.contains("<p class=\"unit\" data-k=\"unit\">磐安县人民政府办公室</p>"));
    // Monthly trend: records per month as the output's lines have them (the example is one year: no 同比).
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    let mut violating: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let records: BTreeMap<String, serde_json::Value> =
        std::fs::read_to_string(repo().join("examples/panan/records-2025.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|r| (r["id"].as_str().unwrap().to_string(), r))
            .collect();
    for l in ls.iter().filter(|l| l["scope"] == "inspection" && l.get("error").is_none()) {
        let r = &records[l["id"].as_str().unwrap()];
        let month = r["started_at"].as_str().unwrap()[..7].to_string();
        *months.entry(month).or_default() += 1;
        if l["findings"].as_array().unwrap().iter().any(|f| f["severity"] == "violation") {
            let lead = r["lead_agency"].as_str().unwrap().to_string();
            violating.entry(lead.clone()).or_insert((lead, 0)).1 += 1;
        }
    }
    assert!(months.len() >= 6);
    for (month, n) in &months {
        let r = row(&html, &format!("<tr data-month=\"{month}\">"));
        assert!(r.contains(&format!("<td class=\"num\">{n}</td>")), "{month}: {n} in {r}");
    }
    assert!(html.contains("输入中没有上一年同期的记录"));
    // Problem records: the lists' counts add up to the records with a violation (a record acting for another
    // organ, as an entrusted one does, is counted for the organ it acts for).
    let listed: usize = html
        .match_indices("<h4 data-problems=")
        .map(|(at, _)| {
            let head = &html[at..at + html[at..].find("</h4>").unwrap()];
            let n = head.split("存在违规的记录 ").nth(1).unwrap().split(' ').next().unwrap();
            n.parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(listed, violating.values().map(|(_, n)| n).sum::<usize>());
    let remedy = jiancha_core::catalogue::lookup("subject.uncertified-inspector").unwrap().remedy;
    assert!(html.contains(remedy), "the remedy of a violation is shown with it");
    // Per 100: the total row's figure is the record-level violations over the records led.
    assert!(html.contains("每百条记录<br>违规"));
    // Advice: the most broken rule named first, agencies to plan jointly, the joint rate, where violations are densest.
    for key in ["rules", "merge", "joint", "density"] {
        assert!(html.contains(&format!("data-advice=\"{key}\"")), "no advice of kind {key}");
    }
    assert!(html.contains("七、数据质量") && html.contains("全部输入均已读取"));
}
