import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The Oris tables in PostgreSQL with their rows, as the Rust runtime writes them (verified on PostgreSQL 15). */
export const FIXTURE = fileURLToPath(new URL("../../../fixtures/stores/postgres.sql", import.meta.url));

export const TABLES = ["kernel_events", "graph_checkpoints", "runtime_attempts", "runtime_leases"] as const;

/** How many rows the fixture inserts into each table: one INSERT statement per row. */
export function expectedCounts(): Record<(typeof TABLES)[number], number> {
  const text = readFileSync(FIXTURE, "utf8");
  const count = (table: string) => text.split("\n").filter((l) => l.startsWith(`INSERT INTO ${table} (`)).length;
  return Object.fromEntries(TABLES.map((t) => [t, count(t)])) as Record<(typeof TABLES)[number], number>;
}
