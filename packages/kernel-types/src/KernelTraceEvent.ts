/**
 * One event of a kernel execution trace, as the Rust runtime's
 * `oris_kernel::KernelTraceEvent` writes it with serde_json:
 *
 * ```json
 * {"run_id":"run-1","seq":3,"step_id":"plan","action_id":null,"kind":"ActionRequested","timestamp_ms":1700000000123}
 * ```
 *
 * `step_id` and `action_id` are `null` when absent; `timestamp_ms` is left out
 * when absent. Integers are JavaScript safe integers (see the README).
 */
export interface KernelTraceEvent {
  /** The run this event belongs to. */
  readonly run_id: string;
  /** Position in the run's event log (u64, at most 2^53−1 here). */
  readonly seq: number;
  /** The graph step the event concerns, if any. */
  readonly step_id: string | null;
  /** The action the event concerns, if any. */
  readonly action_id: string | null;
  /** What happened; usually one of {@link KERNEL_EVENT_KINDS}, but any string is valid. */
  readonly kind: string;
  /** Milliseconds since the Unix epoch (i64, within ±(2^53−1) here); absent when unknown. */
  readonly timestamp_ms?: number;
}

/**
 * The event kinds the Oris runtime emits: the seven that `scan_execution_trace`
 * produces from the event log, and `CheckpointSaved` from checkpoint histories.
 * {@link KernelTraceEvent.kind} stays a plain string, since a trace may carry others.
 *
 * @example
 * ```ts
 * const counts = Object.fromEntries(KERNEL_EVENT_KINDS.map((k) => [k, 0]));
 * ```
 */
export const KERNEL_EVENT_KINDS = [
  "StateUpdated",
  "ActionRequested",
  "ActionSucceeded",
  "ActionFailed",
  "Interrupted",
  "Resumed",
  "Completed",
  "CheckpointSaved",
] as const;

/** One of {@link KERNEL_EVENT_KINDS}. */
export type KernelEventKind = (typeof KERNEL_EVENT_KINDS)[number];

/**
 * True when `kind` is one of the {@link KERNEL_EVENT_KINDS} (exact, case-sensitive).
 *
 * @example
 * ```ts
 * isKernelEventKind("Interrupted"); // true
 * isKernelEventKind("interrupted"); // false
 * ```
 */
export function isKernelEventKind(kind: string): kind is KernelEventKind {
  return (KERNEL_EVENT_KINDS as readonly string[]).includes(kind);
}
