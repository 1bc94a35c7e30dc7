/**
 * Test-only: valid documents generated from a JSON Schema (draft-07, the
 * subset schemars writes: `type`, `properties`/`required`, `items` (one
 * schema or a tuple), `minItems`/`maxItems`, `minimum`/`maximum`, `$ref` to
 * `#/definitions/…`, `anyOf`, and the schema `true`), and near-misses made
 * from them.
 */
import fc from "fast-check";

type Node = Record<string, unknown> | boolean;

/** An RFC 3339 date-time as chrono's `to_rfc3339()` writes it (`+00:00`, 0/3/6/9 fractional digits), or in `Z` form. */
export const rfc3339 = fc
  .tuple(
    fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
    fc.constantFrom(0, 3, 6, 9),
    fc.nat(999_999),
    fc.boolean(),
  )
  .map(([ms, digits, extra, z]) => {
    const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
    const base = iso.slice(0, 19);
    const frac = (iso.slice(20, 23) + String(extra).padStart(6, "0")).slice(0, digits);
    return `${base}${digits === 0 ? "" : `.${frac}`}${z ? "Z" : "+00:00"}`;
  });

export interface ArbitraryOptions {
  /** Arbitraries for properties by name, used instead of their schema's (e.g. `created_at`). */
  readonly byName?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
}

/** Valid documents of `root`. */
export function arbitraryOf(root: Record<string, unknown>, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const definitions = (root["definitions"] ?? {}) as Record<string, Node>;
  const byName = options.byName ?? {};
  const of = (node: Node, depth: number): fc.Arbitrary<unknown> => {
    if (node === true) return fc.jsonValue({ maxDepth: 2 });
    if (node === false) throw new Error("schema false has no valid document");
    const ref = node["$ref"];
    if (typeof ref === "string") return of(definitions[ref.replace("#/definitions/", "")] as Node, depth + 1);
    const anyOf = node["anyOf"];
    if (Array.isArray(anyOf)) return fc.oneof(...(anyOf as Node[]).map((n) => of(n, depth + 1)));
    const type = node["type"];
    const types = Array.isArray(type) ? (type as string[]) : [type as string];
    return fc.oneof(...types.map((t) => ofType(t, node, depth)));
  };
  const ofType = (t: string, node: Record<string, unknown>, depth: number): fc.Arbitrary<unknown> => {
    switch (t) {
      case "null":
        return fc.constant(null);
      case "string":
        return fc.string({ maxLength: 12 });
      case "boolean":
        return fc.boolean();
      case "integer": {
        const min = typeof node["minimum"] === "number" ? node["minimum"] : -Number.MAX_SAFE_INTEGER;
        const max =
          node["format"] === "uint64" || node["format"] === "int64"
            ? Number.MAX_SAFE_INTEGER
            : typeof node["maximum"] === "number"
              ? node["maximum"]
              : Number.MAX_SAFE_INTEGER;
        return fc.oneof(fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 1000) }), fc.integer({ min, max }));
      }
      case "array": {
        const items = node["items"];
        if (Array.isArray(items)) return fc.tuple(...(items as Node[]).map((n) => of(n, depth + 1)));
        const max = depth > 4 ? 1 : 4;
        return fc.array(items === undefined ? fc.jsonValue({ maxDepth: 1 }) : of(items as Node, depth + 1), {
          maxLength: max,
        });
      }
      case "object": {
        const properties = (node["properties"] ?? {}) as Record<string, Node>;
        const required = new Set((node["required"] ?? []) as string[]);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, sub] of Object.entries(properties)) record[key] = byName[key] ?? of(sub, depth + 1);
        const requiredKeys = Object.keys(properties).filter((k) => required.has(k));
        return fc.record(record, { requiredKeys });
      }
      default:
        throw new Error(`schemaArbitrary: type ${t} not supported`);
    }
  };
  return of(root, 0);
}

/** Randomly damages a valid document: drops, replaces or adds a key, or replaces a nested value (as fixtures/schemaContract.ts does). */
export function nearMiss(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    fc.constantFrom("__proto__", "constructor", "extra", "observability", "created_at"),
    fc.string({ maxLength: 6 }),
  );
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(-0, 2 ** 53, -1, 1.5, "\ud800", "yesterday", "2023-11-14T22:13:20", null, [], {}),
  );
  return fc.tuple(valid, fc.nat(), replacement, key, fc.nat(3)).map(([doc, pick, value, newKey, how]) => {
    const copy = structuredClone(doc);
    const target = pickContainer(copy, pick);
    if (target === null) return value;
    const keys = Object.keys(target);
    const k = keys.length === 0 ? newKey : (keys[pick % keys.length] as string);
    const set = (name: string): void => {
      if (Array.isArray(target) && name === "length") return;
      Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
    };
    if (how === 0 && !Array.isArray(target)) delete (target as Record<string, unknown>)[k];
    else set(how === 1 ? newKey : k);
    return copy;
  });
}

function pickContainer(doc: unknown, pick: number): object | null {
  const containers: object[] = [];
  const walk = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    containers.push(v);
    for (const child of Object.values(v)) walk(child);
  };
  walk(doc);
  return containers.length === 0 ? null : (containers[pick % containers.length] as object);
}
