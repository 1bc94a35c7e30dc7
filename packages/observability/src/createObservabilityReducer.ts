import type { KernelTraceEvent } from "@oris/kernel-types";
import { createStream, type ObservabilityOptions, type ObservabilityStream } from "./createObservabilityStream.js";
import type { KernelObservability } from "./KernelObservability.js";

/** The incremental form of {@link fromKernelTrace}. */
export interface ObservabilityReducer {
  /**
   * Feeds the next event. O(1) work. Throws a `TypeError` naming the event's
   * index and the field for an event `fromKernelTrace` would refuse; the
   * reducer is then unchanged, and can take further events.
   */
  push(event: KernelTraceEvent): void;
  /** The number of events pushed so far. */
  readonly count: number;
  /**
   * `fromKernelTrace` of the events pushed so far, as a fresh value
   * (later pushes do not change it).
   */
  result(): KernelObservability;
}

/**
 * Creates a reducer that takes events one at a time (from a stream, a socket,
 * a file read in chunks) and gives, at any point, exactly what
 * {@link fromKernelTrace} gives for the events so far. It accepts the events
 * `fromKernelTrace` accepts, and refuses the others with the same
 * `TypeError` (`ObservabilityReducer.push: event 3: seq must be …`).
 *
 * @example
 * ```ts
 * const reducer = createObservabilityReducer({ profile: "0.3" });
 * for await (const event of events) reducer.push(event);
 * encodeKernelObservability(reducer.result());
 * ```
 */
export function createObservabilityReducer(options: ObservabilityOptions = {}): ObservabilityReducer {
  const stream = createStream(options, "ObservabilityReducer.push");
  const timeline: string[] = [];
  return {
    push(event) {
      timeline.push(stream.push(event));
    },
    get count() {
      return stream.count;
    },
    result() {
      return observabilityOf(timeline.slice(), stream);
    },
  };
}

/**
 * The KernelObservability of a stream and the timeline entries it returned
 * (taken as they are, not copied). Shared by the reducer and {@link fromKernelTrace}.
 * @internal
 */
export function observabilityOf(timeline: string[], stream: ObservabilityStream): KernelObservability {
  return {
    reasoning_timeline: timeline.length === 0 ? null : timeline,
    lease_graph: null,
    replay_cost: stream.replayCost(),
    interrupt_latency_ms: stream.interruptLatencyMs(),
  };
}
