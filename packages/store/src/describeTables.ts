import type { OrisStore, StoreTables } from "./OrisStore.js";
import { StoreError } from "./StoreError.js";

/**
 * The four table roles, in the order messages name them.
 *
 * @example
 * ```ts
 * ORIS_TABLE_ROLES; // ["kernelEvents", "checkpoints", "runtimeAttempts", "runtimeLeases"]
 * ```
 */
export const ORIS_TABLE_ROLES = [
  "kernelEvents",
  "checkpoints",
  "runtimeAttempts",
  "runtimeLeases",
] as const satisfies readonly (keyof StoreTables)[];

/**
 * Checks a store's tables for a reading: throws a `not-a-database`
 * {@link StoreError} when it has no Oris table at all (naming the tables
 * looked for), and a `missing-table` one when the table the reading needs is
 * missing; returns warnings for the tables that are missing but only narrow
 * the result (say, no `runtime_leases`: no lease graph).
 *
 * @example
 * ```ts
 * for (const warning of describeTables(store, "events")) console.warn(warning);
 * ```
 */
export function describeTables(
  store: Pick<OrisStore, "description" | "tables" | "tableNames">,
  from: "events" | "checkpoints",
): string[] {
  const names = store.tableNames;
  const missing = ORIS_TABLE_ROLES.filter((role) => !store.tables[role]);
  if (missing.length === ORIS_TABLE_ROLES.length) {
    throw new StoreError(
      "not-a-database",
      `${store.description}: no Oris table found (looked for ${ORIS_TABLE_ROLES.map((r) => names[r]).join(", ")}); is this the database an Oris runtime writes?`,
    );
  }
  const needed = from === "events" ? "kernelEvents" : "checkpoints";
  if (!store.tables[needed]) {
    const present = ORIS_TABLE_ROLES.filter((role) => store.tables[role]).map((r) => names[r]);
    throw new StoreError(
      "missing-table",
      `${store.description}: no ${names[needed]} table, which ${from === "events" ? "the kernel events are read from" : "the checkpoint history is read from"} (the database has ${present.join(", ")})`,
    );
  }
  return missing.map((role) => {
    const name = names[role];
    switch (role) {
      case "kernelEvents":
        return `${store.description}: no ${name} table: runs are listed from the other tables only`;
      case "checkpoints":
        return `${store.description}: no ${name} table: runs are listed from the other tables only`;
      default:
        return from === "checkpoints"
          ? `${store.description}: no ${name} table: no lease graph can be read (the 0.3 rules report none)`
          : `${store.description}: no ${name} table: runs are listed from the other tables only`;
    }
  });
}

/**
 * Which Oris tables a database has, from the names of its tables and the
 * names the reader gives each role.
 *
 * @example
 * ```ts
 * tablesPresent(new Set(["kernel_events"]), names); // { kernelEvents: true, checkpoints: false, … }
 * ```
 */
export function tablesPresent(present: ReadonlySet<string>, names: OrisStore["tableNames"]): StoreTables {
  return {
    kernelEvents: present.has(names.kernelEvents),
    checkpoints: present.has(names.checkpoints),
    runtimeAttempts: present.has(names.runtimeAttempts),
    runtimeLeases: present.has(names.runtimeLeases),
  };
}
