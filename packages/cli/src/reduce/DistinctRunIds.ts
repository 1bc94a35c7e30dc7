import { escapeForTerminal, thousands } from "../output/terminalText.js";

/** Run ids told apart, at most; past it the count is "more than" this. */
const DISTINCT_LIMIT = 1000;

/**
 * Counts the distinct `run_id`s of a trace, cheaply enough for every event:
 * the first two ids are remembered and most events (one run, or two) stop at
 * comparing with them; others go into a set of at most
 * {@link DISTINCT_LIMIT} ids, and past that nothing more is counted.
 */
export class DistinctRunIds {
  private first: string | null = null;
  private second: string | null = null;
  /** The ids other than the first, in the order seen. */
  private readonly others = new Set<string>();
  private more = false;

  add(runId: string): void {
    if (runId === this.first || runId === this.second || this.more) return;
    if (this.first === null) {
      this.first = copy(runId);
      return;
    }
    if (this.others.has(runId)) return;
    if (this.others.size + 1 >= DISTINCT_LIMIT) this.more = true;
    else {
      const id = copy(runId);
      this.others.add(id);
      this.second ??= id;
    }
  }

  /**
   * The warning for a trace of more than one run (without the program
   * name), or `null`: `the trace holds 3 runs ("a", "b", …); …`. Ids are
   * escaped with JSON.stringify, so that none can play tricks on a terminal.
   */
  warning(): string | null {
    if (this.first === null || this.second === null) return null;
    const total = this.others.size + 1;
    const count = this.more ? `more than ${thousands(DISTINCT_LIMIT)}` : thousands(total);
    const ids = escapeForTerminal(
      `${JSON.stringify(this.first)}, ${JSON.stringify(this.second)}${this.more || total > 2 ? ", …" : ""}`,
    );
    return `the trace holds ${count} runs (${ids}); the result mixes them — use --by-run for one record per run`;
  }
}

/** A copy that does not keep a larger string (the input block it was sliced from) alive. */
function copy(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}
