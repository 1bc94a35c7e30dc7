/**
 * The code blocks of a README, and what the docs test does with each.
 *
 * The convention (see tests/docs/README.md):
 *
 * - A ```ts block is type-checked and run. What it prints on stdout must be
 *   exactly the output block right after it (a ```text, ```json or ``` block
 *   with nothing but blank lines between), or, without one, the `// → …`
 *   comments in it, one line each, in order; with neither, it must print
 *   nothing.
 * - A ```sh block is run by bash (`set -e`) in a scratch directory; an
 *   output block right after it is its exact stdout.
 * - A ```console block is `$ command` lines, each followed by what it prints
 *   (stdout and stderr, as a terminal shows them); it is run by bash and the
 *   whole transcript compared.
 * - A standalone ```json block (wire-format examples) must be JSON: one
 *   document, or one per line.
 * - HTML comments on the lines right before a block say more:
 *   `<!-- not run: why -->` (a ```ts block is still type-checked),
 *   `<!-- file: NAME -->` (the block is written to NAME in the scratch
 *   directory, for the blocks after it),
 *   `<!-- in: COMMAND -->` (every line of the block is in COMMAND's stdout),
 *   `<!-- with: postgres -->` (run with $DATABASE_URL set to a real
 *   PostgreSQL server holding fixtures/stores/postgres.sql),
 *   `<!-- wire: TYPE -->` (a ```json block of TYPE values, one per line or
 *   one array of them: each decodes and encodes back to the same bytes).
 * - Any other block is an error: every block is run, checked or marked.
 */

/** One fenced block of a Markdown file. */
export interface Block {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word, lowercased (`ts`, `sh`, `console`, `json`, …); "" for none. */
  readonly lang: string;
  /** The content, its indentation (that of the fence) removed, ending with "\n" unless empty. */
  readonly text: string;
  /** The HTML comment directives on the lines right before the fence: `name` → value. */
  readonly directives: ReadonlyMap<string, string>;
  /** Only blank lines separate this block from the one before it. */
  readonly followsBlock: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const DIRECTIVE = /^\s*<!--\s*([a-z][a-z -]*?)\s*(?::\s*([\s\S]*?))?\s*-->\s*$/;

/** The fenced blocks of `markdown`, in order. */
export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  let lastBlockEnd = -10;
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (open === null) continue;
    const indent = (open[1] as string).length;
    const fence = open[2] as string;
    const lang = (open[3] as string).toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] as string;
      if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, "") === "") break;
      body.push(l.slice(Math.min(indent, l.length - l.trimStart().length)));
    }
    if (j >= lines.length) throw new Error(`line ${i + 1}: a code fence that never closes`);
    const directives = new Map<string, string>();
    let k = i - 1;
    for (; k >= 0; k--) {
      const d = DIRECTIVE.exec(lines[k] as string);
      if (d === null) break;
      directives.set(d[1] as string, d[2] ?? "");
    }
    let followsBlock = lastBlockEnd >= 0;
    for (let m = Math.max(lastBlockEnd + 1, 0); m < i; m++) if ((lines[m] as string).trim() !== "") followsBlock = false;
    blocks.push({ line: i + 1, lang, text: body.length === 0 ? "" : `${body.join("\n")}\n`, directives, followsBlock });
    lastBlockEnd = j;
    i = j;
  }
  return blocks;
}

/** What the test does with a block. */
export type Plan =
  | { readonly kind: "ts"; readonly block: Block; readonly run: boolean; readonly expected: string | null; readonly why?: string; readonly postgres: boolean }
  | { readonly kind: "sh"; readonly block: Block; readonly expected: string | null; readonly postgres: boolean }
  | { readonly kind: "console"; readonly block: Block; readonly postgres: boolean }
  | { readonly kind: "json"; readonly block: Block; readonly wire: string | null }
  | { readonly kind: "file"; readonly block: Block; readonly name: string }
  | { readonly kind: "in"; readonly block: Block; readonly command: string }
  | { readonly kind: "not run"; readonly block: Block; readonly why: string }
  | { readonly kind: "output"; readonly block: Block }
  | { readonly kind: "unmarked"; readonly block: Block; readonly why: string };

const OUTPUT_LANGS = new Set(["", "text", "json", "ndjson"]);
const INSTALLS = /(?:^|[\s;&|(])(?:npm|npx|pnpm|yarn|corepack)\s/m;
const KNOWN_DIRECTIVES = new Set(["not run", "file", "in", "with", "wire"]);

/** The `// → …` comments of a TypeScript block, one expected stdout line each. */
export function arrowComments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /\/\/ → ?(.*)$/.exec(line);
    if (m !== null) out.push(m[1] as string);
  }
  return out;
}

/** Decides, block by block, what is run, checked or marked, and which blocks are outputs. */
export function planBlocks(blocks: readonly Block[]): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    const next = blocks[i + 1];
    for (const name of block.directives.keys()) {
      if (!KNOWN_DIRECTIVES.has(name)) {
        plans.push({ kind: "unmarked", block, why: `unknown directive <!-- ${name}: … -->` });
      }
    }
    const notRun = block.directives.get("not run");
    const postgres = block.directives.get("with") === "postgres";
    if (block.directives.has("with") && !postgres) {
      plans.push({ kind: "unmarked", block, why: `<!-- with: ${block.directives.get("with")} -->: only "postgres" is known` });
    }
    // An output block: right after a block that is run, with no directive of its own.
    const outputOf = (): Block | null =>
      next !== undefined && next.followsBlock && next.directives.size === 0 && OUTPUT_LANGS.has(next.lang) ? next : null;
    if (notRun !== undefined) {
      if (notRun.trim() === "") plans.push({ kind: "unmarked", block, why: "<!-- not run: … --> needs a reason" });
      if (block.lang === "ts" || block.lang === "typescript") {
        plans.push({ kind: "ts", block, run: false, expected: null, why: notRun, postgres });
      } else {
        plans.push({ kind: "not run", block, why: notRun });
      }
      continue;
    }
    const file = block.directives.get("file");
    if (file !== undefined) {
      plans.push({ kind: "file", block, name: file });
      continue;
    }
    const command = block.directives.get("in");
    if (command !== undefined) {
      plans.push({ kind: "in", block, command });
      continue;
    }
    // Never run what installs software or reaches a registry: such a block must say it is not run.
    if (/^(?:sh|bash|shell|console)$/.test(block.lang) && INSTALLS.test(block.text)) {
      plans.push({ kind: "unmarked", block, why: "it installs packages (npm/pnpm/npx/yarn): mark it <!-- not run: why -->" });
      continue;
    }
    switch (block.lang) {
      case "ts":
      case "typescript": {
        const out = outputOf();
        const arrows = arrowComments(block.text);
        if (out !== null && arrows.length > 0) {
          plans.push({ kind: "unmarked", block, why: "both `// →` comments and an output block: use one" });
        }
        const expected = out !== null ? out.text : arrows.length > 0 ? `${arrows.join("\n")}\n` : "";
        plans.push({ kind: "ts", block, run: true, expected, postgres });
        if (out !== null) {
          plans.push({ kind: "output", block: out });
          i++;
        }
        break;
      }
      case "sh":
      case "bash":
      case "shell": {
        const out = outputOf();
        plans.push({ kind: "sh", block, expected: out === null ? null : out.text, postgres });
        if (out !== null) {
          plans.push({ kind: "output", block: out });
          i++;
        }
        break;
      }
      case "console":
        plans.push({ kind: "console", block, postgres });
        break;
      case "json":
      case "ndjson":
        plans.push({ kind: "json", block, wire: block.directives.get("wire") ?? null });
        break;
      default:
        plans.push({
          kind: "unmarked",
          block,
          why: `a \`\`\`${block.lang} block that is neither run, checked nor marked (<!-- not run: why -->, <!-- file: NAME -->, <!-- in: COMMAND -->)`,
        });
    }
  }
  return plans;
}

/**
 * A ```console block as a bash script that prints the same transcript:
 * each `$ command` (with `\` continuation lines) run with stderr merged into
 * stdout. Returns the script and the transcript's expected output lines.
 */
export function consoleScript(text: string): { script: string; expected: string } {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const commands: string[] = [];
  const expected: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("$ ")) {
      let command = line.slice(2);
      while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1)} ${(lines[++i] as string).trim()}`;
      commands.push(command);
    } else {
      if (commands.length === 0) throw new Error("a console block must start with a `$ command` line");
      expected.push(line);
    }
  }
  return { script: `exec 2>&1\n${commands.join("\n")}\n`, expected: expected.length === 0 ? "" : `${expected.join("\n")}\n` };
}
