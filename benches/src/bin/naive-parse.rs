//! The comparison point of `scripts/bench-scale.py`: read a JSON Lines file and parse every line into a
//! `serde_json::Value` on every core, doing nothing else. Prints the line count and the elapsed seconds as JSON.

use std::time::Instant;

use rayon::prelude::*;

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: naive-parse FILE.jsonl");
        return std::process::ExitCode::from(2);
    };
    let started = Instant::now();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read `{path}`: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let (ok, bad) = text
        .par_lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
            Ok(v) => (usize::from(v.is_object()), 0),
            Err(_) => (0, 1),
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let secs = started.elapsed().as_secs_f64();
    println!("{{\"objects\": {ok}, \"errors\": {bad}, \"seconds\": {secs:.3}}}");
    std::process::ExitCode::SUCCESS
}
