//! The Rust reducer in memory, for bench/src/traces.mjs: the Rust side of
//! bench/src/reducer.mjs's figure.
//!
//!   oris-rust-inmem FILE PROFILE RUNS     PROFILE: 0.2 (the seed's rules) or 0.3
//!
//! Reads FILE, NDJSON KernelTraceEvents, as `oris-rust-reference reduce` does
//! (BufRead::lines, serde_json::from_str per line, into a Vec; not timed).
//! Then calls KernelObservability's from_kernel_trace (shared/rust-reference's
//! model.rs, compiled in as it is, not copied) over the whole Vec once as a
//! warm-up and RUNS times timed with std::time::Instant, each call alone: the
//! result is kept from the optimizer with black_box and dropped after the clock
//! stops (its drop, freeing the million-entry timeline, is timed apart as
//! drop_ns_per_event); no serialization. Checks replay_cost == N every time.
//! Prints one JSON object:
//!   {"events":N,"profile":"0.2","ns_per_event":[..per run..],"best_ns_per_event":X,
//!    "median_ns_per_event":X,"drop_ns_per_event":[..per run..]}
//!
//! Build offline against Debian's crates, from this folder (so that
//! .cargo/config.toml points cargo at /usr/share/cargo/registry):
//!   cargo build --release --offline --target-dir ../traces/rust-target-inmem

#[allow(dead_code)]
#[path = "../../../../shared/rust-reference/src/model.rs"]
mod model;

use model::{seed, v03, KernelObservability, KernelTraceEvent};
use std::hint::black_box;
use std::io::BufRead;
use std::time::Instant;

fn usage() -> ! {
    eprintln!("usage: oris-rust-inmem FILE 0.2|0.3 RUNS");
    std::process::exit(64);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        usage();
    }
    let reduce: fn(&[KernelTraceEvent]) -> KernelObservability = match args[2].as_str() {
        "0.2" => seed::from_kernel_trace,
        "0.3" => v03::from_kernel_trace,
        _ => usage(),
    };
    let runs: usize = match args[3].parse() {
        Ok(n) if n >= 1 => n,
        _ => usage(),
    };

    let f = std::fs::File::open(&args[1]).expect("open trace");
    let trace: Vec<KernelTraceEvent> = std::io::BufReader::new(f)
        .lines()
        .map(|l| l.unwrap())
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(&l).expect("bad event"))
        .collect();
    let n = trace.len();
    if n == 0 {
        eprintln!("oris-rust-inmem: no events in {}", args[1]);
        std::process::exit(65);
    }

    let check = |obs: &KernelObservability| {
        if obs.replay_cost != Some(n as u64) {
            eprintln!("oris-rust-inmem: replay_cost {:?}, expected {}", obs.replay_cost, n);
            std::process::exit(70);
        }
    };

    // Warm-up: one call, checked, untimed.
    let obs = reduce(black_box(&trace));
    check(&obs);
    drop(black_box(obs));

    let mut ns = Vec::with_capacity(runs);
    let mut drop_ns = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let obs = reduce(black_box(&trace));
        let obs = black_box(obs);
        let elapsed = t.elapsed();
        check(&obs);
        let t = Instant::now();
        drop(obs);
        drop_ns.push(t.elapsed().as_nanos() as f64 / n as f64);
        ns.push(elapsed.as_nanos() as f64 / n as f64);
    }
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let mut sorted = ns.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let out = serde_json::json!({
        "events": n,
        "profile": args[2],
        "ns_per_event": ns.iter().map(|&x| round(x)).collect::<Vec<_>>(),
        "best_ns_per_event": round(sorted[0]),
        "median_ns_per_event": round(sorted[sorted.len() / 2]),
        "drop_ns_per_event": drop_ns.iter().map(|&x| round(x)).collect::<Vec<_>>(),
    });
    println!("{out}");
}
