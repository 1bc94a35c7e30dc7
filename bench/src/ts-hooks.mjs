// Module hooks that let the bench import a workspace package whose exports
// point at TypeScript source (@oris/pg-server: "./src/index.ts"): Node 20
// cannot strip types, so each .ts file is transformed with esbuild as it is
// loaded, at its own URL (import.meta.url and relative imports keep working).
// Registered by src/db.mjs with module.register.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, "utf8"), {
    loader: "ts",
    format: "esm",
    target: "node20",
    sourcefile: path,
  });
  return { format: "module", source: code, shortCircuit: true };
}
