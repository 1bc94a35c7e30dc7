// Module hooks that let node run a workspace package whose export is its
// TypeScript source (the private @oris/pg-server): .ts files are compiled
// with esbuild as they load. Everything else loads as node loads it.
import { readFile } from "node:fs/promises";
import { transform } from "esbuild";

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !/\.[cm]?ts$/.test(new URL(url).pathname)) return nextLoad(url, context);
  const source = await readFile(new URL(url), "utf8");
  const { code } = await transform(source, { loader: "ts", format: "esm", target: "node20", sourcefile: url });
  return { format: "module", source: code, shortCircuit: true };
}
