//! Prometheus metrics (text exposition format 0.0.4): requests by endpoint and status, latency histogram,
//! findings by rule, denials.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1.0, 5.0];

#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: [AtomicU64; BUCKETS.len() + 1],
    latency_sum_us: AtomicU64,
    latency_count: AtomicU64,
    findings: Mutex<BTreeMap<String, u64>>,
    denied: AtomicU64,
}

impl Metrics {
    pub fn request(&self, method: &str, path: &str, status: u16, took: Duration) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((method.to_string(), path.to_string(), status)).or_default() += 1;
        }
        let s = took.as_secs_f64();
        let k = BUCKETS.iter().position(|b| s <= *b).unwrap_or(BUCKETS.len());
        if let Some(b) = self.latency.get(k) {
            b.fetch_add(1, Ordering::Relaxed);
        }
        self.latency_sum_us.fetch_add(u64::try_from(took.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
        self.latency_count.fetch_add(1, Ordering::Relaxed);
    }

    pub fn findings<'a>(&self, rules: impl Iterator<Item = &'a str>) {
        if let Ok(mut f) = self.findings.lock() {
            for r in rules {
                *f.entry(r.to_string()).or_default() += 1;
            }
        }
    }

    pub fn denied(&self) {
        self.denied.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut o = String::new();
        o.push_str("# HELP jiancha_http_requests_total HTTP requests by endpoint and status.\n");
        o.push_str("# TYPE jiancha_http_requests_total counter\n");
        if let Ok(r) = self.requests.lock() {
            for ((m, p, s), n) in r.iter() {
                let _ = writeln!(o, "jiancha_http_requests_total{{method=\"{m}\",path=\"{p}\",status=\"{s}\"}} {n}");
            }
        }
        o.push_str("# HELP jiancha_http_request_duration_seconds Request latency.\n");
        o.push_str("# TYPE jiancha_http_request_duration_seconds histogram\n");
        let mut cum = 0;
        for (k, b) in self.latency.iter().enumerate() {
            cum += b.load(Ordering::Relaxed);
            match BUCKETS.get(k) {
                Some(le) => {
                    let _ = writeln!(o, "jiancha_http_request_duration_seconds_bucket{{le=\"{le}\"}} {cum}");
                }
                None => {
                    let _ = writeln!(o, "jiancha_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {cum}");
                }
            }
        }
        let _ = writeln!(
            o,
            "jiancha_http_request_duration_seconds_sum {}",
            self.latency_sum_us.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ =
            writeln!(o, "jiancha_http_request_duration_seconds_count {}", self.latency_count.load(Ordering::Relaxed));
        o.push_str(
            "# HELP jiancha_findings_total Findings answered, by rule.\n# TYPE jiancha_findings_total counter\n",
        );
        if let Ok(f) = self.findings.lock() {
            for (r, n) in f.iter() {
                let _ = writeln!(o, "jiancha_findings_total{{rule=\"{r}\"}} {n}");
            }
        }
        o.push_str("# HELP jiancha_denied_total Requests refused by authentication or authorization.\n");
        o.push_str("# TYPE jiancha_denied_total counter\n");
        let _ = writeln!(o, "jiancha_denied_total {}", self.denied.load(Ordering::Relaxed));
        o
    }
}
