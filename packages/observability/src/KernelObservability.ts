/**
 * One lease edge: `[attempt, worker]`, written as a 2-element JSON array
 * (serde's form of a Rust `(String, String)`).
 */
export type LeaseEdge = readonly [attempt: string, worker: string];

/**
 * Kernel telemetry as the Rust runtime's `KernelObservability` writes it with
 * serde_json — always all four keys, in this order, `null` for none:
 *
 * ```json
 * {"reasoning_timeline":["Interrupted#1","Resumed#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":1}
 * ```
 */
export interface KernelObservability {
  /** Reasoning or decision timeline, one entry per trace event (`"Kind#seq"`). */
  readonly reasoning_timeline: readonly string[] | null;
  /** Lease/ownership snapshot: attempt → worker edges. */
  readonly lease_graph: readonly LeaseEdge[] | null;
  /** Replay cost hint: the number of events (u64, at most 2^53−1 here). */
  readonly replay_cost: number | null;
  /** Interrupt handling latency (u64, at most 2^53−1 here). */
  readonly interrupt_latency_ms: number | null;
}

/**
 * `KernelObservability::new()`: every field `null`.
 *
 * @example
 * ```ts
 * encodeKernelObservability(emptyObservability());
 * // '{"reasoning_timeline":null,"lease_graph":null,"replay_cost":null,"interrupt_latency_ms":null}'
 * ```
 */
export function emptyObservability(): KernelObservability {
  return { reasoning_timeline: null, lease_graph: null, replay_cost: null, interrupt_latency_ms: null };
}

/**
 * A copy of `o` with `reasoning_timeline` set (the entries are copied too).
 *
 * @example
 * ```ts
 * withReasoningTimeline(emptyObservability(), ["step1"]).reasoning_timeline; // ["step1"]
 * ```
 */
export function withReasoningTimeline(o: KernelObservability, entries: readonly string[]): KernelObservability {
  return { ...o, reasoning_timeline: entries.slice() };
}

/**
 * A copy of `o` with `lease_graph` set (the edges are copied too).
 *
 * @example
 * ```ts
 * withLeaseGraph(emptyObservability(), [["attempt-1", "worker-1"]]);
 * // lease_graph written as [["attempt-1","worker-1"]]
 * ```
 */
export function withLeaseGraph(o: KernelObservability, edges: readonly LeaseEdge[]): KernelObservability {
  return { ...o, lease_graph: edges.map(([attempt, worker]) => [attempt, worker] as const) };
}

/**
 * A copy of `o` with `replay_cost` set.
 *
 * @example
 * ```ts
 * withReplayCost(emptyObservability(), 42).replay_cost; // 42
 * ```
 */
export function withReplayCost(o: KernelObservability, cost: number): KernelObservability {
  return { ...o, replay_cost: cost };
}

/**
 * A copy of `o` with `interrupt_latency_ms` set.
 *
 * @example
 * ```ts
 * withInterruptLatencyMs(emptyObservability(), 10).interrupt_latency_ms; // 10
 * ```
 */
export function withInterruptLatencyMs(o: KernelObservability, ms: number): KernelObservability {
  return { ...o, interrupt_latency_ms: ms };
}
