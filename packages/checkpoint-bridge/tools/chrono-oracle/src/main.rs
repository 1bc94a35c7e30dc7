//! The reference this package is checked against: chrono 0.4.23, serde 1.0.152
//! and serde_json 1.0.87 (the versions the conformance vectors were made with),
//! built from Debian bookworm's librust-*-dev sources, offline.
//!
//! Reads requests, one JSON array per line, and answers one JSON object per line:
//!   ["parse", text]  -> {"ok":true,"canonical":"\"…\"","timestamp_millis":n} | {"ok":false,"error":"…"}
//!                       (what serde does with a DateTime<Utc> string; a chrono panic is reported as "PANIC")
//!   ["diff", a, b]   -> {"ok":true,"ms":"n","ns":"n"|null}: b.signed_duration_since(a), as num_milliseconds and
//!                       num_nanoseconds (decimal strings: they exceed 2^53; ns is null past i64)
//!   ["view", json]   -> {"ok":true,"canonical":"…"} | {"ok":false,"error":"…"}: serde_json on ExecutionCheckpointView
//!
//! make-fixture.mjs drives it and writes ../../fixtures/chrono-oracle.json.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::{self, BufRead, Write};

#[derive(Serialize, Deserialize)]
struct ExecutionCheckpointView {
    checkpoint_id: Option<String>,
    created_at: DateTime<Utc>,
}

fn esc(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn parse(text: &str) -> Result<DateTime<Utc>, String> {
    match std::panic::catch_unwind(|| text.parse::<DateTime<chrono::FixedOffset>>().map(|d| d.with_timezone(&Utc))) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("PANIC".to_string()),
    }
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        // Each line is a JSON array: ["parse", text] | ["diff", a, b] | ["view", json]
        let req: Vec<String> = serde_json::from_str(&line).unwrap();
        let resp = match req[0].as_str() {
            "parse" => match parse(&req[1]) {
                Ok(d) => format!(
                    "{{\"ok\":true,\"canonical\":{},\"timestamp_millis\":{}}}",
                    serde_json::to_string(&d).unwrap(),
                    d.timestamp_millis()
                ),
                Err(e) => format!("{{\"ok\":false,\"error\":{}}}", esc(&e)),
            },
            "diff" => match (parse(&req[1]), parse(&req[2])) {
                (Ok(a), Ok(b)) => {
                    let d = b.signed_duration_since(a);
                    format!(
                        "{{\"ok\":true,\"ms\":\"{}\",\"ns\":{}}}",
                        d.num_milliseconds(),
                        d.num_nanoseconds().map(|n| format!("\"{}\"", n)).unwrap_or("null".into())
                    )
                }
                _ => "{\"ok\":false}".to_string(),
            },
            "view" => match serde_json::from_str::<ExecutionCheckpointView>(&req[1]) {
                Ok(v) => format!("{{\"ok\":true,\"canonical\":{}}}", esc(&serde_json::to_string(&v).unwrap())),
                Err(e) => format!("{{\"ok\":false,\"error\":{}}}", esc(&e.to_string())),
            },
            _ => panic!("bad request"),
        };
        writeln!(out, "{}", resp).unwrap();
    }
}
