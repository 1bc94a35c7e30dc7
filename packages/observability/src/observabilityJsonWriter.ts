import { EncodeError } from "@oris/kernel-types";
import { describeValue, tooLongForAString, writeNullableU64, writeString } from "@oris/kernel-types/codec";
import type { KernelObservability } from "./KernelObservability.js";

/*
 * The one place where the JSON layout of a KernelObservability is written:
 * serde_json's `to_string` ("json") and `to_string_pretty` ("pretty", two
 * spaces of indent, `"key": value`, `[]` for an empty vec, a lease edge as a
 * nested array). `encodeKernelObservability`, `createObservabilityJsonWriter`
 * and `@oris/trace-reader`'s byte encoder all take their text from here.
 */

/**
 * How a KernelObservability is laid out: serde_json's `to_string` (`"json"`,
 * no whitespace) or `to_string_pretty` (`"pretty"`, two-space indent).
 *
 * @example
 * ```ts
 * const layout: JsonLayout = process.stdout.isTTY ? "pretty" : "json";
 * encodeKernelObservability(emptyObservability(), { layout });
 * ```
 */
export type JsonLayout = "json" | "pretty";

/**
 * The fields of a KernelObservability that follow its timeline:
 * `lease_graph`, `replay_cost` and `interrupt_latency_ms`, in that order.
 *
 * @example
 * ```ts
 * const tail: ObservabilityTail = { lease_graph: null, replay_cost: 2, interrupt_latency_ms: null };
 * ```
 */
export type ObservabilityTail = Omit<KernelObservability, "reasoning_timeline">;

/**
 * The text of a KernelObservability around and between its timeline
 * entries, in one layout: what a streaming encoder needs to write the object
 * entry by entry, in whatever form (a string, bytes) suits it. The text is
 * `opening`, the first entry, then `between` and the next entry for each
 * further entry, then `closing(tail, count)`.
 *
 * @example
 * ```ts
 * const pieces = kernelObservabilityJsonPieces("json");
 * const text = pieces.opening + '"A#1"' + pieces.between + '"B#2"' + pieces.closing(tail, 2);
 * ```
 */
export interface KernelObservabilityJsonPieces {
  /** The layout these pieces are for. */
  readonly layout: JsonLayout;
  /** The text before the first entry: `{"reasoning_timeline":[` in the compact layout. ASCII. */
  readonly opening: string;
  /** The text between two entries: `,` in the compact layout. ASCII. */
  readonly between: string;
  /**
   * The text after the last entry to the end of the object (the other three
   * fields), given `count`, the number of entries written. With no entry
   * written it is the whole object: `count` 0 writes the timeline as `[]`
   * (serde's `Some(vec![])`), `null` writes it as `null` (`None`). No
   * newline at the end. Throws `EncodeError` (from `@oris/kernel-types`) for
   * a field the Rust side could not read back, with its JSON pointer.
   */
  readonly closing: (tail: ObservabilityTail, count: number | null) => string;
}

/**
 * Writes a KernelObservability as its timeline entries come, keeping
 * nothing but a count: each call returns the next piece of text, to be
 * written out (or appended) in order. Made by `createObservabilityJsonWriter`.
 *
 * @example
 * ```ts
 * const writer = createObservabilityJsonWriter({ layout: "pretty" });
 * for (const event of events) process.stdout.write(writer.entry(stream.push(event)));
 * process.stdout.write(`${writer.finish({ lease_graph: null, replay_cost: stream.replayCost(), interrupt_latency_ms: stream.interruptLatencyMs() })}\n`);
 * ```
 */
export interface ObservabilityJsonWriter {
  /** The layout being written. */
  readonly layout: JsonLayout;
  /** The number of entries written so far. */
  readonly count: number;
  /**
   * The text of the next timeline entry, serde_json's string preceded by
   * what goes before it (the object's opening before the first entry).
   * Throws `EncodeError` for an entry that is not a string or holds a lone
   * surrogate (path `/reasoning_timeline/N`), and `Error` after `finish`.
   */
  entry(entry: string): string;
  /**
   * The rest of the object: closes the timeline (written as `null` when no
   * entry was, as serde writes the `None` of an empty trace) and writes
   * `tail`'s three fields. No newline at the end. Throws `EncodeError` for a
   * field the Rust side could not read back, and `Error` when called twice.
   */
  finish(tail: ObservabilityTail): string;
}

/** Options of `createObservabilityJsonWriter`. */
export interface ObservabilityJsonWriterOptions {
  /** `"json"` (the default): serde_json's `to_string`; `"pretty"`: its `to_string_pretty`. */
  readonly layout?: JsonLayout;
}

/** Entries shorter than this cannot make a string too long, nor be copied needlessly by JSON.stringify. */
const SHORT_ENTRY = 4096;

/**
 * serde_json's text for one `reasoning_timeline` entry: the entry as a JSON
 * string, escaped exactly as serde_json escapes it (`"` and `\`, control
 * characters as `\n`, `\t`, … or `\u00xx`, nothing else). Throws
 * `EncodeError` (from `@oris/kernel-types`) for a value that is not a string
 * or holds a lone UTF-16 surrogate, which a Rust `String` cannot hold; its
 * path is `/reasoning_timeline/index`, or `/reasoning_timeline` without
 * `index`.
 *
 * @example
 * ```ts
 * encodeTimelineEntry('Note#3("a\\b")'); // '"Note#3(\\"a\\\\b\\")"'
 * encodeTimelineEntry("K\ud800", 7); // throws EncodeError, path "/reasoning_timeline/7"
 * ```
 */
export function encodeTimelineEntry(entry: string, index?: number): string {
  // The common case without the cost of a path: a short well-formed string,
  // which JSON.stringify writes as serde_json does.
  if (typeof entry === "string" && entry.length < SHORT_ENTRY && entry.isWellFormed()) return JSON.stringify(entry);
  return writeString(entry, index === undefined ? "/reasoning_timeline" : `/reasoning_timeline/${index}`);
}

const COMPACT: KernelObservabilityJsonPieces = {
  layout: "json",
  opening: '{"reasoning_timeline":[',
  between: ",",
  closing: (tail, count) => writeClosing("", tail, count, false),
};

const PRETTY: KernelObservabilityJsonPieces = {
  layout: "pretty",
  opening: '{\n  "reasoning_timeline": [\n    ',
  between: ",\n    ",
  closing: (tail, count) => writeClosing("", tail, count, true),
};

/**
 * The text of a KernelObservability around and between its timeline
 * entries, in `layout`, for an encoder that writes the entries itself (as
 * bytes, say). `@oris/trace-reader`'s `ObservabilityEncoder` copies entries
 * from its input's bytes between these pieces.
 *
 * @example
 * ```ts
 * const { opening, between, closing } = kernelObservabilityJsonPieces("json");
 * opening; // '{"reasoning_timeline":['
 * between; // ','
 * closing({ lease_graph: null, replay_cost: 1, interrupt_latency_ms: null }, 1);
 * // '],"lease_graph":null,"replay_cost":1,"interrupt_latency_ms":null}'
 * ```
 */
export function kernelObservabilityJsonPieces(layout: JsonLayout = "json"): KernelObservabilityJsonPieces {
  if (layout === "json") return COMPACT;
  if (layout === "pretty") return PRETTY;
  throw new TypeError(
    `kernelObservabilityJsonPieces: layout must be "json" or "pretty" (got ${describeValue(layout)})`,
  );
}

/** The end of the message of a timeline too long for one string. */
export const STREAMING_HINT =
  "; a timeline this long can be written in pieces, entry by entry, with createObservabilityStream() or @oris/trace-reader's ObservabilityEncoder";

/**
 * `out` followed by the rest of the object after `count` entries (the whole
 * object for none: `count` 0 writes `[]`, `null` writes `null`). A text too
 * long for one string is an `EncodeError` naming the field, or the lease
 * edge, being written.
 */
export function writeClosing(out: string, tail: ObservabilityTail, count: number | null, pretty: boolean): string {
  const graph = tail.lease_graph ?? null;
  let field = "/lease_graph";
  let i = -1;
  try {
    if (count === null) out += pretty ? '{\n  "reasoning_timeline": null' : '{"reasoning_timeline":null';
    else if (count === 0) out += pretty ? '{\n  "reasoning_timeline": []' : '{"reasoning_timeline":[]';
    else out += pretty ? "\n  ]" : "]";
    out += pretty ? ',\n  "lease_graph": ' : ',"lease_graph":';
    if (graph === null) out += "null";
    else if (graph.length === 0) out += "[]";
    else {
      out += "[";
      for (i = 0; i < graph.length; i++) {
        const edge: unknown = graph[i];
        if (!Array.isArray(edge) || edge.length !== 2) {
          throw new EncodeError(`/lease_graph/${i}`, "a 2-element array [attempt, worker]", describeValue(edge));
        }
        const attempt = writeString(edge[0], `/lease_graph/${i}/0`);
        const worker = writeString(edge[1], `/lease_graph/${i}/1`);
        if (pretty) out += `${i > 0 ? "," : ""}\n    [\n      ${attempt},\n      ${worker}\n    ]`;
        else out += `${i > 0 ? "," : ""}[${attempt},${worker}]`;
      }
      i = -1;
      out += pretty ? "\n  ]" : "]";
    }
    field = "/replay_cost";
    out += `${pretty ? ',\n  "replay_cost": ' : ',"replay_cost":'}${writeNullableU64(tail.replay_cost ?? null, "/replay_cost")}`;
    field = "/interrupt_latency_ms";
    const latency = writeNullableU64(tail.interrupt_latency_ms ?? null, "/interrupt_latency_ms");
    out += pretty ? `,\n  "interrupt_latency_ms": ${latency}\n}` : `,"interrupt_latency_ms":${latency}}`;
  } catch (err) {
    throw tooLongForAString(err, i < 0 ? field : `${field}/${i}`, out.length, STREAMING_HINT) ?? err;
  }
  return out;
}

class JsonWriter implements ObservabilityJsonWriter {
  readonly layout: JsonLayout;
  count = 0;
  private readonly opening: string;
  private readonly between: string;
  private readonly pieces: KernelObservabilityJsonPieces;
  private finished = false;

  constructor(layout: JsonLayout) {
    this.pieces = kernelObservabilityJsonPieces(layout);
    this.layout = layout;
    this.opening = this.pieces.opening;
    this.between = this.pieces.between;
  }

  entry(entry: string): string {
    if (this.finished) throw new Error("ObservabilityJsonWriter: an entry after finish()");
    const n = this.count;
    const json = encodeTimelineEntry(entry, n);
    this.count = n + 1;
    return (n === 0 ? this.opening : this.between) + json;
  }

  finish(tail: ObservabilityTail): string {
    if (this.finished) throw new Error("ObservabilityJsonWriter.finish: already finished");
    const text = this.pieces.closing(tail, this.count === 0 ? null : this.count);
    this.finished = true;
    return text;
  }
}

/**
 * A streaming encoder of KernelObservability: writes the timeline entry by
 * entry as each is computed, then the other fields, exactly as serde_json
 * writes the Rust struct — `to_string` for `layout: "json"` (the default),
 * `to_string_pretty` for `"pretty"`. `reasoning_timeline` comes first, so no
 * entry need be kept; the text, however long, never has to be one string.
 * No entry at all gives `"reasoning_timeline":null`, as for an empty trace.
 * The pieces joined are what `encodeKernelObservability` returns for the
 * same value and layout.
 *
 * @example
 * ```ts
 * const writer = createObservabilityJsonWriter();
 * let json = writer.entry("Interrupted#1") + writer.entry("Resumed#2");
 * json += writer.finish({ lease_graph: null, replay_cost: 2, interrupt_latency_ms: 1 });
 * // '{"reasoning_timeline":["Interrupted#1","Resumed#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":1}'
 * ```
 */
export function createObservabilityJsonWriter(options: ObservabilityJsonWriterOptions = {}): ObservabilityJsonWriter {
  return new JsonWriter(options.layout ?? "json");
}
