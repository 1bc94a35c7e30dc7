import { fromCheckpointHistory, type ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import type { KernelObservability, ObservabilityProfile } from "@oris/observability";
import type {
  JobDetailResponse,
  JobHistoryResponse,
  JobTimelineResponse,
  TimelineExportResponse,
} from "./ApiEnvelope.js";

/**
 * The `data` of any of the four job responses that carry a run's checkpoints.
 *
 * @example
 * ```ts
 * const data: CheckpointResponse = (await client.jobTimeline("run-1")).data;
 * ```
 */
export type CheckpointResponse = JobHistoryResponse | JobTimelineResponse | TimelineExportResponse | JobDetailResponse;

/**
 * A run's checkpoint history as a job response carries it: its `history`
 * when it has one (history, timeline export, detail), else one view per
 * timeline entry (`checkpoint_id`, `created_at`), in the order given. The
 * server builds both from the same history, in the same order.
 *
 * @param data - the `data` of a job response.
 * @returns the history, ready for `fromCheckpointHistory`.
 *
 * @example
 * ```ts
 * const { data } = await client.jobTimeline("run-1");
 * fromCheckpointHistory(data.thread_id, checkpointHistoryOf(data), { profile: "0.3" });
 * ```
 */
export function checkpointHistoryOf(data: CheckpointResponse): readonly ExecutionCheckpointView[] {
  if ("history" in data) return data.history;
  return data.timeline.map((item) => ({ checkpoint_id: item.checkpoint_id, created_at: item.created_at }));
}

/**
 * The verdict on one field of the server's `observability`.
 *
 * @example
 * ```ts
 * const v: FieldVerdict<"replay_cost"> = { field: "replay_cost", agrees: false, expected: 3, actual: 2, fromServer: false };
 * ```
 */
export interface FieldVerdict<F extends keyof KernelObservability = keyof KernelObservability> {
  /** The field. */
  readonly field: F;
  /** Whether the server's value equals the recomputed one. */
  readonly agrees: boolean;
  /** The recomputed value (`null` when the whole field is expected to be absent). */
  readonly expected: KernelObservability[F] | null;
  /** The server's value (`null` when it sent no observability). */
  readonly actual: KernelObservability[F] | null;
  /**
   * True for `lease_graph` under the 0.3 rules: the history holds no lease,
   * so the recomputation takes the server's own lease graph: this field is
   * carried over, not checked (it disagrees only when the server sends an
   * empty list, which Oris writes as `null`).
   */
  readonly fromServer: boolean;
}

/**
 * What {@link checkObservability} found.
 *
 * @example
 * ```ts
 * const report: ObservabilityCheck = checkObservability(data);
 * if (!report.agrees) for (const f of report.fields) if (!f.agrees) console.log(f.field, f.expected, f.actual);
 * ```
 */
export interface ObservabilityCheck {
  /** True when the server's field is what the Rust runtime derives from the history (present exactly when the history is not empty, every field equal). */
  readonly agrees: boolean;
  /** The run. */
  readonly runId: string;
  /** The rules the recomputation used. */
  readonly profile: ObservabilityProfile;
  /** The recomputed observability; `null` for an empty history (the server then sends none). */
  readonly expected: KernelObservability | null;
  /** The server's field; `null` when it sent none. */
  readonly actual: KernelObservability | null;
  /** Whether the field's presence agrees: the server sends it exactly when the history is not empty. */
  readonly presenceAgrees: boolean;
  /** Field by field, in serde's order: `reasoning_timeline`, `lease_graph`, `replay_cost`, `interrupt_latency_ms`. */
  readonly fields: readonly [
    FieldVerdict<"reasoning_timeline">,
    FieldVerdict<"lease_graph">,
    FieldVerdict<"replay_cost">,
    FieldVerdict<"interrupt_latency_ms">,
  ];
}

/**
 * Options of {@link checkObservability}.
 *
 * @example
 * ```ts
 * const options: CheckObservabilityOptions = { observability: timeline.data.observability };
 * ```
 */
export interface CheckObservabilityOptions {
  /**
   * The server's `observability` field to check. Needed for a history
   * response, which has none (take it from the same run's timeline, export
   * or detail response); for the others it defaults to their own field.
   */
  readonly observability?: KernelObservability | null | undefined;
  /**
   * The rules the server derives its field with: `"0.3"` (the default; Oris
   * 0.3's `from_checkpoint_history_with_lease_graph`) or `"0.2"` (an Oris
   * 0.2.12 server's `from_checkpoint_history`, which reports no lease graph).
   */
  readonly profile?: ObservabilityProfile | undefined;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Recomputes a run's observability from the checkpoint history in a job
 * response, with `fromCheckpointHistory` under the Oris 0.3 rules (what the
 * execution server does), and says whether the server's `observability`
 * field agrees, field by field.
 *
 * The lease graph cannot be recomputed: it comes from the runtime's attempt
 * and lease tables, not from the history. Under the 0.3 rules the server's
 * own `lease_graph` is used as the input, so that field always agrees and
 * is marked `fromServer`; the other three are checked. An empty history
 * expects no field at all (the server leaves it out). Throws a RangeError
 * if the 0.3 gap exceeds 2^53−1 ms, as `fromCheckpointHistory` does.
 *
 * @param data - the `data` of a history, timeline, timeline export or detail response.
 * @param options - the server's field when `data` is a history response, and the profile.
 * @returns the verdict, field by field.
 *
 * @example
 * ```ts
 * const { data } = await client.exportJobTimeline("run-1");
 * const report = checkObservability(data);
 * console.log(report.agrees ? "the server's observability is what its history gives" : report.fields.filter((f) => !f.agrees));
 * ```
 */
export function checkObservability(
  data: CheckpointResponse,
  options: CheckObservabilityOptions = {},
): ObservabilityCheck {
  const profile = options.profile ?? "0.3";
  const actual =
    options.observability !== undefined ? options.observability : "observability" in data ? data.observability : null;
  const history = checkpointHistoryOf(data);
  const runId = data.thread_id;
  const leaseFromServer = profile === "0.3";
  const expected =
    history.length === 0
      ? null
      : fromCheckpointHistory(runId, history, {
          profile,
          leaseGraph: leaseFromServer ? (actual?.lease_graph ?? null) : null,
        });
  const verdict = <F extends keyof KernelObservability>(field: F): FieldVerdict<F> => {
    const e = expected === null ? null : expected[field];
    const a = actual === null ? null : actual[field];
    return {
      field,
      agrees: sameJson(e, a),
      expected: e,
      actual: a,
      fromServer: field === "lease_graph" && leaseFromServer,
    };
  };
  const fields = [
    verdict("reasoning_timeline"),
    verdict("lease_graph"),
    verdict("replay_cost"),
    verdict("interrupt_latency_ms"),
  ] as const;
  const presenceAgrees = (expected === null) === (actual === null);
  return {
    agrees: presenceAgrees && fields.every((f) => f.agrees),
    runId,
    profile,
    expected,
    actual,
    presenceAgrees,
    fields,
  };
}
