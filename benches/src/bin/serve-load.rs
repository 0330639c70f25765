//! Load for `jiancha serve`, from a second process on 127.0.0.1 (`scripts/bench-serve.sh` runs it): keep-alive
//! HTTP/1.1 callers, each on its own thread and connection, posting records from a JSON Lines file, each with the
//! token of the record's lead agency. Prints the throughput and the latency percentiles of the answers.
//!
//! `serve-load ADDR TOKENS.tsv RECORDS.jsonl PATH CALLERS COUNT [RATE]` — TOKENS.tsv: `agency<TAB>token` lines;
//! PATH: `/v1/inspections` or `/v1/inspections:validate`; COUNT: requests in all (records are taken in file order,
//! wrapping around).
//!
//! Without RATE each caller sends its next request as soon as it has the answer (a closed loop: it measures the
//! most the service answers, and then a caller's latency is the callers' number over that throughput). With RATE
//! (requests per second in all) request k is due at k / RATE seconds from the start and is sent by the first free
//! caller (an open loop, as forms filled by many officers load a service): its latency runs from when it was due,
//! so time spent waiting for a free caller counts too.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn request(conn: &mut BufReader<TcpStream>, addr: &str, path: &str, token: &str, body: &str) -> std::io::Result<u16> {
    write!(
        conn.get_mut(),
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut status = 0;
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if conn.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if status == 0 {
            status = l.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        } else if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    conn.read_exact(&mut body)?;
    Ok(status)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (addr, tokens, records, path, callers, count, rate) = match args.as_slice() {
        [_, a, t, r, p, c, n] => (a, t, r, p, c, n, None),
        [_, a, t, r, p, c, n, rate] => (a, t, r, p, c, n, Some(rate)),
        _ => {
            eprintln!("用法 / usage: serve-load ADDR TOKENS.tsv RECORDS.jsonl PATH CALLERS COUNT [RATE]");
            return ExitCode::from(2);
        }
    };
    let rate = match rate.map(|r| r.parse::<f64>()) {
        None => None,
        Some(Ok(r)) if r > 0.0 => Some(r),
        Some(_) => {
            eprintln!("RATE is a positive number of requests per second");
            return ExitCode::from(2);
        }
    };
    let tokens: HashMap<String, String> = std::fs::read_to_string(tokens)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('\t').map(|(a, t)| (a.to_string(), t.to_string())))
        .collect();
    let records: Vec<(String, String)> = std::fs::read_to_string(records)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            let lead = v["lead_agency"].as_str()?.to_string();
            Some((tokens.get(&lead)?.clone(), l.to_string()))
        })
        .collect();
    let (Ok(callers), Ok(count)) = (callers.parse::<usize>(), count.parse::<usize>()) else {
        eprintln!("CALLERS and COUNT are numbers");
        return ExitCode::from(2);
    };
    if records.is_empty() {
        eprintln!("no record with a token for its lead agency");
        return ExitCode::from(2);
    }
    let records = Arc::new(records);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let threads: Vec<_> = (0..callers)
        .map(|_| {
            let (records, next, addr, path) = (records.clone(), next.clone(), addr.clone(), path.clone());
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut errors = 0usize;
                let Ok(s) = TcpStream::connect(&addr) else { return (lat, usize::MAX) };
                let _ = s.set_nodelay(true);
                let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
                let mut conn = BufReader::new(s);
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= count {
                        break;
                    }
                    let (token, body) = &records[k % records.len()];
                    let t = match rate {
                        Some(r) => {
                            let due = start + Duration::from_secs_f64(k as f64 / r);
                            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                                std::thread::sleep(wait);
                            }
                            due
                        }
                        None => Instant::now(),
                    };
                    match request(&mut conn, &addr, &path, token, body) {
                        Ok(s) if (200..300).contains(&s) => lat.push(t.elapsed()),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            let Ok(s) = TcpStream::connect(&addr) else { break };
                            conn = BufReader::new(s);
                        }
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in threads {
        if let Ok((lat, e)) = t.join() {
            all.extend(lat);
            errors += e.min(count);
        }
    }
    let took = start.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    let offered = rate.map_or_else(|| "closed loop".to_string(), |r| format!("offered {r:.0}/s"));
    println!(
        "{path}: {} ok, {errors} failed, {callers} callers, {offered}, {took:.1} s, {:.0}/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all.len(),
        all.len() as f64 / took,
        pct(0.50),
        pct(0.99),
        all.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    );
    if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
