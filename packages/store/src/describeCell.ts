/** A short description of a database value, for messages: `the text "x"`, `a BLOB of 3 bytes`, `the integer 5`. */
export function describeCell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    return `the text ${JSON.stringify(shown.toWellFormed())}`;
  }
  if (typeof value === "number") return Number.isInteger(value) ? `the integer ${value}` : `the real ${value}`;
  if (typeof value === "bigint") return `the integer ${value}`;
  if (value instanceof Uint8Array) return `a BLOB of ${value.length} bytes`;
  return `a ${typeof value}`;
}
