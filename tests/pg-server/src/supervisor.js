// The supervisor of one test PostgreSQL server: a small Node process, started
// by startPgServer() with its stdin a pipe from the test process. It runs
// initdb and the postmaster (as `nobody` when the test process is root), and
// when its stdin reaches end of file (stop(), or the test process exits or is
// killed, even by SIGKILL: the kernel closes the pipe) it stops the postmaster
// (SIGINT, the "fast" shutdown of `pg_ctl stop -m fast`; SIGQUIT after 10 s,
// SIGKILL after 20 s), kills anything else it started, removes the server's
// temporary directory and exits.
//
// Protocol: newline-delimited JSON. In on stdin:
//   {"id":1,"op":"run","file":"/x/bin/initdb","args":[...]}   run to completion
//   {"id":2,"op":"spawn","file":"/x/bin/postgres","args":[...]} the server
//   {"op":"stop"}                                              sent by stop()
// Out on stdout:
//   {"id":1,"code":0,"signal":null,"output":"..."}             run finished
//   {"id":2,"pid":1234} or {"id":2,"error":"..."}               server spawned
//   {"event":"exit","pid":1234,"code":1,"signal":null}          server exited
//
// Shutting down without "stop" once the test process is gone (we have another
// parent now), the supervisor also removes the binaries mirror (binDir), which
// that process's exit handler did not get to remove.
//
// argv[2] is the JSON configuration: {dir, binDir, owner, log, cwd, env, uid?, gid?}.
import { spawn } from "node:child_process";
import { closeSync, openSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

const config = JSON.parse(process.argv[2] ?? "{}");
const options = {
  cwd: config.cwd,
  env: config.env,
  ...(config.uid === undefined ? {} : { uid: config.uid, gid: config.gid }),
};
/** Children started with "run" (initdb), killed at shutdown. */
const running = new Set();
/** The postmaster, while it runs. */
let server = null;
let shuttingDown = false;
let stopRequested = false;

// The test process may be gone when we answer: never die of EPIPE before cleaning up.
process.stdout.on("error", () => {});
const send = (msg) => {
  try {
    process.stdout.write(JSON.stringify(msg) + "\n");
  } catch {
    // the reader is gone
  }
};

writeFileSync(join(config.dir, "supervisor.pid"), `${process.pid}\n`);

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (shuttingDown || line.trim() === "") return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (msg.op === "stop") stopRequested = true;
  else if (msg.op === "run") run(msg);
  else if (msg.op === "spawn") startServer(msg);
});
lines.on("close", shutdown);
// Ctrl-C reaches the whole foreground process group: clean up instead of dying.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, shutdown);

function run({ id, file, args }) {
  let output = "";
  let child;
  try {
    child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    send({ id, code: null, signal: null, output: String(err?.message ?? err) });
    return;
  }
  running.add(child);
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  child.on("error", (err) => (output += `\n${err.message}`));
  child.on("close", (code, signal) => {
    running.delete(child);
    send({ id, code, signal, output });
    if (shuttingDown) finishIfIdle();
  });
}

function startServer({ id, file, args }) {
  if (server) {
    send({ id, error: "a server is already running" });
    return;
  }
  const log = openSync(config.log, "a");
  let child;
  try {
    child = spawn(file, args, { ...options, stdio: ["ignore", log, log] });
  } catch (err) {
    send({ id, error: String(err?.message ?? err) });
    return;
  } finally {
    closeSync(log);
  }
  server = child;
  child.on("error", (err) => {
    if (server === child) server = null;
    send({ id, error: err.message });
    if (shuttingDown) finishIfIdle();
  });
  child.on("spawn", () => send({ id, pid: child.pid }));
  child.on("exit", (code, signal) => {
    if (server === child) server = null;
    send({ event: "exit", pid: child.pid, code, signal });
    if (shuttingDown) finishIfIdle();
  });
}

function shutdown() {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of running) child.kill("SIGKILL");
  if (server) {
    const child = server;
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGQUIT"), 10_000).unref();
    setTimeout(() => child.kill("SIGKILL"), 20_000).unref();
  }
  finishIfIdle();
}

function finishIfIdle() {
  if (server || running.size > 0) return;
  try {
    rmSync(config.dir, { recursive: true, force: true });
    if (!stopRequested && config.binDir && process.ppid !== config.owner)
      rmSync(config.binDir, { recursive: true, force: true });
  } finally {
    process.exit(0);
  }
}
