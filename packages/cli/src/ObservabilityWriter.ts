import { writeNullableU64, writeString } from "@oris/kernel-types/internal";
import { encodeKernelObservability, type KernelObservability } from "@oris/observability";

/** How the KernelObservability is written: serde_json's `to_string` or `to_string_pretty`. */
export type JsonLayout = "json" | "pretty";

/** What follows the timeline: the other three fields. */
export type ObservabilityTail = Omit<KernelObservability, "reasoning_timeline">;

/** Where the writer's text goes. */
export interface TextSink {
  write(text: string): void;
}

const COMPACT_EMPTY_HEAD = '{"reasoning_timeline":null';

/**
 * Writes a KernelObservability while its timeline is still being computed:
 * `reasoning_timeline` is the first field, so each entry can be written as
 * it arrives and nothing is kept. The bytes are serde_json's — `to_string`
 * for `"json"`, `to_string_pretty` (two-space indent, `"key": value`) for
 * `"pretty"` — followed by one newline.
 *
 * The opening `{"reasoning_timeline":[` is written with the first entry, so
 * that an empty trace gives `"reasoning_timeline":null`.
 */
export class ObservabilityWriter {
  private entries = 0;
  private readonly out: TextSink;
  private readonly pretty: boolean;

  constructor(out: TextSink, layout: JsonLayout) {
    this.out = out;
    this.pretty = layout === "pretty";
  }

  /** One timeline entry, already a JSON string (quotes included). */
  entry(json: string): void {
    if (this.entries++ === 0) this.out.write(this.pretty ? `{\n  "reasoning_timeline": [\n    ${json}` : `{"reasoning_timeline":[${json}`);
    else this.out.write(this.pretty ? `,\n    ${json}` : `,${json}`);
  }

  /** Writes the other fields and closes the object. */
  finish(tail: ObservabilityTail): void {
    if (!this.pretty) {
      // The library's encoder writes the tail; only the timeline was streamed.
      const whole = encodeKernelObservability({ ...tail, reasoning_timeline: null });
      this.out.write(this.entries === 0 ? `${whole}\n` : `]${whole.slice(COMPACT_EMPTY_HEAD.length)}\n`);
      return;
    }
    let text = this.entries === 0 ? '{\n  "reasoning_timeline": null' : "\n  ]";
    text += ',\n  "lease_graph": ';
    const graph = tail.lease_graph;
    if (graph === null) text += "null";
    else if (graph.length === 0) text += "[]";
    else {
      text += "[";
      graph.forEach(([attempt, worker], i) => {
        text += `${i === 0 ? "" : ","}\n    [\n      ${writeString(attempt, `/lease_graph/${i}/0`)},\n      ${writeString(worker, `/lease_graph/${i}/1`)}\n    ]`;
      });
      text += "\n  ]";
    }
    text += `,\n  "replay_cost": ${writeNullableU64(tail.replay_cost, "/replay_cost")}`;
    text += `,\n  "interrupt_latency_ms": ${writeNullableU64(tail.interrupt_latency_ms, "/interrupt_latency_ms")}\n}\n`;
    this.out.write(text);
  }
}
