import { parseArgs } from "node:util";
import type { LeaseEdge, ObservabilityProfile } from "@oris/observability";
import { usageError as usage } from "./CliError.js";

/** What `--format` asks for. */
export type OutputFormat = "json" | "pretty" | "summary";

/** The command line, checked. */
export interface CliOptions {
  /** `help` and `version` print and exit; `run` does the work. */
  readonly action: "run" | "help" | "version";
  /** Trace files in order; empty or `-` is standard input. */
  readonly files: readonly string[];
  readonly profile: ObservabilityProfile;
  readonly format: OutputFormat;
  /** `--output FILE`; `null` for standard output. */
  readonly output: string | null;
  /** `--check`: validate only. */
  readonly check: boolean;
  /** `--skip-invalid`: leave bad records out instead of stopping. */
  readonly skipInvalid: boolean;
  /** `--checkpoints FILE --run-id ID [--lease A=W]...`, or `null` for trace input. */
  readonly checkpoints: { readonly file: string; readonly runId: string; readonly leaseGraph: readonly LeaseEdge[] } | null;
}

export const USAGE = `Usage: oris-observe [options] [FILE ...]
       oris-observe --checkpoints FILE --run-id ID [--lease ATTEMPT=WORKER]... [options]

Reads an Oris kernel trace (KernelTraceEvent records) and writes its
KernelObservability as the Rust runtime's serde_json writes it, one line.

FILE is NDJSON (one event per line) or one JSON array of events, plain or
gzip (.gz or by its magic bytes). Several files are one trace, in order.
With no FILE, or FILE "-", standard input is read.

Options:
  -p, --profile 0.2|0.3      derivation rules: 0.2 is Oris 0.2.12 (default),
                             0.3 is upstream Oris 0.3.0
  -f, --format FORMAT        json (default): one line, byte-exact serde_json
                             pretty: serde_json's to_string_pretty
                             summary: for people (counts, latency, seq, time)
  -o, --output FILE          write to FILE (through a temporary file, renamed
                             over FILE only when the run succeeds)
      --check                validate only: report every bad record, write nothing
      --skip-invalid         leave bad records out (each reported) and go on
      --checkpoints FILE     read a JSON array of ExecutionCheckpointView instead
                             of a trace (needs --run-id)
      --run-id ID            the run the checkpoint history belongs to
      --lease ATTEMPT=WORKER a lease graph edge (0.3, repeatable)
  -h, --help                 show this help
  -V, --version              show the version

Exit status: 0 ok, 64 usage error, 65 bad data, 66 cannot open input,
74 I/O error.
`;

const OPTIONS = {
  profile: { type: "string", short: "p" },
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  check: { type: "boolean" },
  "skip-invalid": { type: "boolean" },
  checkpoints: { type: "string" },
  "run-id": { type: "string" },
  lease: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

/** Parses and checks the arguments (without the `node` and script paths); throws a usage CliError. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw usage((err as Error).message);
  }
  const v = parsed.values;
  const files = parsed.positionals;
  const base = {
    files,
    profile: "0.2",
    format: "json",
    output: null,
    check: false,
    skipInvalid: false,
    checkpoints: null,
  } as const;
  if (v.help === true) return { ...base, action: "help" };
  if (v.version === true) return { ...base, action: "version" };

  const profile = v.profile ?? "0.2";
  if (profile !== "0.2" && profile !== "0.3") throw usage(`--profile must be 0.2 or 0.3 (got "${profile}")`);
  const format = v.format ?? "json";
  if (format !== "json" && format !== "pretty" && format !== "summary") {
    throw usage(`--format must be json, pretty or summary (got "${format}")`);
  }
  const check = v.check === true;
  const skipInvalid = v["skip-invalid"] === true;
  if (check) {
    for (const [given, name] of [
      [v.output, "--output"],
      [v.format, "--format"],
      [v["skip-invalid"], "--skip-invalid"],
    ] as const) {
      if (given !== undefined) throw usage(`--check only validates: it cannot be combined with ${name}`);
    }
  }
  const output = v.output === undefined || v.output === "-" ? null : v.output;
  if (output === "") throw usage("--output needs a file name");

  let checkpoints: CliOptions["checkpoints"] = null;
  const lease = v.lease ?? [];
  if (v.checkpoints !== undefined) {
    if (files.length > 0) throw usage("--checkpoints reads a checkpoint history instead of a trace: give no trace FILE");
    const runId = v["run-id"];
    if (runId === undefined) throw usage("--checkpoints needs --run-id ID (the run the history belongs to)");
    if (lease.length > 0 && profile !== "0.3") {
      throw usage("--lease needs --profile 0.3 (Oris 0.2 reports no lease graph)");
    }
    const leaseGraph = lease.map((edge): LeaseEdge => {
      const eq = edge.indexOf("=");
      if (eq < 0) throw usage(`--lease takes ATTEMPT=WORKER (got "${edge}")`);
      return [edge.slice(0, eq), edge.slice(eq + 1)];
    });
    checkpoints = { file: v.checkpoints, runId, leaseGraph };
  } else {
    if (v["run-id"] !== undefined) throw usage("--run-id goes with --checkpoints");
    if (lease.length > 0) throw usage("--lease goes with --checkpoints (a kernel trace has no lease graph)");
  }
  return { action: "run", files, profile, format, output, check, skipInvalid, checkpoints };
}
