/**
 * Characters that must not reach a terminal raw: the C0 controls (ESC starts
 * escape sequences, CR overwrites the line, BEL rings), DEL, the C1 controls
 * U+0080–U+009F (U+009B is CSI on some terminals), the bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069: text that reads in
 * another order than it is stored), and lone surrogates. JSON.stringify, which
 * most messages use to quote input text, escapes only the C0 controls.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` made safe to print to a terminal: every character that a terminal
 * would act on rather than show is written as a JSON-style `\uXXXX` escape,
 * so a record's text can never move the cursor, recolour the screen, ring,
 * retitle the window or reorder what a person reads. A newline in `text` is
 * escaped too: one message, one line.
 *
 * @example
 * ```ts
 * escapeForTerminal('run "\u001b[2J"'); // 'run "\\u001b[2J"'
 * ```
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * `1,234,567`: a count as `toLocaleString("en-US")` writes it, without
 * loading ICU's locale data for it (about 10 ms, the first time).
 *
 * @example
 * ```ts
 * thousands(1234567); // "1,234,567"
 * ```
 */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
