//! `jiancha serve` as a newcomer and an operator meet it: the demo prints its URL and tokens, the README's curl
//! examples work as written, and a server killed with SIGKILL while records are filed keeps every acknowledged
//! record exactly once and nothing half-written.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

struct Server {
    child: Child,
    addr: String,
    tokens: Vec<(String, String, String)>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jiancha-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Starts `jiancha serve --demo` on a free port and reads its start-up lines.
fn start(data: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("JIANCHA_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut addr = String::new();
    let mut tokens = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.split("http://").nth(1).filter(|_| line.contains("listening")) {
            addr = url.trim().to_string();
        }
        if line.contains("demo token") {
            let f: Vec<&str> = line.split_whitespace().collect();
            let n = f.len();
            tokens.push((f[n - 3].to_string(), f[n - 2].to_string(), f[n - 1].to_string()));
        }
        if line.starts_with("例如") {
            break;
        }
    }
    // The rest of stdout is drained so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    assert!(!addr.is_empty() && tokens.len() == 4, "start-up lines: {addr} {tokens:?}");
    Server { child, addr, tokens }
}

impl Server {
    fn token(&self, role: &str, agency: &str) -> &str {
        &self.tokens.iter().find(|(r, a, _)| r == role && (a == agency || agency.is_empty())).unwrap().2
    }
}

/// One HTTP/1.1 request; the status and the body.
fn http(addr: &str, method: &str, path: &str, token: &str, body: Option<&str>) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    let status = out.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

fn example_records() -> Vec<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/panan/records-2025.jsonl");
    std::fs::read_to_string(p).unwrap().lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}

/// The README's service examples, run as written with the demo's tokens in `$OFFICER`, `$SUPERVISOR` and `$ADMIN`
/// and its address in `$JIANCHA`: every one succeeds (`curl -f`).
#[test]
fn the_readme_curl_examples_work_as_written() {
    let data = data_dir("readme");
    let server = start(&data);
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let block = readme.split("<!-- serve-examples -->").nth(1).expect("README has a serve-examples block");
    let block = block.split("```sh").nth(1).unwrap().split("```").next().unwrap();
    let commands: Vec<&str> = block.lines().filter(|l| l.trim_start().starts_with("curl")).collect();
    assert!(commands.len() >= 5, "{commands:?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for c in commands {
        let out = Command::new("bash")
            .args(["-c", c])
            .current_dir(&root)
            .env("JIANCHA", format!("http://{}", server.addr))
            .env("OFFICER", server.token("officer", "scjg"))
            .env("SUPERVISOR", server.token("supervisor", ""))
            .env("ADMIN", server.token("admin", ""))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{c}\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
}

/// SIGKILL while a client files records one after the other: after a restart every acknowledged record is there
/// exactly once with its findings, and the store holds nothing half-written (as many revisions as records).
#[test]
fn a_killed_server_keeps_every_acknowledged_record() {
    let data = data_dir("kill");
    let server = start(&data);
    let records = example_records();
    let officer_of = |r: &str| serde_json::from_str::<Value>(r).unwrap()["lead_agency"].as_str().unwrap().to_string();
    // The demo files the example's records into its new store: these are new ids of the same visits.
    let count = |s: &Server| {
        let sup = s.token("supervisor", "").to_string();
        let (status, v) = http(&s.addr, "GET", "/v1/version", &sup, None).unwrap();
        assert_eq!(status, 200, "{v}");
        serde_json::from_str::<Value>(&v).unwrap()["store"]["records"].as_u64().unwrap()
    };
    let seeded = count(&server);
    // The demo has officers of scjg and yjgl: file theirs.
    let mine: Vec<String> = records
        .into_iter()
        .filter(|r| ["scjg", "yjgl"].contains(&officer_of(r).as_str()))
        .map(|r| {
            let mut v: Value = serde_json::from_str(&r).unwrap();
            v["id"] = Value::from(format!("KILL-{}", v["id"].as_str().unwrap()));
            v.to_string()
        })
        .collect();
    let addr = server.addr.clone();
    let tokens = server.tokens.clone();
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = acked.clone();
    let client = std::thread::spawn(move || {
        for r in &mine {
            let agency = officer_of(r);
            let token = &tokens.iter().find(|(role, a, _)| role == "officer" && *a == agency).unwrap().2;
            match http(&addr, "POST", "/v1/inspections", token, Some(r)) {
                Ok((201, body)) => {
                    let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_str().unwrap().to_string();
                    seen.lock().unwrap().push(id);
                }
                // No answer at all: the server is gone.
                Ok((0, _)) | Err(_) => break,
                Ok((s, body)) => panic!("{s} {body}"),
            }
        }
    });
    // Killed once twenty filings are acknowledged (however slow the machine), while the client goes on filing.
    let waited = std::time::Instant::now();
    while acked.lock().unwrap().len() < 20 && waited.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut server = server;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    client.join().unwrap();
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() > 5, "the client got {} answers before the kill", acked.len());
    drop(server);
    let again = start(&data);
    let sup = again.token("supervisor", "").to_string();
    let (s, v) = http(&again.addr, "GET", "/v1/version", &sup, None).unwrap();
    assert_eq!(s, 200, "{v}");
    let v: Value = serde_json::from_str(&v).unwrap();
    let (n, revisions) = (v["store"]["records"].as_u64().unwrap(), v["store"]["revisions"].as_u64().unwrap());
    assert_eq!(n, revisions, "one revision per record: nothing half-written or twice");
    let n = n - seeded;
    assert!(n as usize >= acked.len() && n as usize <= acked.len() + 1, "{n} stored, {} acknowledged", acked.len());
    for id in &acked {
        let (s, body) = http(&again.addr, "GET", &format!("/v1/inspections/{id}"), &sup, None).unwrap();
        assert_eq!(s, 200, "{id}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert!(v["findings"].is_array(), "{id} has its findings: {body}");
    }
    drop(again);
    let _ = std::fs::remove_dir_all(&data);
}

/// Ten thousand connections held open on loopback, each with a request that never ends (a slow client), and the
/// service still answers a new caller at once; when they go, it goes on. Bounded: the connections are opened by
/// four threads in at most 180 s and held for a second.
#[test]
fn ten_thousand_slow_connections_do_not_stop_the_service() {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let lim = getrlimit(Resource::Nofile);
    let hard = lim.maximum.unwrap_or(1 << 20);
    let want = hard.min(30_000);
    let _ = setrlimit(Resource::Nofile, Rlimit { current: Some(want), maximum: lim.maximum });
    let wanted = 10_000usize.min(usize::try_from(want).unwrap_or(0).saturating_sub(500));
    assert!(wanted >= 1000, "the file limit ({want}) leaves room for {wanted} connections only");
    let data = data_dir("slow");
    let server = start(&data);
    let started = std::time::Instant::now();
    let openers: Vec<_> = (0..4)
        .map(|k| {
            let addr = server.addr.clone();
            let n = wanted / 4 + usize::from(k < wanted % 4);
            std::thread::spawn(move || {
                let mut held = Vec::with_capacity(n);
                while held.len() < n && started.elapsed() < Duration::from_secs(180) {
                    let Ok(mut s) = TcpStream::connect(&addr) else { continue };
                    let _ = s.write_all(b"POST /v1/inspections HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n");
                    held.push(s);
                }
                held
            })
        })
        .collect();
    let held: Vec<TcpStream> = openers.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert_eq!(held.len(), wanted, "connections opened in {:?}", started.elapsed());
    std::thread::sleep(Duration::from_secs(1));
    let t = std::time::Instant::now();
    let (s, body) = http(&server.addr, "GET", "/health", "", None).unwrap();
    assert_eq!((s, body.as_str()), (200, "ok"), "with {wanted} slow connections open");
    assert!(t.elapsed() < Duration::from_secs(5), "answered in {:?}", t.elapsed());
    drop(held);
    let sup = server.token("supervisor", "").to_string();
    let (s, _) = http(&server.addr, "GET", "/v1/version", &sup, None).unwrap();
    assert_eq!(s, 200);
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
}

/// A batch through the service writes what `jiancha check` writes for the same file: JSON Lines, CSV and the
/// report byte for byte, and the workbook with the same sheets (only its creation time, which Excel keeps in
/// `docProps/core.xml`, differs).
#[test]
fn a_batch_through_the_service_writes_what_jiancha_check_writes() {
    let data = data_dir("batch");
    let server = start(&data);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = data_dir("batch-out");
    std::fs::create_dir_all(&out).unwrap();
    let records = root.join("examples/panan/records-2025.jsonl");
    let dataset = root.join("examples/panan");
    for (format, file) in [("jsonl", "cli.jsonl"), ("csv", "cli.csv"), ("xlsx", "cli.xlsx")] {
        let o = Command::new(env!("CARGO_BIN_EXE_jiancha"))
            .args(["check", "--quiet", "--dataset"])
            .arg(&dataset)
            .args(["--format", format, "--output"])
            .arg(out.join(file))
            .arg("--report")
            .arg(out.join("cli.html"))
            .arg(&records)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let sup = server.token("supervisor", "").to_string();
    let base = format!("http://{}", server.addr);
    let curl = |args: &[&str]| {
        let o = Command::new("curl")
            .args(["-sSf", "-H", &format!("Authorization: Bearer {sup}")])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "curl {args:?}: {}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let posted = curl(&[
        "-X",
        "POST",
        "-H",
        "Content-Type: application/x-ndjson",
        "--data-binary",
        &format!("@{}", records.display()),
        &format!("{base}/v1/batches?name=records-2025.jsonl"),
    ]);
    let id = serde_json::from_slice::<Value>(&posted).unwrap()["id"].as_str().unwrap().to_string();
    let started = std::time::Instant::now();
    loop {
        let job: Value = serde_json::from_slice(&curl(&[&format!("{base}/v1/batches/{id}")])).unwrap();
        if job["state"] == "done" {
            break;
        }
        assert!(job["state"] == "queued" || job["state"] == "running", "{job}");
        assert!(started.elapsed() < Duration::from_secs(120), "{job}");
        std::thread::sleep(Duration::from_millis(100));
    }
    for (k, file) in [("jsonl", "svc.jsonl"), ("csv", "svc.csv"), ("report", "svc.html"), ("xlsx", "svc.xlsx")] {
        curl(&["-o", out.join(file).to_str().unwrap(), &format!("{base}/v1/batches/{id}/output/{k}")]);
    }
    for ext in ["jsonl", "csv", "html"] {
        let (cli, svc) = (
            std::fs::read(out.join(format!("cli.{ext}"))).unwrap(),
            std::fs::read(out.join(format!("svc.{ext}"))).unwrap(),
        );
        assert!(!cli.is_empty() && cli == svc, "the service's {ext} differs from jiancha check's");
    }
    let entries = |p: &Path| {
        let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
        let mut all = std::collections::BTreeMap::new();
        for i in 0..z.len() {
            let mut e = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            all.insert(e.name().unwrap().to_string(), bytes);
        }
        all
    };
    let (mut cli, mut svc) = (entries(&out.join("cli.xlsx")), entries(&out.join("svc.xlsx")));
    assert!(cli.remove("docProps/core.xml").is_some() && svc.remove("docProps/core.xml").is_some());
    assert!(cli.keys().any(|k| k.starts_with("xl/worksheets/")), "{:?}", cli.keys());
    assert!(cli == svc, "the workbooks differ beyond their creation time");
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&out);
}
