import type { SchemaNode } from "@oris/kernel-types/codec";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The schema `createSchemaDecoder` reads a validated value by. The
 * contract's schemas (schemars' shape) use `$ref` to their `definitions` and
 * `anyOf: [T, {"type": "null"}]` for an `Option<T>`, which the decoder's
 * reader does not follow; here every `$ref` is replaced by the definition it
 * names and each such `anyOf` by `T` with `"null"` added to its `type`. The
 * `definitions` are kept as they are, for the error explanations (ajv's
 * `schemaPath` of a failure inside a definition points into them). The
 * contract's definitions are not recursive. Internal to the package.
 */
export function readerSchema(schema: SchemaNode): SchemaNode {
  const definitions = isObject(schema["definitions"]) ? schema["definitions"] : {};
  const resolve = (node: unknown, depth: number): unknown => {
    if (depth > 64) throw new Error("readerSchema: $ref nested too deep (a recursive definition?)");
    if (Array.isArray(node)) return node.map((n) => resolve(n, depth + 1));
    if (!isObject(node)) return node;
    const ref = node["$ref"];
    if (typeof ref === "string") {
      const name = /^#\/definitions\/(.+)$/.exec(ref)?.[1];
      if (name === undefined || !Object.hasOwn(definitions, name))
        throw new Error(`readerSchema: cannot resolve ${ref}`);
      return resolve(definitions[name], depth + 1);
    }
    const anyOf = node["anyOf"];
    if (Array.isArray(anyOf) && anyOf.length === 2 && isObject(anyOf[1]) && anyOf[1]["type"] === "null") {
      const inner = resolve(anyOf[0], depth + 1) as Record<string, unknown>;
      const type = inner["type"];
      return { ...inner, type: [...(Array.isArray(type) ? (type as unknown[]) : [type]), "null"] };
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node))
      out[key] = key === "definitions" ? value : resolve(value, depth + 1);
    return out;
  };
  return resolve(schema, 0) as SchemaNode;
}
