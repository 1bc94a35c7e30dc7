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
  /** Plain entries not yet written, joined in one go by {@link ObservabilityWriter.flush}. */
  private readonly batch: string[] = [];
  private readonly out: TextSink;
  private readonly pretty: boolean;
  /** Between two entries: `","` or `",\n    "`. */
  private readonly between: string;

  constructor(out: TextSink, layout: JsonLayout) {
    this.out = out;
    this.pretty = layout === "pretty";
    this.between = this.pretty ? '",\n    "' : '","';
  }

  /** One timeline entry, written as serde_json writes a string. */
  entry(entry: string): void {
    this.flush();
    this.out.write(this.separator() + writeString(entry, "/reasoning_timeline"));
  }

  /**
   * One timeline entry whose JSON is itself in quotes: printable ASCII with
   * no `"` or `\`, nothing to escape. Such entries are gathered and joined
   * into one string by {@link ObservabilityWriter.flush}, which costs a
   * fraction of concatenating them one by one.
   */
  plainEntry(entry: string): void {
    this.batch.push(entry);
  }

  /** Writes the gathered plain entries (call it before the sink's text is used). */
  flush(): void {
    const n = this.batch.length;
    if (n === 0) return;
    const first = this.separator();
    this.entries += n - 1;
    this.out.write(`${first}"${this.batch.join(this.between)}"`);
    this.batch.length = 0;
  }

  /** What goes before the next entry: the object's opening before the first. */
  private separator(): string {
    if (this.entries++ > 0) return this.pretty ? ",\n    " : ",";
    return this.pretty ? '{\n  "reasoning_timeline": [\n    ' : '{"reasoning_timeline":[';
  }

  /** Writes the other fields and closes the object. */
  finish(tail: ObservabilityTail): void {
    this.flush();
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
