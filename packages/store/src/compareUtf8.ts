/**
 * Orders two strings by the bytes of their UTF-8, as SQLite's BINARY
 * collation and PostgreSQL's `"C"` collation order run ids. JavaScript's `<`
 * compares UTF-16 code units, which differs for characters past U+FFFF
 * against U+E000–U+FFFF; this does not.
 *
 * @example
 * ```ts
 * ["b", "a", "\u{1F600}", "\uFF01"].sort(compareUtf8); // ["a", "b", "\uFF01", "\u{1F600}"]
 * ```
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Code units reordered so that surrogates (code points past U+FFFF) sort after U+E000–U+FFFF. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}
