import { describeCell } from "./describeCell.js";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);

/**
 * A database integer as a JavaScript number: a number, a bigint, or the
 * decimal text a driver gives for BIGINT. Returns the number, or why not.
 * `unsigned`: the runtime reads the column as i64 and casts it to u64, so a
 * negative value is a number past 2^53−1 to it.
 */
export function readInteger(value: unknown, unsigned: boolean): number | string {
  let big: bigint;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return `expected an integer (got ${describeCell(value)})`;
    big = BigInt(value);
  } else if (typeof value === "bigint") {
    big = value;
  } else if (typeof value === "string" && /^-?\d{1,20}$/.test(value)) {
    big = BigInt(value);
  } else {
    return `expected an integer (got ${describeCell(value)})`;
  }
  if (unsigned && big < 0n) {
    return `expected an integer from 0 to ${MAX_SAFE} (got ${big}, which the runtime reads as the u64 ${BigInt.asUintN(64, big)}; see the README on integers)`;
  }
  if (big > MAX_SAFE_BIG || big < -MAX_SAFE_BIG) {
    return `expected an integer within ±${MAX_SAFE} (got ${big}: a JavaScript number cannot hold it exactly; see the README on integers)`;
  }
  return Number(big);
}
