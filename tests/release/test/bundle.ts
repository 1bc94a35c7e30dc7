import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** What {@link bundle} takes: minify or not, the platform, the imports left out of the bundle (esbuild's `external`). */
export interface BundleOptions {
  minify?: boolean;
  platform?: "neutral" | "node";
  external?: readonly string[];
}

/** The bundle esbuild makes of `source` (an ES module in `dir`), resolving packages from `dir/node_modules`. */
export async function bundle(dir: string, source: string, options: BundleOptions = {}): Promise<string> {
  return (await bundleWithInputs(dir, source, options)).text;
}

/** {@link bundle}, with the modules that ended up in it (paths relative to `dir/node_modules`). */
export async function bundleWithInputs(
  dir: string,
  source: string,
  { minify = false, platform = "neutral", external = [] }: BundleOptions = {},
): Promise<{ text: string; inputs: string[] }> {
  const result = await build({
    stdin: { contents: source, resolveDir: dir, sourcefile: "entry.mjs", loader: "js" },
    bundle: true,
    format: "esm",
    platform,
    target: "es2022",
    minify,
    write: false,
    logLevel: "silent",
    legalComments: "none",
    metafile: true,
    external: [...external],
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .filter(([k, v]) => v.bytesInOutput > 0 && !k.endsWith("entry.mjs") && !k.startsWith("<stdin>"))
    .map(([k]) => k.replace(/^.*node_modules\//, ""))
    .sort();
  return { text: result.outputFiles[0]!.text, inputs };
}

/** Bytes of a text, plain and gzipped (level 9). */
export function sizes(text: string): { bytes: number; gzip: number } {
  const buf = Buffer.from(text, "utf8");
  return { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}
