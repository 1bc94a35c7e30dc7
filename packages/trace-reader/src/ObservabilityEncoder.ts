import type { KernelTraceEvent } from "@oris/kernel-types";
import {
  createObservabilityStream,
  DEFAULT_PROFILE,
  kernelObservabilityJsonPieces,
  type JsonLayout,
  type KernelObservabilityJsonPieces,
  type ObservabilityProfile,
  type ObservabilityStream,
} from "@oris/observability";
import type { RawTraceEvent } from "./RawTraceEvent.js";

// The layout type is `@oris/observability`'s, re-exported under the name this package has always exported.
export type { JsonLayout } from "@oris/observability";

/** Options of {@link ObservabilityEncoder}. */
export interface ObservabilityEncoderOptions {
  /** The Oris version whose rules derive the result: `"0.2"` (the default) or `"0.3"`. */
  readonly profile?: ObservabilityProfile;
  /** `"json"` (the default) or `"pretty"`. */
  readonly layout?: JsonLayout;
}

const utf8 = new TextEncoder();
const ascii = (s: string): Uint8Array => utf8.encode(s);

/**
 * Reduce to JSON: takes a trace's events one at a time and writes the
 * KernelObservability the Rust runtime derives from them as serde_json's
 * bytes, entry by entry, keeping nothing but the reducer's O(1) state and
 * the bytes not yet taken. An event still in its input's bytes
 * ({@link RawTraceEvent}, from a reader's fast path) costs no string and no
 * object: its timeline entry is copied from those bytes, which are already
 * serde_json's encoding of its strings.
 *
 * Take the bytes with {@link ObservabilityEncoder.take} as often as suits
 * (after each chunk of input) and end with {@link ObservabilityEncoder.finish}.
 * The result is only for a trace of one run (or whatever the caller means
 * to mix): `lease_graph` is `null`, as `fromKernelTrace` makes it. The text
 * around and between the entries is `@oris/observability`'s
 * (`kernelObservabilityJsonPieces`), the same as its
 * `createObservabilityJsonWriter` and `encodeKernelObservability` write.
 *
 * @example
 * ```ts
 * import { ObservabilityEncoder } from "@oris/trace-reader";
 *
 * const encoder = new ObservabilityEncoder({ profile: "0.3" });
 * encoder.event({ run_id: "r", seq: 1, step_id: "plan", action_id: null, kind: "StateUpdated" });
 * const json = Buffer.concat([encoder.take(), encoder.finish()]).toString();
 * console.log(json); // {"reasoning_timeline":["StateUpdated#1(plan)"],"lease_graph":null,"replay_cost":1,"interrupt_latency_ms":null}
 * ```
 */
export class ObservabilityEncoder {
  private readonly stream: ObservabilityStream;
  private readonly v03: boolean;
  private buffer = new Uint8Array(64 * 1024);
  private used = 0;
  private entries = 0;
  private finished = false;
  /** The layout's text, from `@oris/observability`. */
  private readonly pieces: KernelObservabilityJsonPieces;
  /** Before the first entry, and between two: the layout's text as bytes, encoded once. */
  private readonly opening: Uint8Array;
  private readonly between: Uint8Array;

  constructor(options: ObservabilityEncoderOptions = {}) {
    const profile = options.profile ?? DEFAULT_PROFILE;
    this.stream = createObservabilityStream({ profile });
    this.v03 = profile === "0.3";
    // Anything but "pretty" is the compact layout, as it has always been here.
    this.pieces = kernelObservabilityJsonPieces(options.layout === "pretty" ? "pretty" : "json");
    this.opening = ascii(this.pieces.opening);
    this.between = ascii(this.pieces.between);
  }

  /** The number of events so far. */
  get count(): number {
    return this.stream.count;
  }

  /** The next event, as an object. */
  event(event: KernelTraceEvent): void {
    for (const field of ["kind", "step_id", "action_id"] as const) {
      const value = event[field];
      if (typeof value === "string" && !value.isWellFormed()) {
        throw new TypeError(
          `ObservabilityEncoder.event: /${field} holds a lone surrogate, which serde_json cannot write (seq ${event.seq})`,
        );
      }
    }
    const entry = JSON.stringify(this.stream.push(event));
    this.separator();
    this.reserve(entry.length * 3);
    this.used += utf8.encodeInto(entry, this.buffer.subarray(this.used)).written;
  }

  /** The next event, still in its input's bytes (valid only during the call). */
  raw(event: RawTraceEvent): void {
    const kind = event.isInterrupted() ? "Interrupted" : event.isResumed() ? "Resumed" : "";
    this.stream.advance(kind, event.seq, event.timestamp);
    let idStart = -1;
    let idEnd = -1;
    if (this.v03) {
      if (event.stepStart >= 0) {
        idStart = event.stepStart;
        idEnd = event.stepEnd;
      } else if (event.actionStart >= 0) {
        idStart = event.actionStart;
        idEnd = event.actionEnd;
      }
    }
    if (this.finished) throw new Error("ObservabilityEncoder: an event after finish()");
    const b = event.bytes;
    const kindStart = event.kindStart;
    const kindEnd = event.kindEnd;
    const seqStart = event.seqStart;
    const seqEnd = event.seqEnd;
    const sep = this.entries++ > 0 ? this.between : this.opening;
    this.reserve(sep.length + kindEnd - kindStart + seqEnd - seqStart + idEnd - idStart + 5);
    const out = this.buffer;
    let o = this.used;
    for (let k = 0; k < sep.length; k++) out[o++] = sep[k] as number;
    out[o++] = 0x22;
    for (let k = kindStart; k < kindEnd; k++) out[o++] = b[k] as number;
    out[o++] = 0x23;
    for (let k = seqStart; k < seqEnd; k++) out[o++] = b[k] as number;
    if (idStart >= 0) {
      out[o++] = 0x28;
      for (let k = idStart; k < idEnd; k++) out[o++] = b[k] as number;
      out[o++] = 0x29;
    }
    out[o++] = 0x22;
    this.used = o;
  }

  /**
   * The bytes written since the last call: a view of the encoder's buffer,
   * valid until the next event (copy it, or write it out, before then).
   */
  take(): Uint8Array {
    const bytes = this.buffer.subarray(0, this.used);
    this.used = 0;
    return bytes;
  }

  /**
   * Closes the object (`lease_graph`, `replay_cost`, `interrupt_latency_ms`)
   * and returns the last bytes, with a newline when `newline` is true.
   * Throws a `RangeError` when the Oris 0.3 rule yields an interrupt latency
   * past 2^53−1 ms.
   */
  finish(newline = false): Uint8Array {
    if (this.finished) throw new Error("ObservabilityEncoder.finish: already finished");
    const latency = this.stream.interruptLatencyMs();
    this.finished = true;
    const replay = this.stream.replayCost();
    const text = this.pieces.closing(
      { lease_graph: null, replay_cost: replay, interrupt_latency_ms: latency },
      this.entries === 0 ? null : this.entries,
    );
    const tail = ascii(newline ? `${text}\n` : text);
    const head = this.take();
    if (head.length === 0) return tail;
    const all = new Uint8Array(head.length + tail.length);
    all.set(head);
    all.set(tail, head.length);
    return all;
  }

  /** What goes before the next entry: the object's opening before the first. */
  private separator(): void {
    if (this.finished) throw new Error("ObservabilityEncoder: an event after finish()");
    const text = this.entries++ > 0 ? this.between : this.opening;
    this.reserve(text.length);
    this.buffer.set(text, this.used);
    this.used += text.length;
  }

  /** Room for `n` more bytes. */
  private reserve(n: number): void {
    if (this.used + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.used + n));
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }
}
