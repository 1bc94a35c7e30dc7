import { DecodeError, type DecodeResult } from "./DecodeError.js";

/** The part of an ajv error object that {@link createSchemaDecoder} reads. */
export interface ValidatorError {
  /** JSON pointer to the failing value. */
  readonly instancePath: string;
  /** URI fragment of the failing schema keyword, e.g. `#/properties/seq/type`. */
  readonly schemaPath: string;
  /** The failing keyword: `type`, `required`, `maximum`, `oneOf`, … */
  readonly keyword: string;
  /** The keyword's details, e.g. `{ missingProperty: "kind" }`. */
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * A validator compiled ahead of time by ajv (standalone code): returns whether
 * `data` matches, and leaves the first failure in `errors`.
 */
export interface CompiledValidator {
  /** True when `data` matches the schema. */
  (data: unknown): boolean;
  /** After a failed call: the first failure. */
  errors?: readonly ValidatorError[] | null;
}

/** A JSON Schema node, as far as the error descriptions need it. */
export type SchemaNode = { readonly [key: string]: unknown };

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Builds a decoder from a compiled validator, the schema it was compiled from
 * and a `build` step that copies a validated value into a fresh object (and
 * may refuse it for reasons a schema cannot say, returning a DecodeError).
 *
 * This is the one decoder pattern of every wire type in every package: the
 * schema decides what is accepted; failures are explained from the schema.
 *
 * @example
 * ```ts
 * export const decodeThing = createSchemaDecoder(validateThing, thingDecoderSchema, (v: Thing) => ({ ...v }), {
 *   structFields: ["a", "b"],
 * });
 * ```
 */
export function createSchemaDecoder<T>(
  validate: CompiledValidator,
  schema: SchemaNode,
  build: (value: never) => T | DecodeError,
  options: SchemaDecoderOptions = {},
): (value: unknown) => DecodeResult<T> {
  const buildValue = build as (value: unknown) => T | DecodeError;
  const fields = options.structFields;
  const required = (schema["required"] ?? []) as readonly string[];
  const decodeObject = (value: unknown): DecodeResult<T> => {
    if (validate(value)) {
      // The compiled validator reads properties as JavaScript does, inherited
      // ones included; a key the schema requires must be the value's own.
      for (const key of required) {
        if (!hasOwn(value as object, key)) return { ok: false, error: missing(schema, "", key) };
      }
      const built = buildValue(value);
      return built instanceof DecodeError ? { ok: false, error: built } : { ok: true, value: built };
    }
    return { ok: false, error: explain(validate.errors ?? [], schema, value) };
  };
  if (fields === undefined) return decodeObject;
  return (value) => (Array.isArray(value) ? decodeSeq(value, fields, decodeObject) : decodeObject(value));
}

/** Options of {@link createSchemaDecoder}. */
export interface SchemaDecoderOptions {
  /**
   * For a Rust struct: its fields in declaration order. serde's derived
   * Deserialize also reads a struct from a JSON array holding exactly one
   * element per field, in this order; with this option the decoder does too.
   */
  readonly structFields?: readonly string[];
}

/** serde's sequence form of a struct: `[field0, field1, …]`, exactly one element per field. */
function decodeSeq<T>(
  value: readonly unknown[],
  fields: readonly string[],
  decodeObject: (value: unknown) => DecodeResult<T>,
): DecodeResult<T> {
  if (value.length !== fields.length) {
    const expected = `an object, or serde's array form of the struct: ${fields.length} elements [${fields.join(", ")}]`;
    return { ok: false, error: new DecodeError("", expected, describeValue(value)) };
  }
  const asObject: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    asObject[field] = value[i];
  });
  const r = decodeObject(asObject);
  if (r.ok) return r;
  // Point into the array the caller gave, not the object made from it.
  const [, head = "", rest = ""] = /^\/([^/]*)(.*)$/.exec(r.error.path) ?? [];
  const index = fields.indexOf(head.replace(/~1/g, "/").replace(/~0/g, "~"));
  const path = index < 0 ? r.error.path : `/${index}${rest}`;
  return { ok: false, error: new DecodeError(path, r.error.expected, r.error.got) };
}

/**
 * Turns the validator's first failure into a DecodeError that names path, expectation and value.
 *
 * @example
 * ```ts
 * if (!validate(value)) return explain(validate.errors ?? [], schema, value);
 * ```
 */
function explain(errors: readonly ValidatorError[], schema: SchemaNode, value: unknown): DecodeError {
  const oneOf = errors.find((e) => e.keyword === "oneOf");
  if (oneOf !== undefined) return explainOneOf(oneOf, errors, schema, value);
  const first = errors[0];
  if (first === undefined) return new DecodeError("", describeSchema(schema), describeValue(value));
  return explainOne(first, schema, value);
}

function explainOne(e: ValidatorError, schema: SchemaNode, root: unknown): DecodeError {
  const parentPath = e.schemaPath.slice(0, e.schemaPath.lastIndexOf("/"));
  const parent = resolveSchema(schema, parentPath);
  const here = valueAt(root, e.instancePath);
  switch (e.keyword) {
    case "required":
      return missing(parent, e.instancePath, String(e.params["missingProperty"]));
    case "additionalProperties": {
      const key = String(e.params["additionalProperty"]);
      const allowed = Object.keys((parent["properties"] ?? {}) as object);
      return new DecodeError(
        `${e.instancePath}/${escapePointer(key)}`,
        `no key other than ${allowed.map((k) => `"${k}"`).join(", ")}`,
        `the key "${key}"`,
      );
    }
    default: {
      let expected = describeSchema(parent);
      if (
        (e.keyword === "maximum" && parent["maximum"] === MAX_SAFE) ||
        (e.keyword === "minimum" && parent["minimum"] === -MAX_SAFE)
      ) {
        expected += "; integers beyond ±(2^53−1) cannot be read exactly after JSON.parse, so they are refused";
      }
      return new DecodeError(e.instancePath, expected, describeValue(here));
    }
  }
}

/** The error for a required key that the object at `path` does not have (as its own). */
function missing(objectSchema: SchemaNode, path: string, key: string): DecodeError {
  const field = ((objectSchema["properties"] ?? {}) as Record<string, SchemaNode>)[key];
  return new DecodeError(
    `${path}/${escapePointer(key)}`,
    field === undefined ? "a value" : describeSchema(field),
    "nothing: the key is missing",
  );
}

/**
 * A `oneOf` of single-key objects is serde's externally tagged enum. When the
 * value names exactly one variant, report that variant's own failure;
 * otherwise say which shapes are possible.
 */
function explainOneOf(e: ValidatorError, errors: readonly ValidatorError[], schema: SchemaNode, root: unknown): DecodeError {
  const node = resolveSchema(schema, e.schemaPath);
  const branches = node as unknown as readonly SchemaNode[];
  const here = valueAt(root, e.instancePath);
  if (isPlainObject(here)) {
    const matching = branches
      .map((b, i) => ({ b, i }))
      .filter(({ b }) => ((b["required"] ?? []) as string[]).every((k) => hasOwn(here, k)));
    const only = matching[0];
    if (matching.length === 1 && only !== undefined) {
      const prefix = `${e.schemaPath}/${only.i}/`;
      const own = errors.find((x) => x.schemaPath.startsWith(prefix));
      if (own !== undefined) return explainOne(own, schema, root);
    }
  }
  return new DecodeError(e.instancePath, `one of ${branches.map(describeVariant).join(", ")}`, describeValue(here));
}

function describeVariant(branch: SchemaNode): string {
  const required = (branch["required"] ?? []) as string[];
  const properties = (branch["properties"] ?? {}) as Record<string, SchemaNode>;
  const key = required[0];
  if (required.length === 1 && key !== undefined && properties[key] !== undefined && branch["additionalProperties"] === false) {
    return `{"${key}": ${describeSchema(properties[key])}}`;
  }
  return describeSchema(branch);
}

/**
 * Says in words what a schema node accepts.
 *
 * @example
 * ```ts
 * describeSchema({ type: ["integer", "null"], minimum: 0, maximum: 10 }); // "an integer from 0 to 10 or null"
 * ```
 */
function describeSchema(node: SchemaNode): string {
  const type = node["type"];
  const types = Array.isArray(type) ? (type as string[]) : typeof type === "string" ? [type] : [];
  if (types.length === 0 && Array.isArray(node["oneOf"])) {
    return `one of ${(node["oneOf"] as SchemaNode[]).map(describeVariant).join(", ")}`;
  }
  return types.map((t) => describeType(t, node)).join(" or ") || "a value";
}

function describeType(type: string, node: SchemaNode): string {
  switch (type) {
    case "integer": {
      const min = node["minimum"];
      const max = node["maximum"];
      if (typeof min === "number" && typeof max === "number") return `an integer from ${min} to ${max}`;
      if (typeof min === "number") return `an integer ≥ ${min}`;
      if (typeof max === "number") return `an integer ≤ ${max}`;
      return "an integer";
    }
    case "string":
      return node["format"] === "date-time" ? "an RFC 3339 date-time string" : "a string";
    case "array": {
      const items = node["items"];
      if (Array.isArray(items)) {
        return `a ${items.length}-element array [${(items as SchemaNode[]).map(describeSchema).join(", ")}]`;
      }
      if (isPlainObject(items)) return `an array whose every item is ${describeSchema(items)}`;
      return "an array";
    }
    case "object":
      return "an object";
    case "null":
      return "null";
    case "boolean":
      return "true or false";
    case "number":
      return "a number";
    default:
      return type;
  }
}

/**
 * A short, safe description of a JSON value for error messages.
 *
 * @example
 * ```ts
 * describeValue([1, 2]); // "an array of 2 items"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  switch (typeof value) {
    case "string": {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case "number":
      return Number.isInteger(value) && !Number.isSafeInteger(value)
        ? `${String(value)} (not a safe integer)`
        : `the number ${String(value)}`;
    case "boolean":
      return String(value);
    case "object": {
      if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
      const keys = Object.keys(value);
      if (keys.length === 0) return "an empty object";
      const shown = keys.slice(0, 5).map((k) => JSON.stringify(k));
      return `an object with key${keys.length === 1 ? "" : "s"} ${shown.join(", ")}${keys.length > 5 ? ", …" : ""}`;
    }
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Escapes one reference token of an RFC 6901 JSON pointer.
 *
 * @example
 * ```ts
 * escapePointer("a/b~c"); // "a~1b~0c"
 * ```
 */
function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let here: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(here)) here = here[Number(token)];
    else if (isPlainObject(here) && hasOwn(here, token)) here = here[token];
    else return undefined;
  }
  return here;
}

function resolveSchema(schema: SchemaNode, schemaPath: string): SchemaNode {
  let here: unknown = schema;
  for (const raw of schemaPath.replace(/^#/, "").split("/")) {
    if (raw === "") continue;
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    here = (here as Record<string, unknown>)[token];
  }
  return (here ?? {}) as SchemaNode;
}
