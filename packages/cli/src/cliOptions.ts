import { parseArgs } from "node:util";
import {
  DEFAULT_PROFILE,
  OBSERVABILITY_PROFILES,
  type LeaseEdge,
  type ObservabilityProfile,
} from "@oris/observability";
import { usageError as usage } from "./CliError.js";

/** What `--format` asks for. */
export type OutputFormat = "json" | "pretty" | "summary" | "html";

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
  /** `--checkpoints FILE --run-id ID [--lease A=W]...` (a JSON array, or a saved history or timeline response), or `null` for trace input. */
  readonly checkpoints: {
    readonly file: string;
    readonly runId: string;
    readonly leaseGraph: readonly LeaseEdge[];
  } | null;
  /** `--db FILE_OR_URL [--source …] [--timestamps created_at] [--run-id ID]... [--schema NAME]`, or `null`. */
  readonly db: DbOptions | null;
  /** `--api URL --run-id ID... [--api-key-env NAME] [--timeout MS]`, or `null`. */
  readonly api: ApiOptions | null;
  /** `--by-run`: trace FILEs hold interleaved runs; one record per run. */
  readonly byRun: boolean;
  /** `--quiet`: no progress line and no warnings; errors and bad records are still reported. */
  readonly quiet: boolean;
  /** The progress line on a terminal's stderr: off with `--no-progress` or `--quiet`. */
  readonly progress: boolean;
}

/** How `--api` reads an Oris execution server. */
export interface ApiOptions {
  /** The server's base URL (http or https, no credentials). */
  readonly baseUrl: string;
  /** The runs to fetch, as given (at least one); fetched once each, in byte order. */
  readonly runIds: readonly string[];
  /** `--api-key-env NAME`: the environment variable that holds the API key, or `null` for none. */
  readonly apiKeyEnv: string | null;
  /** `--timeout MS`: each request's time limit; default 30000. */
  readonly timeoutMs: number;
}

/** How `--db` reads an Oris database. */
export interface DbOptions {
  /** A SQLite file path, or a `postgres://` / `postgresql://` URL. */
  readonly target: string;
  readonly kind: "sqlite" | "postgres";
  readonly source: "events" | "checkpoints";
  readonly timestamps: "created_at" | null;
  /** `--run-id`s, or `null` for every run. */
  readonly runIds: readonly string[] | null;
  /** `--schema` (PostgreSQL), default `public`. */
  readonly schema: string;
  /** `--busy-timeout MS` (SQLite): how long to wait for a writer's lock; default 5000. */
  readonly busyTimeoutMs: number;
}

export const USAGE = `Usage: oris-observe [options] [FILE ...]
       oris-observe --by-run [options] [FILE ...]
       oris-observe --db FILE_OR_URL [--source events|checkpoints] [--run-id ID]... [options]
       oris-observe --checkpoints FILE --run-id ID [--lease ATTEMPT=WORKER]... [options]
       oris-observe --api URL --run-id ID... [--api-key-env NAME] [options]

Reads an Oris kernel trace (KernelTraceEvent records) and writes its
KernelObservability as the Rust runtime's serde_json writes it, one line.

FILE is NDJSON (one event per line) or one JSON array of events, plain or
gzip (.gz or by its magic bytes). Several files are one trace, in order.
With no FILE, or FILE "-", standard input is read.

Options:
  -p, --profile 0.2|0.3      derivation rules: 0.2, the Oris 0.2 rules (Oris
                             0.2.12; the default), or 0.3, the Oris 0.3 rules
                             (upstream Oris 0.3.0)
  -f, --format FORMAT        json (default): one line, byte-exact serde_json
                             pretty: serde_json's to_string_pretty
                             summary: for people (counts, latency, seq, time)
                             html: a report to open in a browser, one
                             self-contained file: the fields, a timeline
                             of the events, an index of runs (--by-run, --db)
  -o, --output FILE          write to FILE (through a temporary file, renamed
                             over FILE only when the run succeeds)
      --check                validate only: report every bad record, write nothing
      --skip-invalid         leave bad records out (each reported) and go on
      --checkpoints FILE     read a JSON array of ExecutionCheckpointView instead
                             of a trace (needs --run-id), or a saved response of
                             the Oris API's GET /v1/jobs/ID/history or /timeline
      --run-id ID            the run the checkpoint history belongs to
      --lease ATTEMPT=WORKER a lease graph edge (0.3, repeatable)
      --db FILE|URL          read an Oris database instead of trace files: a SQLite
                             file, or a postgres:// or postgresql:// URL; writes
                             one NDJSON record per run, in byte order of run ids
      --source events|checkpoints
                             with --db: derive from the kernel events (default)
                             or the checkpoint history (0.3: the server's field)
      --timestamps created_at
                             with --db --source events: timestamp_ms from each
                             row's creation time (off by default, as in Oris)
      --run-id ID            with --db: only this run (repeatable)
      --schema NAME          with a PostgreSQL --db: the schema (default public)
      --busy-timeout MS      with a SQLite --db: wait this long for a writer's
                             lock before giving up (default 5000)
      --api URL              fetch each --run-id's checkpoint history from an Oris
                             execution server (GET /v1/jobs/ID/history; with
                             --profile 0.3 also /timeline, for the server's lease
                             graph); one NDJSON record per run, in byte order
                             of run ids (as --db)
      --run-id ID            with --api: a run to fetch (repeatable, at least one)
      --api-key-env NAME     with --api: send the API key held in the environment
                             variable NAME (as x-api-key); a key is never taken
                             from the command line, where other users can read it
      --timeout MS           with --api: each request's time limit (default 30000)
      --by-run               trace FILEs hold many runs: one record per run_id
  -q, --quiet                no progress line and no warnings (errors and bad
                             records are still reported)
      --no-progress          no progress line on a terminal
  -h, --help                 show this help
  -V, --version              show the version

Exit status:
  0   the result was written (--check: every record is valid)
  64  usage error: unknown option, bad value, options that do not go together
  65  bad data: a bad record, an empty input, ... (with --db, --by-run or
      --api: some runs could not be derived; their error records are written)
  66  an input cannot be opened (missing, unreadable, not an Oris database;
      with --api: the server refused the API key, HTTP 401 or 403)
  69  the database server or the --api server cannot be reached (refused,
      timed out)
  70  internal error: a bug in oris-observe (please report it)
  74  I/O error part-way (a failed read or write, stdout closed)
`;

const OPTIONS = {
  profile: { type: "string", short: "p" },
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  check: { type: "boolean" },
  "skip-invalid": { type: "boolean" },
  checkpoints: { type: "string" },
  "run-id": { type: "string", multiple: true },
  db: { type: "string" },
  source: { type: "string" },
  timestamps: { type: "string" },
  schema: { type: "string" },
  "by-run": { type: "boolean" },
  "busy-timeout": { type: "string" },
  api: { type: "string" },
  "api-key-env": { type: "string" },
  timeout: { type: "string" },
  lease: { type: "string", multiple: true },
  quiet: { type: "boolean", short: "q" },
  "no-progress": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

/** Parses and checks the arguments (without the `node` and script paths); throws a usage CliError. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  refuseSecretsInArgs(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw usage(describeParseError(err));
  }
  const v = parsed.values;
  const files = parsed.positionals;
  const base = {
    files,
    profile: DEFAULT_PROFILE,
    format: "json",
    output: null,
    check: false,
    skipInvalid: false,
    checkpoints: null,
    db: null,
    api: null,
    byRun: false,
    quiet: false,
    progress: true,
  } as const;
  if (v.help === true) return { ...base, action: "help" };
  if (v.version === true) return { ...base, action: "version" };

  const given = v.profile ?? DEFAULT_PROFILE;
  if (!isProfile(given)) throw usage(`--profile must be ${OBSERVABILITY_PROFILES.join(" or ")} (got "${given}")`);
  const profile = given;
  const format = v.format ?? "json";
  if (format !== "json" && format !== "pretty" && format !== "summary" && format !== "html") {
    throw usage(`--format must be json, pretty, summary or html (got "${format}")`);
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
  const quiet = v.quiet === true;
  const progress = !quiet && v["no-progress"] !== true;
  const output = v.output === undefined || v.output === "-" ? null : v.output;
  if (output === "") throw usage("--output needs a file name");

  const byRun = v["by-run"] === true;
  /** What every run shares; each source of events below adds its own options. */
  const run = { ...base, action: "run", profile, format, output, check, skipInvalid, quiet, progress } as const;
  for (const [given, name] of [
    [v.source, "--source"],
    [v.timestamps, "--timestamps"],
    [v.schema, "--schema"],
    [v["busy-timeout"], "--busy-timeout"],
  ] as const) {
    if (given !== undefined && v.db === undefined) throw usage(`${name} goes with --db`);
  }
  for (const [given, name] of [
    [v["api-key-env"], "--api-key-env"],
    [v.timeout, "--timeout"],
  ] as const) {
    if (given !== undefined && v.api === undefined) throw usage(`${name} goes with --api`);
  }
  if (v.api !== undefined) {
    if (v.db !== undefined) throw usage("--api and --db do not go together: give one source of runs");
    if (v.checkpoints !== undefined)
      throw usage("--api and --checkpoints do not go together (--api fetches the checkpoint history)");
    if (files.length > 0) throw usage("--api fetches the runs from the server: give no trace FILE");
    if (byRun) throw usage("--api already writes one record per run: --by-run is for trace files");
    if (check) throw usage("--check is for files and databases, not --api");
    if (skipInvalid)
      throw usage(
        "--skip-invalid is for trace files: with --api a run that fails gets an error record and the other runs go on",
      );
    if ((v.lease ?? []).length > 0)
      throw usage("--lease goes with --checkpoints (with --api the lease graph comes from the server)");
    const baseUrl = checkApiUrl(v.api);
    const runIds = v["run-id"] ?? [];
    if (runIds.length === 0) throw usage("--api needs --run-id ID (repeatable): the runs to fetch");
    if (runIds.some((id) => id === "")) throw usage("--run-id needs a run id");
    const apiKeyEnv = v["api-key-env"] ?? null;
    if (apiKeyEnv !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) {
      throw usage(
        `--api-key-env takes the name of an environment variable (letters, digits and _; got ${JSON.stringify(apiKeyEnv)})`,
      );
    }
    const timeout = v.timeout ?? "30000";
    if (!/^\d{1,9}$/.test(timeout) || Number(timeout) === 0)
      throw usage(`--timeout takes milliseconds, a whole number from 1 (got "${timeout}")`);
    const api: ApiOptions = { baseUrl, runIds, apiKeyEnv, timeoutMs: Number(timeout) };
    return { ...run, api };
  }
  if (v.db !== undefined) {
    if (files.length > 0) throw usage("--db reads the database instead of trace files: give no FILE");
    if (v.checkpoints !== undefined)
      throw usage(
        "--db and --checkpoints do not go together (--db --source checkpoints reads the database's checkpoints)",
      );
    if (byRun) throw usage("--db already writes one record per run: --by-run is for trace files");
    if (skipInvalid)
      throw usage(
        "--skip-invalid is for trace files: with --db a run with a bad row gets an error record and the other runs go on",
      );
    if ((v.lease ?? []).length > 0)
      throw usage("--lease goes with --checkpoints (with --db the lease graph comes from the database)");
    const target = v.db;
    if (target === "") throw usage("--db needs a SQLite file path or a postgres:// URL");
    const kind = /^postgres(ql)?:\/\//i.test(target) ? "postgres" : "sqlite";
    const source = v.source ?? "events";
    if (source !== "events" && source !== "checkpoints")
      throw usage(`--source must be events or checkpoints (got "${source}")`);
    const timestamps = v.timestamps ?? null;
    if (timestamps !== null && timestamps !== "created_at")
      throw usage(`--timestamps takes created_at (got "${timestamps}")`);
    if (timestamps !== null && source !== "events")
      throw usage("--timestamps created_at goes with --source events (checkpoints carry their own times)");
    if (v.schema !== undefined && kind !== "postgres")
      throw usage("--schema is for a PostgreSQL --db (a postgres:// URL)");
    const schema = v.schema ?? "public";
    if (!/^[A-Za-z0-9_]+$/.test(schema))
      throw usage(`--schema takes ASCII letters, digits and _ only, as Oris allows (got ${JSON.stringify(schema)})`);
    const runIds = v["run-id"] ?? null;
    if (runIds !== null && runIds.some((id) => id === "")) throw usage("--run-id needs a run id");
    const busy = v["busy-timeout"] ?? "5000";
    if (!/^\d{1,9}$/.test(busy)) throw usage(`--busy-timeout takes milliseconds, a whole number (got "${busy}")`);
    if (v["busy-timeout"] !== undefined && kind !== "sqlite") throw usage("--busy-timeout is for a SQLite --db");
    const db: DbOptions = { target, kind, source, timestamps, runIds, schema, busyTimeoutMs: Number(busy) };
    return { ...run, db };
  }

  let checkpoints: CliOptions["checkpoints"] = null;
  const lease = v.lease ?? [];
  if (v.checkpoints !== undefined) {
    if (byRun) throw usage("--by-run is for trace files, not --checkpoints");
    if (files.length > 0)
      throw usage("--checkpoints reads a checkpoint history instead of a trace: give no trace FILE");
    const runIds = v["run-id"] ?? [];
    if (runIds.length === 0) throw usage("--checkpoints needs --run-id ID (the run the history belongs to)");
    if (runIds.length > 1) throw usage("--checkpoints reads one run's history: give --run-id once");
    const runId = runIds[0] as string;
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
    if (v["run-id"] !== undefined) throw usage("--run-id goes with --checkpoints, --db or --api");
    if (lease.length > 0) throw usage("--lease goes with --checkpoints (a kernel trace has no lease graph)");
  }
  return { ...run, checkpoints, byRun };
}

/**
 * A secret on the command line is readable by every user of the machine
 * (`ps`, /proc): `--api-key` is refused without echoing its value, and so is
 * an `--api` URL with credentials in it.
 */
function refuseSecretsInArgs(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === "--") break;
    if (/^--(api-?key|token|bearer-token|password)(=|$)/i.test(arg)) {
      throw usage(
        `${arg.split("=")[0] as string} is not an option: an API key is never taken from the command line, where other users can read it; put it in an environment variable and name that with --api-key-env NAME`,
      );
    }
  }
}

/** The `--api` URL: http or https, no credentials, query or fragment (never echoed when it holds credentials). */
function checkApiUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(`--api takes the server's URL, e.g. http://127.0.0.1:8080 (got ${JSON.stringify(text)})`);
  }
  if (url.username !== "" || url.password !== "") {
    throw usage("--api URL must not hold credentials (other users can read the command line): use --api-key-env NAME");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw usage(`--api takes an http:// or https:// URL (got ${JSON.stringify(text)})`);
  if (url.search !== "" || url.hash !== "")
    throw usage(`--api takes the server's base URL, without a query or fragment (got ${JSON.stringify(text)})`);
  return url.href.replace(/\/+$/, "");
}

/**
 * `util.parseArgs`'s error, said for people: an unknown option without
 * Node's advice about positionals, and with the closest known option when
 * there is one (`Unknown option '--outptu' (did you mean --output?)`).
 */
function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  if (e.code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION") return message;
  const option = /^Unknown option '(.*?)'(?:\. |$)/s.exec(message)?.[1];
  if (option === undefined) return message;
  const guess = closestOption(option);
  const dash = option.startsWith("--") ? "" : ` (a FILE whose name starts with "-" goes after "--": -- ${option})`;
  return `Unknown option '${option}'${guess === null ? dash : ` (did you mean ${guess}?)`}`;
}

/** The known long option nearest to `given` (`--name`, before any `=`): a unique prefix, or at most 2 edits away (1 for short names); `null` if none is near. */
export function closestOption(given: string): string | null {
  if (!given.startsWith("--")) return null;
  const name = given.slice(2).split("=")[0] as string;
  if (name.length === 0) return null;
  const names = Object.keys(OPTIONS);
  const prefixed = names.filter((n) => n.startsWith(name));
  if (prefixed.length === 1) return `--${prefixed[0] as string}`;
  const limit = name.length <= 3 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const n of names) {
    const d = editDistance(name, n);
    if (d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best === null ? null : `--${best}`;
}

/** Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and swaps of neighbours each cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (d[(i - 2) * cols + j - 2] as number) + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1] as number;
}

/** `text` names one of the library's profiles. */
function isProfile(text: string): text is ObservabilityProfile {
  return (OBSERVABILITY_PROFILES as readonly string[]).includes(text);
}
