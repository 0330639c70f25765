//! A batch run needs no file and writes nowhere: records from bytes in memory, lines into a `Vec`, no progress,
//! and the lines are the engine's own (`jiancha_core::Engine::check` on the same text).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use jiancha_batch::{Phase, Records, Tick};
use jiancha_core::{Dataset, Engine, OutputLine, parse_records};

const DATASET: &str = include_str!("../../../core/tests/data/one-red-enterprise.json");

fn visit(k: usize) -> String {
    format!(
        r#"{{"id":"S{k:03}","trigger":"plan","plan":"PL1","mode":"on-site","lead_agency":"A","inspectors":["P1","P2"],"enterprise":"91330727MA2HQ0008A","started_at":"2025-03-{:02}T09:00:00+08:00","ended_at":"2025-03-{:02}T10:00:00+08:00","items":["I1"]}}"#,
        k + 1,
        k + 1
    )
}

fn jsonl(lines: &[OutputLine]) -> String {
    lines.iter().map(|l| serde_json::to_string(l).unwrap() + "\n").collect()
}

/// Phases and ticks as a run reports them.
#[derive(Default)]
struct Seen(Vec<(Phase, Tick)>, usize);

impl jiancha_batch::Progress for Seen {
    fn read(&mut self, _: Tick) {
        self.1 += 1;
    }
    fn phase(&mut self, phase: Phase, at: Tick) {
        self.0.push((phase, at));
    }
}

#[test]
fn a_run_from_bytes_into_a_vec_gives_the_engines_lines() {
    let ds = Dataset::from_object("one-red-enterprise.json", DATASET).unwrap();
    let text: String = (0..5).map(visit).collect::<Vec<_>>().join("\n") + "\nnot a record\n";
    let mut lines: Vec<OutputLine> = Vec::new();
    let mut seen = Seen::default();
    let summary =
        jiancha_batch::check(Records::bytes("visits.jsonl", text.as_bytes()), &ds, None, &mut seen, &mut lines)
            .unwrap();
    assert_eq!((summary.records, summary.tally.errors), (6, 1));
    // Two on-site visits a year per agency: the 3rd, 4th and 5th break the cap.
    let cap = |id: &str| {
        lines
            .iter()
            .find(|l| l.id.as_deref() == Some(id))
            .unwrap()
            .findings
            .iter()
            .any(|f| f.rule.as_ref() == "frequency.onsite-cap")
    };
    assert!(!cap("S001") && cap("S002") && cap("S004"));
    assert_eq!(jsonl(&lines), Engine::new(&ds).check(parse_records(&text)).to_jsonl());
    let phases: Vec<Phase> = seen.0.iter().map(|(p, _)| *p).collect();
    assert_eq!(phases, [Phase::Read, Phase::CrossRecord, Phase::Write, Phase::Done]);
    assert_eq!(
        seen.0.last().unwrap().1,
        Tick { records: 6, bytes: text.len() as u64, total_bytes: Some(text.len() as u64) }
    );
    assert!(seen.1 >= 1);
}

#[test]
fn the_name_of_bytes_chooses_their_format() {
    let ds = Dataset::from_object("one-red-enterprise.json", DATASET).unwrap();
    let csv = "id,trigger,plan,mode,lead_agency,inspectors,enterprise,started_at,ended_at,items\n\
               C1,plan,PL1,on-site,A,P1;P2,91330727MA2HQ0008A,2025-03-01 09:00,2025-03-01 10:00,I1\n";
    let mut lines: Vec<OutputLine> = Vec::new();
    let summary = jiancha_batch::check(Records::bytes("visits.csv", csv), &ds, None, &mut (), &mut lines).unwrap();
    assert_eq!((summary.records, summary.tally.errors), (1, 0));
    assert_eq!(lines[0].id.as_deref(), Some("C1"));
    // The same bytes called JSON are not understood, and say so: one error line, never a clean record.
    let mut lines: Vec<OutputLine> = Vec::new();
    let summary = jiancha_batch::check(Records::bytes("visits.jsonl", csv), &ds, None, &mut (), &mut lines).unwrap();
    assert_eq!((summary.records, summary.clean, summary.tally.errors), (2, 0, 2));
}

/// A run stops with a typed error: the input's fault (a server answers 4xx) or the sink's, told apart.
#[test]
fn a_run_says_whose_fault_it_stopped_on() {
    let ds = Dataset::from_object("one-red-enterprise.json", DATASET).unwrap();
    let mut lines: Vec<OutputLine> = Vec::new();
    let not_gzip =
        jiancha_batch::check(Records::bytes("visits.jsonl.gz", &b"plain text"[..]), &ds, None, &mut (), &mut lines);
    assert!(matches!(not_gzip, Err(jiancha_batch::RunError::Input(_))), "{not_gzip:?}");
    assert!(format!("{}", not_gzip.unwrap_err()).contains("not a gzip file"));
    let mut failing = jiancha_batch::FnSink(|_: &OutputLine, _: Option<&jiancha_core::batch::Rec<'_>>| {
        Err(anyhow::anyhow!("disk full"))
    });
    let refused = jiancha_batch::check(Records::bytes("v.jsonl", visit(0)), &ds, None, &mut (), &mut failing);
    assert!(matches!(refused, Err(jiancha_batch::RunError::Sink(_))), "{refused:?}");
}
