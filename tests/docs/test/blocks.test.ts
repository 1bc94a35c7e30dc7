import { describe, expect, it } from "vitest";
import { arrowComments, consoleScript, parseBlocks, planBlocks, type Plan } from "../src/blocks.ts";

const F = "```";
const kinds = (markdown: string): string[] => planBlocks(parseBlocks(markdown)).map((p: Plan) => p.kind);

describe("parseBlocks", () => {
  it("finds fenced blocks, their language, text, directives and adjacency", () => {
    const md = `# T\n\n<!-- not run: a reason -->\n${F}sh\nnpm i x\n${F}\n\n${F}json\n{"a":1}\n${F}\n`;
    const blocks = parseBlocks(md);
    expect(blocks.map((b) => [b.line, b.lang, b.text, [...b.directives], b.followsBlock])).toEqual([
      [4, "sh", "npm i x\n", [["not run", "a reason"]], false],
      [8, "json", '{"a":1}\n', [], true],
    ]);
  });

  it("removes the indentation of a fence inside a list item", () => {
    const md = `- item\n\n  ${F}ts\n  const a = 1;\n    const b = 2;\n  ${F}\n`;
    expect(parseBlocks(md)[0]?.text).toBe("const a = 1;\n  const b = 2;\n");
  });

  it("refuses a fence that never closes", () => {
    expect(() => parseBlocks(`${F}ts\nconst a = 1;\n`)).toThrow(/never closes/);
  });
});

describe("planBlocks", () => {
  it("pairs a run block with the output block right after it", () => {
    expect(kinds(`${F}ts\nconsole.log(1);\n${F}\n${F}text\n1\n${F}\n`)).toEqual(["ts", "output"]);
    const [ts] = planBlocks(parseBlocks(`${F}ts\nconsole.log(1);\n${F}\n\n${F}\n1\n${F}\n`));
    expect(ts).toMatchObject({ kind: "ts", run: true, expected: "1\n" });
  });

  it("does not take a block after prose as an output", () => {
    expect(kinds(`${F}ts\nconsole.log(1);\n${F}\nprints\n${F}text\n1\n${F}\n`)).toEqual(["ts", "unmarked"]);
  });

  it("takes the // → comments as the expected output when there is no output block", () => {
    const [ts] = planBlocks(parseBlocks(`${F}ts\nconsole.log(1); // → 1\nconsole.log("a"); // → a\n${F}\n`));
    expect(ts).toMatchObject({ expected: "1\na\n" });
    expect(arrowComments("x; // → {\"a\":1}")).toEqual(['{"a":1}']);
  });

  it("expects no output from a snippet that shows none", () => {
    expect(planBlocks(parseBlocks(`${F}ts\nconst a = 1;\n${F}\n`))[0]).toMatchObject({ expected: "" });
  });

  it("fails an unmarked block it cannot run or check, and a not-run mark without a reason", () => {
    expect(kinds(`${F}yaml\na: 1\n${F}\n`)).toEqual(["unmarked"]);
    expect(kinds(`<!-- not run: -->\n${F}sh\nx\n${F}\n`)).toContain("unmarked");
    expect(kinds(`<!-- frobnicate: x -->\n${F}sh\nx\n${F}\n`)).toContain("unmarked");
  });

  it("never runs a block that installs packages unless it is marked", () => {
    for (const cmd of ["npm install -g pnpm", "cd x && pnpm install", "npx -p @oris/cli oris-observe", "yarn add x"]) {
      expect(kinds(`${F}sh\n${cmd}\n${F}\n`), cmd).toEqual(["unmarked"]);
      expect(kinds(`<!-- not run: installs -->\n${F}sh\n${cmd}\n${F}\n`), cmd).toEqual(["not run"]);
    }
  });

  it("keeps a not-run TypeScript block for the type check", () => {
    expect(planBlocks(parseBlocks(`<!-- not run: needs a server -->\n${F}ts\nconst a = 1;\n${F}\n`))[0]).toMatchObject({ kind: "ts", run: false });
  });

  it("knows the file, in and with directives", () => {
    expect(planBlocks(parseBlocks(`<!-- file: trace.ndjson -->\n${F}\n{}\n${F}\n`))[0]).toMatchObject({ kind: "file", name: "trace.ndjson" });
    expect(planBlocks(parseBlocks(`<!-- in: oris-observe --help -->\n${F}\nUsage\n${F}\n`))[0]).toMatchObject({ kind: "in", command: "oris-observe --help" });
    expect(planBlocks(parseBlocks(`<!-- with: postgres -->\n${F}ts\nconst a = 1;\n${F}\n`))[0]).toMatchObject({ kind: "ts", postgres: true });
  });
});

describe("consoleScript", () => {
  it("runs each $ command, joins continuation lines and expects the rest", () => {
    expect(consoleScript("$ a \\\n    --b\nout 1\n$ echo $?\n0\n")).toEqual({ script: "exec 2>&1\na  --b\necho $?\n", expected: "out 1\n0\n" });
  });

  it("refuses a transcript that does not start with a command", () => {
    expect(() => consoleScript("out\n$ a\n")).toThrow(/must start/);
  });
});
