#!/usr/bin/env node
import { main } from "./main.js";

// main() always settles; should a bug ever leave it pending (a stream event
// that never comes), Node would end the process with status 13 and no word
// ("unsettled top-level await"): say so instead, as the internal error it is.
let settled = false;
process.once("exit", () => {
  if (settled) return;
  process.stderr.write(
    "oris-observe: internal error, please report it: the run stopped before finishing (an operation never completed)\n",
  );
  process.exitCode = 70;
});
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
settled = true;
