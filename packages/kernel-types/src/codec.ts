/**
 * The codec toolkit of the `@oris/*` packages, for writing a decoder or an
 * encoder of your own Oris type with the same guarantees as theirs: a
 * decoder built from the type's JSON Schema and an ajv validator compiled
 * ahead of time (`createSchemaDecoder`), which accepts what serde accepts and
 * explains every refusal with a JSON pointer; and writers that produce
 * serde_json's exact bytes (`writeString`, `writeU64`, …). Covered by semver
 * like the package's main entry point.
 *
 * @packageDocumentation
 */
export { createSchemaDecoder, describeValue } from "./schemaDecoder.js";
export type {
  CompiledValidator,
  ReaderOps,
  SchemaDecoderOptions,
  SchemaFormatReader,
  SchemaNode,
  ValidatorError,
} from "./schemaDecoder.js";
export {
  checkNotNegativeZero,
  checkWellFormed,
  writeI64,
  writeNullableString,
  writeNullableU64,
  writeString,
  writeU64,
} from "./json.js";
export { DecodeError } from "./DecodeError.js";
export type { DecodeResult } from "./DecodeError.js";
export type { DecodeOptions, SchemaDecoder, StandardSchemaV1, StandardSchemaV1Props } from "./standardSchema.js";
export { EncodeError, tooLongForAString } from "./EncodeError.js";
