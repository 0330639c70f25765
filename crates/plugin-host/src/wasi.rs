//! The WASI tier: for a plugin that needs `print` or a clock, and says so in its signed manifest.
//!
//! It gives a guest the interfaces a language's standard library asks for, and no capability behind them: no
//! preopened directory, no environment, no arguments, an empty stdin, no sockets, no HTTP (neither is linked: a
//! component that imports them is refused, naming the import). Its stdout and stderr go into buffers capped per
//! call, shown by `jiancha plugin test` and, for a failing record, in the reason of `plugin.failed` (a Rust
//! guest's panic message). Its clocks are pinned to the record's policy date (00:00, Asia/Shanghai), a sleep ends
//! at once, and its randomness is seeded by the plugin's id and that date, so that the same record gets the same
//! verdict on every machine, as it does in the pure tier.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use wasmtime::component::{HasData, Linker, Resource, ResourceTable};
use wasmtime_wasi::cli::{IsTerminal, StdoutStream, WasiCli};
use wasmtime_wasi::clocks::{HostWallClock, WasiClocks};
use wasmtime_wasi::filesystem::WasiFilesystem;
use wasmtime_wasi::p2::bindings::{cli, clocks, filesystem, random, sync};
use wasmtime_wasi::p2::{DynPollable, OutputStream, Pollable, StreamError, StreamResult, subscribe};
use wasmtime_wasi::random::WasiRandom;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::runtime::State;

/// The interfaces the tier provides, by the prefix of their name (`wasi:cli/stdout@0.2.3`).
const PROVIDED: &[&str] = &[
    "wasi:io/error@",
    "wasi:io/poll@",
    "wasi:io/streams@",
    "wasi:clocks/wall-clock@",
    "wasi:clocks/monotonic-clock@",
    "wasi:random/random@",
    "wasi:random/insecure@",
    "wasi:random/insecure-seed@",
    "wasi:cli/environment@",
    "wasi:cli/exit@",
    "wasi:cli/stdin@",
    "wasi:cli/stdout@",
    "wasi:cli/stderr@",
    "wasi:cli/terminal-input@",
    "wasi:cli/terminal-output@",
    "wasi:cli/terminal-stdin@",
    "wasi:cli/terminal-stdout@",
    "wasi:cli/terminal-stderr@",
    "wasi:filesystem/types@",
    "wasi:filesystem/preopens@",
];

/// Whether the tier provides the import `name`.
pub(crate) fn provides(name: &str) -> bool {
    PROVIDED.iter().any(|p| name.starts_with(p))
}

/// What an import the tier does not provide would reach, in words, for the refusal.
pub(crate) fn what_it_reaches(name: &str) -> &'static str {
    if name.starts_with("wasi:sockets/") {
        "网络 / the network"
    } else if name.starts_with("wasi:http/") {
        "HTTP"
    } else if name.starts_with("wasi:") {
        "宿主功能 / a host capability"
    } else {
        "宿主的自定义接口 / a custom host interface"
    }
}

/// Links the tier's interfaces (synchronous variants) into `linker`: everything of `PROVIDED`, the monotonic clock
/// by the host's own pinned implementation.
pub(crate) fn link(linker: &mut Linker<State>) -> wasmtime::Result<()> {
    let l = linker;
    sync::io::error::add_to_linker::<State, HasTable>(l, |t| &mut t.wasi_state().table)?;
    sync::io::poll::add_to_linker::<State, HasTable>(l, |t| &mut t.wasi_state().table)?;
    sync::io::streams::add_to_linker::<State, HasTable>(l, |t| &mut t.wasi_state().table)?;
    clocks::wall_clock::add_to_linker::<State, WasiClocks>(l, |t| {
        use wasmtime_wasi::clocks::WasiClocksView;
        t.clocks()
    })?;
    clocks::monotonic_clock::add_to_linker::<State, Pinned>(l, |t| PinnedClock(&mut t.wasi_state().table))?;
    random::random::add_to_linker::<State, WasiRandom>(l, |t| t.wasi_state().ctx.random())?;
    random::insecure::add_to_linker::<State, WasiRandom>(l, |t| t.wasi_state().ctx.random())?;
    random::insecure_seed::add_to_linker::<State, WasiRandom>(l, |t| t.wasi_state().ctx.random())?;
    fn cli(t: &mut State) -> wasmtime_wasi::cli::WasiCliCtxView<'_> {
        use wasmtime_wasi::cli::WasiCliView;
        t.cli()
    }
    cli::exit::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::environment::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::stdin::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::stdout::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::stderr::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::terminal_input::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::terminal_output::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::terminal_stdin::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::terminal_stdout::add_to_linker::<State, WasiCli>(l, cli)?;
    cli::terminal_stderr::add_to_linker::<State, WasiCli>(l, cli)?;
    fn fs(t: &mut State) -> wasmtime_wasi::filesystem::WasiFilesystemCtxView<'_> {
        use wasmtime_wasi::filesystem::WasiFilesystemView;
        t.filesystem()
    }
    filesystem::preopens::add_to_linker::<State, WasiFilesystem>(l, fs)?;
    sync::filesystem::types::add_to_linker::<State, WasiFilesystem>(l, fs)?;
    Ok(())
}

/// The WASI side of a store: the context of the call and the resources its guest holds.
pub(crate) struct WasiState {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiState {
    pub(crate) fn new(ctx: WasiCtx) -> WasiState {
        WasiState { ctx, table: ResourceTable::new() }
    }
}

impl State {
    /// The call's WASI state. A pure-tier store has none and its linker holds no WASI function, so none is ever
    /// asked for there; were one asked for, it would get an empty context (stdio closed, no clock pinned), never a
    /// capability.
    fn wasi_state(&mut self) -> &mut WasiState {
        self.wasi.get_or_insert_with(|| Box::new(WasiState::new(WasiCtx::builder().build())))
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        let w = self.wasi_state();
        WasiCtxView { ctx: &mut w.ctx, table: &mut w.table }
    }
}

struct HasTable;

impl HasData for HasTable {
    type Data<'a> = &'a mut ResourceTable;
}

/// What a call's guest wrote on stdout and stderr.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuestOutput {
    /// Its stdout, as text (invalid UTF-8 replaced).
    pub stdout: String,
    /// Its stderr.
    pub stderr: String,
    /// Whether the cap cut either short.
    pub truncated: bool,
}

impl GuestOutput {
    /// Whether the guest wrote nothing.
    pub fn is_empty(&self) -> bool {
        self.stdout.is_empty() && self.stderr.is_empty()
    }

    /// The gist of stderr for a failure's reason: its last lines, without Rust's backtrace hint.
    pub(crate) fn gist(&self) -> Option<String> {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("note: run with `RUST_BACKTRACE"))
            .collect();
        let tail = lines.get(lines.len().saturating_sub(2)..).unwrap_or_default().join(" ");
        (!tail.is_empty()).then(|| tail.chars().take(300).collect())
    }
}

/// The capture of one call: stdout and stderr, sharing one cap.
#[derive(Clone, Debug)]
pub(crate) struct Capture {
    stdout: Pipe,
    stderr: Pipe,
}

impl Capture {
    /// What the guest wrote.
    pub(crate) fn output(&self) -> GuestOutput {
        let read = |p: &Pipe| p.0.lock().map(|b| (String::from_utf8_lossy(&b.bytes).into_owned(), b.dropped)).ok();
        let (stdout, cut_out) = read(&self.stdout).unwrap_or_default();
        let (stderr, cut_err) = read(&self.stderr).unwrap_or_default();
        GuestOutput { stdout, stderr, truncated: cut_out || cut_err }
    }
}

#[derive(Debug, Default)]
struct Buffer {
    bytes: Vec<u8>,
    cap: usize,
    dropped: bool,
}

/// A capped output pipe: bytes past the cap are dropped (and the drop remembered); the guest is never blocked or
/// trapped for writing.
#[derive(Clone, Debug)]
struct Pipe(Arc<Mutex<Buffer>>);

impl Pipe {
    fn new(cap: usize) -> Pipe {
        Pipe(Arc::new(Mutex::new(Buffer { bytes: Vec::new(), cap, dropped: false })))
    }

    fn push(&self, bytes: &[u8]) {
        if let Ok(mut b) = self.0.lock() {
            let room = b.cap.saturating_sub(b.bytes.len());
            let take = bytes.len().min(room);
            b.bytes.extend_from_slice(bytes.get(..take).unwrap_or_default());
            b.dropped |= take < bytes.len();
        }
    }
}

/// Bytes a guest may write per call before `check_write` is asked again.
const WRITE_PERMIT: usize = 64 << 10;

impl OutputStream for Pipe {
    fn write(&mut self, bytes: bytes::Bytes) -> StreamResult<()> {
        self.push(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        Ok(WRITE_PERMIT)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for Pipe {
    async fn ready(&mut self) {}
}

impl tokio::io::AsyncWrite for Pipe {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.push(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

impl IsTerminal for Pipe {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for Pipe {
    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }

    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }
}

/// The wall clock of a call: the policy date's midnight in Asia/Shanghai, standing still.
struct PinnedWall(Duration);

impl HostWallClock for PinnedWall {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }

    fn now(&self) -> Duration {
        self.0
    }
}

/// The monotonic clock of a call: it reads 0 throughout, and a sleep on it ends at once (a guest that waits for
/// time to pass loops until its fuel runs out, the same on every machine, instead of holding a host thread).
struct Pinned;

impl HasData for Pinned {
    type Data<'a> = PinnedClock<'a>;
}

struct PinnedClock<'a>(&'a mut ResourceTable);

/// A pollable that is always ready.
struct Ready;

#[wasmtime_wasi::async_trait]
impl Pollable for Ready {
    async fn ready(&mut self) {}
}

impl clocks::monotonic_clock::Host for PinnedClock<'_> {
    fn now(&mut self) -> wasmtime::Result<u64> {
        Ok(0)
    }

    fn resolution(&mut self) -> wasmtime::Result<u64> {
        Ok(1)
    }

    fn subscribe_instant(&mut self, _when: u64) -> wasmtime::Result<Resource<DynPollable>> {
        let ready = self.0.push(Ready)?;
        subscribe(self.0, ready)
    }

    fn subscribe_duration(&mut self, _duration: u64) -> wasmtime::Result<Resource<DynPollable>> {
        let ready = self.0.push(Ready)?;
        subscribe(self.0, ready)
    }
}

/// The context of one WASI-tier call on records of `policy_date` (YYYY-MM-DD), seeded by `seed` (the plugin's
/// id), its output capped at `cap` bytes per stream.
pub(crate) fn context(policy_date: &str, seed: &str, cap: usize) -> (WasiCtx, Capture) {
    use sha2::Digest;
    let midnight = chrono::NaiveDate::parse_from_str(policy_date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |t| (t.and_utc().timestamp() - 8 * 3600).max(0));
    let digest = sha2::Sha256::digest(format!("jiancha-wasi-seed\n{seed}\n{policy_date}"));
    // A stream of bytes from the seed (SHA-256 in counter mode), cycled: the same on every run and machine.
    let stream: Vec<u8> = (0u32..256)
        .flat_map(|i| {
            let mut h = sha2::Sha256::new();
            h.update(digest);
            h.update(i.to_le_bytes());
            h.finalize()
        })
        .collect();
    let seed128 = digest.iter().take(16).fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
    let capture = Capture { stdout: Pipe::new(cap), stderr: Pipe::new(cap) };
    let ctx = WasiCtx::builder()
        .stdout(capture.stdout.clone())
        .stderr(capture.stderr.clone())
        .wall_clock(PinnedWall(Duration::from_secs(midnight.unsigned_abs())))
        .secure_random(wasmtime_wasi::Deterministic::new(stream.clone()))
        .insecure_random(wasmtime_wasi::Deterministic::new(stream))
        .insecure_random_seed(seed128)
        .build();
    (ctx, capture)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tier_provides_what_a_standard_library_asks_for_and_nothing_that_reaches_out() {
        assert!(provides("wasi:cli/stdout@0.2.3"));
        assert!(provides("wasi:filesystem/preopens@0.2.0"));
        assert!(!provides("wasi:sockets/tcp@0.2.3"));
        assert!(!provides("wasi:http/outgoing-handler@0.2.3"));
        assert!(!provides("wasi:cli/stdout-extra@0.2.3"));
        assert!(what_it_reaches("wasi:sockets/tcp@0.2.3").contains("network"));
    }

    #[test]
    fn output_past_the_cap_is_dropped_and_said_to_be() {
        let (_, capture) = context("2025-03-01", "x", 8);
        capture.stdout.push(b"hello ");
        capture.stdout.push(b"world");
        let out = capture.output();
        assert_eq!(out.stdout, "hello wo");
        assert!(out.truncated);
    }

    #[test]
    fn the_gist_of_a_rust_panic_is_its_place_and_message() {
        let out = GuestOutput {
            stderr: "\nthread '<unnamed>' panicked at src/lib.rs:12:5:\nboom\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n".into(),
            ..GuestOutput::default()
        };
        assert_eq!(out.gist().as_deref(), Some("thread '<unnamed>' panicked at src/lib.rs:12:5: boom"));
    }
}
