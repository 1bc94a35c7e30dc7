import type { ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import type { KernelTraceEvent } from "@oris/kernel-types";
import type { KernelObservability, LeaseEdge } from "@oris/observability";
import type { RunError } from "./RunError.js";

/**
 * A run that could not be derived, and why. Shared by every per-run result.
 *
 * @example
 * ```ts
 * const failed: RunFailure = { runId: "r", error: new RunError("r", "kernel_events", { seq: "4" }, "event_json: …") };
 * ```
 */
export interface RunFailure {
  /** The run's id. */
  readonly runId: string;
  /** Why the run could not be derived: the refused row, and what was wrong with it. */
  readonly error: RunError;
}

/**
 * One run's result, as {@link readRuns} yields it: its observability (`null`
 * from checkpoints when the run has none: the execution server sends no
 * field then), or why the runtime cannot derive it. Narrow with `"error" in record`.
 *
 * @example
 * ```ts
 * const ok: RunRecord = { runId: "r", observability: null };
 * ```
 */
export type RunRecord = { readonly runId: string; readonly observability: KernelObservability | null } | RunFailure;

/**
 * One run's kernel trace, as the runtime scans it from `kernel_events`.
 *
 * @example
 * ```ts
 * const t: RunTrace = { runId: "r", trace: [] };
 * ```
 */
export type RunTrace = { readonly runId: string; readonly trace: readonly KernelTraceEvent[] } | RunFailure;

/**
 * One run's checkpoint history and lease graph, as the execution server reads them.
 *
 * @example
 * ```ts
 * const h: RunHistory = { runId: "r", history: [], leaseGraph: null };
 * ```
 */
export type RunHistory =
  | {
      readonly runId: string;
      readonly history: readonly ExecutionCheckpointView[];
      readonly leaseGraph: readonly LeaseEdge[] | null;
    }
  | RunFailure;
