import { DecodeError, isDecodeError, type DecodeResult } from "./DecodeError.js";
import { checkNotNegativeZero, checkWellFormed } from "./json.js";
import {
  toStandardIssue,
  type DecodeOptions,
  type SchemaDecoder,
  type StandardSchemaV1Props,
} from "./standardSchema.js";

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
  /**
   * The schema's reading plan (what {@link createSchemaDecoder} does with a
   * value the validator has accepted), compiled ahead of time into plain
   * property reads by the `@oris/*` packages' generator; left out, the
   * decoder interprets the schema instead, with the same results.
   */
  read?: (data: unknown, ops: ReaderOps) => unknown;
}

/**
 * What a precompiled reading plan (`CompiledValidator.read`) calls to refuse
 * a value or read a format; {@link createSchemaDecoder} provides it.
 *
 * @example
 * ```ts
 * // inside generated code:
 * if (!v.isWellFormed()) return ops.notWellFormed(v, "/kind");
 * ```
 */
export interface ReaderOps {
  /** The error for a string with a lone surrogate at `path`. */
  notWellFormed(value: string, path: string): DecodeError;
  /** The error for an integer `-0` at `path`. */
  negativeZero(path: string): DecodeError;
  /** The error for a required `key` that the object at `path` (schema node at `schemaPath`, a `#…` fragment) has only inherited. */
  missing(schemaPath: string, path: string, key: string): DecodeError;
  /** The error for a value at `path` (a `oneOf` at `schemaPath`) that has none of the variants' keys as its own. */
  noVariant(schemaPath: string, path: string, value: unknown): DecodeError;
  /** The string `value` read with the reader of `format`, or its error re-rooted at `path`. */
  format(format: string, value: string, path: string): unknown;
  /** Whether a reader's result is a refusal. */
  failed(result: unknown): boolean;
}

/** A JSON Schema node, as far as the error descriptions need it. */
export type SchemaNode = { readonly [key: string]: unknown };

const hasOwn = Object.hasOwn;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Builds a decoder from a compiled validator, the schema it was compiled from
 * and a `build` step that shapes the value. The schema decides what is
 * accepted, and failures are explained from the schema (a JSON pointer, what
 * was expected, what was there); it is the one decoder pattern of every wire
 * type of the `@oris/*` packages.
 *
 * After the validator accepts a value, the decoder reads it as serde reads
 * the Rust type, following the schema's types and formats, and hands `build`
 * a fresh copy in which:
 *
 * - every property the schema names is present, in the schema's order; a
 *   property that is missing, `null` or only inherited is `null` (serde's
 *   `None`), a required one that is only inherited is refused as missing;
 *   unknown keys (`__proto__` included) are not copied;
 * - every string (values, array items, at any depth) is well-formed UTF-16:
 *   JSON.parse lets a lone surrogate escape through, serde_json refuses it;
 * - an integer is not `-0`, which JSON.parse makes of the literal `-0` and
 *   serde_json reads as a float (reported after every string problem);
 * - arrays are copied, item by item (a tuple's items by position);
 * - of an externally tagged enum (a `oneOf` of objects with one required
 *   key), the value holds the one variant key it has as its own;
 * - a string with a `format` that `options.formats` names is replaced by
 *   what that reader makes of it (or refused with its DecodeError, re-rooted
 *   at the string's pointer).
 *
 * So `build` only shapes the value (and may still refuse it for reasons a
 * schema cannot say, returning a DecodeError). The reading plan is compiled
 * once, here, from the schema.
 *
 * The decoder never throws. An exception while it runs (from a getter, a
 * Proxy trap or a revoked Proxy in the value, or from `build`) becomes a
 * DecodeError whose path points at the value whose read throws, found by
 * reading the value again with every read guarded; the happy path pays
 * nothing for it (one try/catch around the whole decode). Only the engine's
 * own failures escape (out of memory; a call stack the caller has already
 * all but used up).
 *
 * @param validate - the ajv standalone validator compiled from `schema`.
 * @param schema - the schema `validate` was compiled from (integer bounds explicit).
 * @param build - shapes the copy described above into the decoded value, or refuses it.
 * @param options - serde's array form of a struct, and readers of string formats.
 * @returns a decoder that never throws.
 *
 * @example
 * ```ts
 * // schema: {"type":"object","required":["id"],"properties":{"id":{"type":"string"},"n":{"type":["integer","null"]}}}
 * const decodeThing = createSchemaDecoder(validateThing, thingSchema, (v: { id: string; n: number | null }) => v, {
 *   structFields: ["id", "n"],
 * });
 * decodeThing({ id: "a" }); // { ok: true, value: { id: "a", n: null } }
 * ```
 */
export function createSchemaDecoder<T>(
  validate: CompiledValidator,
  schema: SchemaNode,
  build: (value: never) => T | DecodeError,
  options: SchemaDecoderOptions = {},
): SchemaDecoder<T> {
  const buildValue = build as (value: unknown) => T | DecodeError;
  const fields = options.structFields;
  const formats = options.formats ?? {};
  const precompiled = validate.read;
  // The reading plan: compiled ahead of time with the validator, or compiled here from the schema.
  let readCopy: (value: unknown) => unknown;
  if (precompiled !== undefined) {
    const ops = readerOps(schema, formats);
    readCopy = (value) => precompiled(value, ops);
  } else {
    const read = compileReader(schema, formats);
    readCopy = (value) => readValidated(read, value);
  }
  const decodeObject = (value: unknown): DecodeResult<T> => {
    if (!validate(value)) return { ok: false, error: explain(validate.errors ?? [], schema, value) };
    const copy = readCopy(value);
    if (copy instanceof DecodeError) return { ok: false, error: copy };
    const built = buildValue(copy);
    return built instanceof DecodeError ? { ok: false, error: built } : { ok: true, value: built };
  };
  const decode =
    fields === undefined
      ? decodeObject
      : (value: unknown) => (Array.isArray(value) ? decodeSeq(value, fields, decodeObject) : decodeObject(value));
  // Parsed JSON cannot throw while it is read; a getter, a Proxy trap or a
  // revoked Proxy can, anywhere the validator or `build` reads. One try/catch
  // around the whole decode turns that into a DecodeError (and costs nothing
  // while nothing throws); only then is the value walked again, read by read,
  // to find where.
  const decoder = (value: unknown, decodeOptions?: DecodeOptions): DecodeResult<T> => {
    let r: DecodeResult<T>;
    try {
      r = decode(value);
    } catch (thrown) {
      r = { ok: false, error: unreadable(value, thrown, schema) };
    }
    return r.ok || decodeOptions?.allErrors !== true ? r : withAllIssues(r, value, schema, formats, fields);
  };
  const standard: StandardSchemaV1Props<unknown, T> = {
    version: 1,
    vendor: "oris",
    validate: (value) => {
      const r = decoder(value, ALL_ERRORS);
      return r.ok ? { value: r.value } : { issues: (r.issues ?? [r.error]).map((e) => toStandardIssue(value, e)) };
    },
  };
  return Object.assign(decoder, { "~standard": standard });
}

const ALL_ERRORS: DecodeOptions = Object.freeze({ allErrors: true });

/**
 * Reads a value the validator has accepted: a fresh copy, or the DecodeError
 * for a value serde would refuse. Returns a DecodeError only for that.
 */
type Reader = (value: unknown, path: string) => unknown;

/**
 * The pointer of the first `-0` the running {@link readValidated} has met, or
 * `undefined`. serde refuses `-0` for an integer field; the decoders report it
 * only when nothing else is wrong (a lone surrogate anywhere comes first).
 */
let negativeZeroAt: string | undefined;

/** Runs `read` over a validated value: its copy, or the first thing serde would refuse in it. */
function readValidated(read: Reader, value: unknown): unknown {
  // Saved and restored: a getter in the value may run another decoder.
  const outer = negativeZeroAt;
  negativeZeroAt = undefined;
  let copy: unknown;
  let zeroAt: string | undefined;
  try {
    copy = read(value, "");
  } finally {
    zeroAt = negativeZeroAt;
    negativeZeroAt = outer;
  }
  if (copy instanceof DecodeError || zeroAt === undefined) return copy;
  return checkNotNegativeZero(-0, zeroAt);
}

/** The operations a precompiled plan needs, bound to one schema and its format readers. */
function readerOps(schema: SchemaNode, formats: Readonly<Record<string, SchemaFormatReader>>): ReaderOps {
  return {
    notWellFormed: (value, path) => checkWellFormed(value, path) as DecodeError,
    negativeZero: (path) => checkNotNegativeZero(-0, path) as DecodeError,
    missing: (schemaPath, path, key) => missing(resolveSchema(schema, schemaPath), path, key),
    noVariant: (schemaPath, path, value) =>
      noVariant(resolveSchema(schema, schemaPath)["oneOf"] as readonly SchemaNode[], path, value),
    format: (format, value, path) => {
      const reader = hasOwn(formats, format) ? formats[format] : undefined;
      if (reader === undefined) return value;
      const r = reader(value);
      return isDecodeError(r) ? r.under(path) : r;
    },
    failed: (result) => isDecodeFailure(result),
  };
}

const isDecodeFailure = (v: unknown): v is DecodeError =>
  typeof v === "object" && v !== null && v instanceof DecodeError;

const copyAsIs: Reader = (value) => value;

/**
 * The reader of one schema node, compiled once: what it does depends only on
 * the node's `type`, `format`, `items`, `properties`, `required` and `oneOf`.
 */
function compileReader(node: SchemaNode, formats: Readonly<Record<string, SchemaFormatReader>>): Reader {
  const oneOf = node["oneOf"];
  if (Array.isArray(oneOf)) return compileVariants(oneOf as readonly SchemaNode[], formats);
  const type = node["type"];
  const types = new Set<unknown>(Array.isArray(type) ? type : [type]);
  const format = node["format"];
  const formatReader = typeof format === "string" && hasOwn(formats, format) ? formats[format] : undefined;
  const readString: Reader | undefined = !types.has("string")
    ? undefined
    : formatReader === undefined
      ? (value, path) => (isWellFormedString(value) ? value : checkWellFormed(value as string, path))
      : (value, path) => {
          if (!isWellFormedString(value)) return checkWellFormed(value as string, path);
          const r = formatReader(value);
          return isDecodeError(r) ? r.under(path) : r;
        };
  const readInteger: Reader | undefined = types.has("integer")
    ? (value, path) => {
        if (value === 0 && 1 / (value as number) < 0 && negativeZeroAt === undefined) negativeZeroAt = path;
        return value;
      }
    : undefined;
  const readArray = types.has("array") ? compileArray(node, formats) : undefined;
  const readObject =
    types.has("object") && isPlainObject(node["properties"]) ? compileStruct(node, formats) : undefined;
  const readers = [readString, readInteger, readArray, readObject].filter((r) => r !== undefined);
  if (readers.length === 0) return copyAsIs;
  if (readers.length === 1 && readString !== undefined) {
    return types.has("null") ? (value, path) => (value === null ? null : readString(value, path)) : readString;
  }
  if (readers.length === 1 && readInteger !== undefined) return readInteger;
  return (value, path) => {
    if (typeof value === "string") return readString === undefined ? value : readString(value, path);
    if (typeof value === "number") return readInteger === undefined ? value : readInteger(value, path);
    if (Array.isArray(value)) return readArray === undefined ? value : readArray(value, path);
    if (typeof value === "object" && value !== null) return readObject === undefined ? value : readObject(value, path);
    return value;
  };
}

const isWellFormedString = (value: unknown): value is string => (value as string).isWellFormed();

/** An array's reader: each item by the `items` schema (or, for a tuple, by its position's), into a fresh array. */
function compileArray(node: SchemaNode, formats: Readonly<Record<string, SchemaFormatReader>>): Reader {
  const items = node["items"];
  const byPosition = Array.isArray(items)
    ? (items as readonly SchemaNode[]).map((item) => compileReader(item, formats))
    : [];
  const each = isPlainObject(items) ? compileReader(items, formats) : copyAsIs;
  return (value, path) => {
    const array = value as readonly unknown[];
    const n = array.length;
    const copy: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const item = (i < byPosition.length ? (byPosition[i] as Reader) : each)(array[i], `${path}/${i}`);
      if (isDecodeFailure(item)) return item;
      copy.push(item);
    }
    return copy;
  };
}

interface FieldPlan {
  readonly name: string;
  /** `/name`, escaped: the field's pointer below its object's. */
  readonly pointer: string;
  readonly read: Reader;
}

/**
 * A struct's reader: its required keys must be its own (the validator reads
 * inherited ones too), in the order the schema lists them; then every
 * property of the schema, in order, into a fresh object.
 */
function compileStruct(node: SchemaNode, formats: Readonly<Record<string, SchemaFormatReader>>): Reader {
  const properties = node["properties"] as Record<string, SchemaNode>;
  const required = (node["required"] ?? []) as readonly string[];
  const plan: readonly FieldPlan[] = Object.keys(properties).map((name) => ({
    name,
    pointer: `/${escapePointer(name)}`,
    read: compileReader(properties[name] as SchemaNode, formats),
  }));
  return (value, path) => {
    const object = value as Record<string, unknown>;
    for (const key of required) {
      if (!hasOwn(object, key)) return missing(node, path, key);
    }
    const copy: Record<string, unknown> = {};
    for (const field of plan) {
      const name = field.name;
      let v: unknown = hasOwn(object, name) ? (object[name] ?? null) : null;
      if (v !== null) {
        v = field.read(v, path + field.pointer);
        if (isDecodeFailure(v)) return v;
      }
      copy[name] = v;
    }
    return copy;
  };
}

/**
 * serde's externally tagged enum, a `oneOf` of objects each with its
 * variant's key required: the value's variant is the first branch whose
 * required keys are all its own (the validator also sees inherited keys),
 * read as that branch's struct.
 */
function compileVariants(
  branches: readonly SchemaNode[],
  formats: Readonly<Record<string, SchemaFormatReader>>,
): Reader {
  const plans = branches.map((branch) => ({
    required: (branch["required"] ?? []) as readonly string[],
    read: isPlainObject(branch["properties"]) ? compileStruct(branch, formats) : compileReader(branch, formats),
  }));
  return (value, path) => {
    if (isPlainObject(value)) {
      for (const plan of plans) {
        // Own first, then `in` (a Proxy may answer the two differently).
        if (plan.required.every((key) => hasOwn(value, key) && key in value)) return plan.read(value, path);
      }
    }
    return noVariant(branches, path, value);
  };
}

/** The error for an enum value that has none of the variants' keys as its own (the validator saw an inherited one). */
function noVariant(branches: readonly SchemaNode[], path: string, value: unknown): DecodeError {
  const keys = branches.map(
    (b) => `{${((b["required"] ?? []) as readonly string[]).map((k) => `"${k}": …`).join(", ")}}`,
  );
  return new DecodeError(path, `one of ${keys.join(", ")}`, describeValue(value));
}

/** What an unreadable value was expected to be: what parsed JSON always is. */
const READABLE = "a value that can be read without an exception, as parsed JSON always can";

/**
 * The DecodeError for an exception `thrown` while `value` was being decoded.
 * The value is walked again, every read guarded (its own keys and the keys
 * the schema names, at any depth), to name the place and the read that
 * throws there. Never throws itself; when the walk finds nothing to blame
 * (a getter that threw only once, a fault of the decoder itself), the error
 * is put on the whole value.
 */
function unreadable(value: unknown, thrown: unknown, schema: SchemaNode): DecodeError {
  try {
    const found = findThrowingRead(value, schemaKeys(schema));
    if (found !== undefined) {
      return new DecodeError(found.path, READABLE, `an exception ${found.doing}: ${describeThrown(found.thrown)}`);
    }
  } catch {
    // The walk could not finish (a call stack already nearly exhausted, say): blame the whole value.
  }
  return new DecodeError("", READABLE, `an exception while decoding it: ${describeThrown(thrown)}`);
}

/** Every property name the schema mentions, at any depth: the keys a validator may read. */
function schemaKeys(schema: SchemaNode): ReadonlySet<string> {
  const keys = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (isPlainObject(node)) {
      const properties = node["properties"];
      if (isPlainObject(properties)) for (const key of Object.keys(properties)) keys.add(key);
      for (const child of Object.values(node)) visit(child);
    }
  };
  visit(schema);
  return keys;
}

interface ThrowingRead {
  /** JSON pointer to the value that could not be read. */
  readonly path: string;
  /** The read that threw, as words: "while reading it", "while listing its keys", … */
  readonly doing: string;
  readonly thrown: unknown;
}

/** The most elements of one array {@link findThrowingRead} reads (a sparse array may claim 2^32−1). */
const MAX_WALKED_ITEMS = 1 << 24;

/**
 * The first read of `root` that throws, in a depth-first walk that reads
 * what the validators and `build` steps read: whether a value is an array,
 * its prototype and its own keys (a for…in reads both); for each key of
 * `names`, whether the value has it (as its own, then with `in`) and its value, which
 * is walked in turn; for each other own key only whether it is there (the
 * decoders never read an unknown key's value); for an array, `length` and
 * every element. `undefined` when nothing throws.
 */
function findThrowingRead(root: unknown, names: ReadonlySet<string>): ThrowingRead | undefined {
  const seen = new Set<object>();
  let found: ThrowingRead | undefined;
  // Every read is guarded on its own; the first exception is kept in `found`.
  const attempt = <R>(path: string, doing: string, read: () => R): { ok: true; value: R } | { ok: false } => {
    try {
      return { ok: true, value: read() };
    } catch (thrown) {
      found = { path, doing, thrown };
      return { ok: false };
    }
  };
  const walk = (value: unknown, path: string): boolean => {
    if (typeof value !== "object" || value === null || seen.has(value)) return true;
    seen.add(value);
    const object = value;
    const record = object as Record<string, unknown>;
    const isArray = attempt(path, "while checking whether it is an array", () => Array.isArray(object));
    if (!isArray.ok) return false;
    if (!attempt(path, "while reading its prototype", (): unknown => Object.getPrototypeOf(object)).ok) return false;
    const ownKeys = attempt(path, "while listing its keys", () => Reflect.ownKeys(object));
    if (!ownKeys.ok) return false;
    if (isArray.value) {
      const length = attempt(path, 'while reading its "length"', () => record["length"]);
      if (!length.ok) return false;
      const n = typeof length.value === "number" ? Math.min(length.value, MAX_WALKED_ITEMS) : 0;
      for (let i = 0; i < n; i++) {
        const at = `${path}/${i}`;
        const item = attempt(at, "while reading it", () => record[i]);
        if (!item.ok || !walk(item.value, at)) return false;
      }
      return true;
    }
    for (const key of names) {
      const at = `${path}/${escapePointer(key)}`;
      // As decodeRejectionReason asks: own first, then `in`.
      if (!attempt(at, "while checking whether the key is there", () => hasOwn(object, key) && key in object).ok)
        return false;
      const child = attempt(at, "while reading it", () => record[key]);
      if (!child.ok || !walk(child.value, at)) return false;
    }
    for (const key of ownKeys.value) {
      if (typeof key !== "string" || names.has(key)) continue;
      const at = `${path}/${escapePointer(key)}`;
      if (!attempt(at, "while checking whether the key is there", () => hasOwn(object, key)).ok) return false;
    }
    return true;
  };
  walk(root, "");
  return found;
}

/**
 * A short description of something thrown, which may be anything (a
 * Proxy, an object whose `toString` throws); never throws itself.
 */
function describeThrown(thrown: unknown): string {
  try {
    let text: string;
    if (typeof thrown === "object" && thrown !== null) {
      const name: unknown = (thrown as { name?: unknown }).name;
      const message: unknown = (thrown as { message?: unknown }).message;
      text =
        typeof message === "string"
          ? `${typeof name === "string" && name !== "" ? name : "Error"}: ${message}`
          : "an object that is not an Error";
    } else if (typeof thrown === "string") {
      text = JSON.stringify(thrown.length > 200 ? thrown.slice(0, 200) : thrown);
    } else if (typeof thrown === "symbol" || typeof thrown === "function") {
      text = `a ${typeof thrown}`;
    } else {
      text = `${String(thrown)}${typeof thrown === "bigint" ? "n" : ""}`;
    }
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return "something that cannot be described";
  }
}

/**
 * Options of {@link createSchemaDecoder}.
 *
 * @example
 * ```ts
 * const options: SchemaDecoderOptions = {
 *   structFields: ["checkpoint_id", "created_at"],
 *   formats: { "date-time": (text) => parseMyDateTime(text) },
 * };
 * ```
 */
export interface SchemaDecoderOptions {
  /**
   * For a Rust struct: its fields in declaration order. serde's derived
   * Deserialize also reads a struct from a JSON array holding exactly one
   * element per field, in this order; with this option the decoder does too.
   */
  readonly structFields?: readonly string[];
  /**
   * Readers of string formats: a string whose schema node has a `format`
   * named here is read with that reader (after its UTF-16 check), and
   * `build` gets what it returns; a DecodeError it returns refuses the value,
   * its path re-rooted at the string's pointer.
   */
  readonly formats?: Readonly<Record<string, SchemaFormatReader>>;
}

/**
 * Reads a string of one format (a `created_at` date-time, say) into the
 * value a decoder's `build` step gets, or refuses it with a DecodeError whose
 * path is relative to the string (usually `""`).
 *
 * @example
 * ```ts
 * const readDay: SchemaFormatReader = (text) =>
 *   /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : new DecodeError("", "a date YYYY-MM-DD", describeValue(text));
 * ```
 */
export type SchemaFormatReader = (text: string) => unknown;

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
  return { ok: false, error: new DecodeError(seqPath(r.error.path, fields), r.error.expected, r.error.got) };
}

/** A pointer into the object made from serde's array form, as a pointer into the array the caller gave. */
function seqPath(pointer: string, fields: readonly string[]): string {
  const [, head = "", rest = ""] = /^\/([^/]*)(.*)$/.exec(pointer) ?? [];
  const index = fields.indexOf(head.replace(/~1/g, "/").replace(/~0/g, "~"));
  return index < 0 ? pointer : `/${index}${rest}`;
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
      const allowed = Object.keys(parent["properties"] ?? {});
      return new DecodeError(
        `${e.instancePath}/${escapePointer(key)}`,
        `no key other than ${allowed.map((k) => `"${k}"`).join(", ")}`,
        `the key "${key}"`,
      );
    }
    default: {
      let expected = describeSchema(parent);
      if (
        (e.keyword === "maximum" && parent["maximum"] === Number.MAX_SAFE_INTEGER) ||
        (e.keyword === "minimum" && parent["minimum"] === -Number.MAX_SAFE_INTEGER)
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
function explainOneOf(
  e: ValidatorError,
  errors: readonly ValidatorError[],
  schema: SchemaNode,
  root: unknown,
): DecodeError {
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
  if (
    required.length === 1 &&
    key !== undefined &&
    properties[key] !== undefined &&
    branch["additionalProperties"] === false
  ) {
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

/**
 * Every problem in `value` by `schema`, in document order: what the decoder
 * reports one at a time (types, bounds, missing and unknown keys, enum
 * variants, lone surrogates, `-0`, formats), all of them. Used only after
 * the decoder has refused the value (`allErrors`), so it is written for
 * clarity, not speed. Follows `$ref` into the root's `definitions` and
 * `anyOf` (a value matching no branch is one problem at its pointer).
 */
function collectIssues(
  root: SchemaNode,
  value: unknown,
  formats: Readonly<Record<string, SchemaFormatReader>>,
): DecodeError[] {
  const issues: DecodeError[] = [];
  const walk = (node: SchemaNode, v: unknown, path: string, out: DecodeError[]): void => {
    const ref = node["$ref"];
    if (typeof ref === "string") return walk(resolveSchema(root, ref), v, path, out);
    const anyOf = node["anyOf"];
    if (Array.isArray(anyOf)) {
      const branches = anyOf as readonly SchemaNode[];
      const tries = branches.map((branch) => {
        const sub: DecodeError[] = [];
        walk(branch, v, path, sub);
        return sub;
      });
      if (tries.some((sub) => sub.length === 0)) return;
      // The branch of the value's own type explains it best; otherwise one problem here.
      const typed = tries.find((sub) => sub.every((e) => e.path !== path));
      if (typed !== undefined) out.push(...typed);
      else {
        const expected = branches.map((b) => describeSchema(resolveRefs(root, b))).join(" or ");
        out.push(new DecodeError(path, expected, describeValue(v)));
      }
      return;
    }
    const oneOf = node["oneOf"];
    if (Array.isArray(oneOf)) {
      const branches = oneOf as readonly SchemaNode[];
      if (isPlainObject(v)) {
        for (const branch of branches) {
          const required = (branch["required"] ?? []) as readonly string[];
          if (required.length > 0 && required.every((key) => hasOwn(v, key))) return walk(branch, v, path, out);
        }
      }
      out.push(new DecodeError(path, describeSchema(node), describeValue(v)));
      return;
    }
    const type = node["type"];
    const types: readonly unknown[] = Array.isArray(type) ? type : type === undefined ? [] : [type];
    if (types.length > 0 && !types.some((t) => hasType(v, t))) {
      out.push(new DecodeError(path, describeSchema(node), describeValue(v)));
      return;
    }
    if (typeof v === "string") {
      const bad = checkWellFormed(v, path);
      if (bad !== undefined) out.push(bad);
      else {
        const format = node["format"];
        const reader = typeof format === "string" && hasOwn(formats, format) ? formats[format] : undefined;
        const read = reader === undefined ? undefined : reader(v);
        if (isDecodeError(read)) out.push(read.under(path));
      }
    } else if (typeof v === "number") {
      const min = node["minimum"];
      const max = node["maximum"];
      const below = typeof min === "number" && v < min;
      const above = typeof max === "number" && v > max;
      if (below || above) {
        let expected = describeSchema(node);
        if ((above && max === Number.MAX_SAFE_INTEGER) || (below && min === -Number.MAX_SAFE_INTEGER)) {
          expected += "; integers beyond ±(2^53−1) cannot be read exactly after JSON.parse, so they are refused";
        }
        out.push(new DecodeError(path, expected, describeValue(v)));
      } else if (types.includes("integer")) {
        const zero = checkNotNegativeZero(v, path);
        if (zero !== undefined) out.push(zero);
      }
    } else if (Array.isArray(v)) {
      const minItems = node["minItems"];
      const maxItems = node["maxItems"];
      if (
        (typeof minItems === "number" && v.length < minItems) ||
        (typeof maxItems === "number" && v.length > maxItems)
      ) {
        out.push(new DecodeError(path, describeSchema(node), describeValue(v)));
        return;
      }
      const items = node["items"];
      for (let i = 0; i < v.length; i++) {
        const item = Array.isArray(items)
          ? (items[i] as SchemaNode | undefined)
          : isPlainObject(items)
            ? items
            : undefined;
        if (item !== undefined) walk(item, v[i], `${path}/${i}`, out);
      }
    } else if (isPlainObject(v)) {
      const properties = (isPlainObject(node["properties"]) ? node["properties"] : {}) as Record<string, SchemaNode>;
      // An own key holding `undefined` (serde's array form read into an object, say) is missing, as in JSON.
      const present = (key: string): boolean => hasOwn(v, key) && v[key] !== undefined;
      for (const key of (node["required"] ?? []) as readonly string[]) {
        if (!present(key)) out.push(missing(node, path, key));
      }
      if (node["additionalProperties"] === false) {
        const allowed = Object.keys(properties);
        for (const key of Object.keys(v)) {
          if (!hasOwn(properties, key)) {
            out.push(
              new DecodeError(
                `${path}/${escapePointer(key)}`,
                `no key other than ${allowed.map((k) => `"${k}"`).join(", ")}`,
                `the key "${key}"`,
              ),
            );
          }
        }
      }
      for (const [key, field] of Object.entries(properties)) {
        if (present(key)) walk(field, v[key], `${path}/${escapePointer(key)}`, out);
      }
    }
  };
  walk(root, value, "", issues);
  return issues;
}

/** A JSON value's match of one JSON Schema `type` name. */
function hasType(v: unknown, type: unknown): boolean {
  switch (type) {
    case "null":
      return v === null;
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
    case "array":
      return Array.isArray(v);
    case "object":
      return isPlainObject(v);
    default:
      return false;
  }
}

/** `node`, or the definition its `$ref` names. */
function resolveRefs(root: SchemaNode, node: SchemaNode): SchemaNode {
  const ref = node["$ref"];
  return typeof ref === "string" ? resolveSchema(root, ref) : node;
}

/**
 * The refusal of a value with every problem in it: `error` stays what the
 * decoder found first (the same as without `allErrors`), `issues` lists all
 * of them in document order, that one included.
 */
function withAllIssues<T>(
  refused: DecodeResult<T> & { ok: false },
  value: unknown,
  schema: SchemaNode,
  formats: Readonly<Record<string, SchemaFormatReader>>,
  fields: readonly string[] | undefined,
): DecodeResult<T> {
  const error = refused.error;
  let issues: DecodeError[];
  try {
    if (fields !== undefined && Array.isArray(value)) {
      if (value.length !== fields.length) issues = [error];
      else {
        const asObject: Record<string, unknown> = {};
        fields.forEach((field, i) => {
          asObject[field] = value[i];
        });
        issues = collectIssues(schema, asObject, formats).map(
          (e) => new DecodeError(seqPath(e.path, fields), e.expected, e.got),
        );
      }
    } else issues = collectIssues(schema, value, formats);
  } catch {
    // A value that throws while it is read has its one error already.
    issues = [error];
  }
  if (!issues.some((e) => e.path === error.path && e.expected === error.expected)) issues.unshift(error);
  return { ok: false, error, issues };
}
