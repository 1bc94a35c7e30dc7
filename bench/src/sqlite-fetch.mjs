#!/usr/bin/env node
// What reading the rows of kernel_events costs through better-sqlite3, before
// any decoding (the "row fetch" note of BENCHMARKS.md). One form per process:
//
//   node src/sqlite-fetch.mjs traces/db-1m.sqlite3 FORM
//
//   sqlite-only   SQLite visits every row in (run_id, seq) order and reads its
//                 event_json (a WHERE that no row passes): no row reaches JavaScript
//   iterate       the rows in (run_id, seq) order through iterate(), as @oris/store-sqlite reads them
//   per-run-all   per run, .all() of the Rust reference's own query
//   rowid-order   the whole table in its stored order (not a per-run order: for comparison)
//   json-valid    as iterate, with json_valid(event_json) in place of the text
//   FORM+mmap     the same with PRAGMA mmap_size = 2 GB
//
// Prints the seconds, the rows and the RSS at the end.
import Database from "better-sqlite3";

const [file, form] = process.argv.slice(2);
if (file === undefined || form === undefined) {
  console.error("usage: sqlite-fetch.mjs FILE sqlite-only|iterate|per-run-all|rowid-order|json-valid[+mmap]");
  process.exit(64);
}
const db = new Database(file, { readonly: true });
if (form.endsWith("+mmap")) db.pragma("mmap_size = 2000000000");
let rows = 0;
let chars = 0;
const t = performance.now();
switch (form.replace("+mmap", "")) {
  case "sqlite-only":
    for (const _ of db
      .prepare("SELECT 1 FROM kernel_events WHERE event_json = '' ORDER BY run_id, seq")
      .raw(true)
      .iterate())
      rows++;
    break;
  case "iterate":
    for (const r of db
      .prepare("SELECT run_id, seq, event_json FROM kernel_events ORDER BY run_id, seq")
      .raw(true)
      .iterate()) {
      rows++;
      chars += r[2].length;
    }
    break;
  case "per-run-all": {
    const ids = db.prepare("SELECT DISTINCT run_id FROM kernel_events ORDER BY run_id").pluck().all();
    const stmt = db
      .prepare("SELECT seq, event_json FROM kernel_events WHERE run_id = ? AND seq >= ? ORDER BY seq ASC")
      .raw(true);
    for (const id of ids) {
      for (const r of stmt.all(id, 0)) {
        rows++;
        chars += r[1].length;
      }
    }
    break;
  }
  case "rowid-order":
    for (const r of db.prepare("SELECT run_id, seq, event_json FROM kernel_events").raw(true).iterate()) {
      rows++;
      chars += r[2].length;
    }
    break;
  case "json-valid":
    for (const r of db
      .prepare("SELECT run_id, seq, json_valid(event_json) FROM kernel_events ORDER BY run_id, seq")
      .raw(true)
      .iterate()) {
      rows++;
      chars += r[2];
    }
    break;
  default:
    console.error(`unknown form ${form}`);
    process.exit(64);
}
const seconds = (performance.now() - t) / 1000;
console.log(
  `${form.padEnd(20)} ${seconds.toFixed(2)} s  ${rows} rows  ${chars} chars  RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);
