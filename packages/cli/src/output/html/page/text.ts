/**
 * Text from the input, shown as the CLI's messages show it: C0 and C1
 * controls, DEL, bidirectional overrides and isolates, and lone surrogates
 * (which no font can draw) as `\uXXXX`, the way JSON escapes them. Always
 * put in the page as text (textContent), never as markup.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function shown(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `1,234,567`. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `2024-05-01T10:00:13.220Z`, or the number of milliseconds when no date holds it. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} ms` : d.toISOString();
}

/** A span of milliseconds for people: `95 s`, `1 min 48.925 s`, `2 h 3 min`, `3 d 4 h`. */
export function duration(ms: number): string {
  const sign = ms < 0 ? "−" : "";
  let v = Math.abs(ms);
  if (v < 1000) return `${sign}${thousands(v)} ms`;
  const days = Math.floor(v / 86_400_000);
  v -= days * 86_400_000;
  const hours = Math.floor(v / 3_600_000);
  v -= hours * 3_600_000;
  const minutes = Math.floor(v / 60_000);
  v -= minutes * 60_000;
  const seconds = v / 1000;
  if (days > 0) return `${sign}${thousands(days)} d${hours > 0 ? ` ${hours} h` : ""}`;
  if (hours > 0) return `${sign}${hours} h${minutes > 0 ? ` ${minutes} min` : ""}`;
  const s = `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, "")} s`;
  return minutes > 0 ? `${sign}${minutes} min${seconds > 0 ? ` ${s}` : ""}` : `${sign}${s}`;
}

/** A value as `--format json` writes it (numbers, null, strings quoted). */
export function json(value: unknown): string {
  return JSON.stringify(value);
}
