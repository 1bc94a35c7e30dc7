//! The reference `decodeKernelEventJson` is checked against: serde 1.0.152 and
//! serde_json 1.0.87 (default features), built from Debian bookworm's
//! librust-*-dev sources, offline.
//!
//! Reads one JSON string per line (the text of an `event_json` cell) and
//! answers one JSON object per line with what `serde_json::from_str::<Event>`
//! makes of it, mapped as the runtime's `to_trace_event` maps it:
//!
//!   {"ok":true,"kind":"…","step_id":"…"|null,"action_id":"…"|null,"error":"…"?,"value":"…"?}
//!   {"ok":false,"error":"<serde_json's message, with line and column>"}
//!
//! `error` on success is ActionFailed's `error` field; `value` is serde_json's
//! re-serialisation of the payload/output/value field (absent for Completed
//! and ActionFailed).
//!
//! make-fixture.mjs drives it and writes ../../fixtures/serde-event-oracle.json.
//!
//! With the argument `trace`, it judges `oris_kernel::KernelTraceEvent` texts
//! instead (`serde_json::from_str::<KernelTraceEvent>`), answering
//!
//!   {"ok":true,"canonical":"<serde_json::to_string of the event>"}
//!   {"ok":false,"error":"<serde_json's message, with line and column>"}
//!
//! make-trace-fixture.mjs drives that and writes
//! ../../fixtures/serde-trace-event-oracle.json.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{self, BufRead, Write};

#[allow(dead_code)]
#[derive(Deserialize)]
enum Event {
    StateUpdated { step_id: Option<String>, payload: Value },
    ActionRequested { action_id: String, payload: Value },
    ActionSucceeded { action_id: String, output: Value },
    ActionFailed { action_id: String, error: String },
    Interrupted { value: Value },
    Resumed { value: Value },
    Completed,
}

/// oris_kernel::KernelTraceEvent (execution_log.rs), as the seed's observability.rs reads it.
#[derive(Deserialize, Serialize)]
struct KernelTraceEvent {
    run_id: String,
    seq: u64,
    step_id: Option<String>,
    action_id: Option<String>,
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp_ms: Option<i64>,
}

fn trace_verdict(text: &str) -> String {
    match serde_json::from_str::<KernelTraceEvent>(text) {
        Err(e) => format!("{{\"ok\":false,\"error\":{}}}", esc(&e.to_string())),
        Ok(ev) => format!("{{\"ok\":true,\"canonical\":{}}}", esc(&serde_json::to_string(&ev).unwrap())),
    }
}

fn esc(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn opt(s: &Option<String>) -> String {
    match s {
        Some(s) => esc(s),
        None => "null".to_string(),
    }
}

fn verdict(text: &str) -> String {
    match serde_json::from_str::<Event>(text) {
        Err(e) => format!("{{\"ok\":false,\"error\":{}}}", esc(&e.to_string())),
        Ok(ev) => {
            let (kind, step_id, action_id, error, value): (&str, Option<String>, Option<String>, Option<String>, Option<Value>) = match ev {
                Event::StateUpdated { step_id, payload } => ("StateUpdated", step_id, None, None, Some(payload)),
                Event::ActionRequested { action_id, payload } => ("ActionRequested", None, Some(action_id), None, Some(payload)),
                Event::ActionSucceeded { action_id, output } => ("ActionSucceeded", None, Some(action_id), None, Some(output)),
                Event::ActionFailed { action_id, error } => ("ActionFailed", None, Some(action_id), Some(error), None),
                Event::Interrupted { value } => ("Interrupted", None, None, None, Some(value)),
                Event::Resumed { value } => ("Resumed", None, None, None, Some(value)),
                Event::Completed => ("Completed", None, None, None, None),
            };
            let mut out = format!(
                "{{\"ok\":true,\"kind\":{},\"step_id\":{},\"action_id\":{}",
                esc(kind),
                opt(&step_id),
                opt(&action_id)
            );
            if let Some(e) = error {
                out.push_str(&format!(",\"error\":{}", esc(&e)));
            }
            if let Some(v) = value {
                out.push_str(&format!(",\"value\":{}", esc(&serde_json::to_string(&v).unwrap())));
            }
            out.push('}');
            out
        }
    }
}

fn main() {
    let trace = std::env::args().nth(1).as_deref() == Some("trace");
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        if line.is_empty() {
            continue;
        }
        // Each line is one JSON string: the text to judge.
        let text: String = serde_json::from_str(&line).expect("each input line must be a JSON string");
        writeln!(out, "{}", if trace { trace_verdict(&text) } else { verdict(&text) }).unwrap();
    }
    out.flush().unwrap();
}
