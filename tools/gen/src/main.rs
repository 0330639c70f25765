//! `jiancha-gen`: writes a synthetic county (or province): a dataset and a year of inspection records,
//! deterministic for a seed. For load tests, demos and benchmarks; not part of the product.

use std::process::ExitCode;

use clap::Parser;

/// 生成模拟数据 / generate a synthetic county (or province) dataset and records, deterministic for a seed.
#[derive(Debug, Parser)]
#[command(name = "jiancha-gen", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    options: jiancha_gen::GenOptions,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match jiancha_gen::generate(&cli.options) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            ExitCode::from(2)
        }
    }
}
