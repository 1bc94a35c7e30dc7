/**
 * Building blocks shared by the `@oris/*` packages: the schema-driven decoder
 * and serde_json-exact writers. Public so that the sibling packages can use
 * them; stable within a minor version, but not meant for application code.
 *
 * @packageDocumentation
 */
export { createSchemaDecoder, describeSchema, describeValue, escapePointer, explain } from "./schemaDecoder.js";
export type { CompiledValidator, SchemaDecoderOptions, SchemaNode, ValidatorError } from "./schemaDecoder.js";
export {
  checkNotNegativeZero,
  checkWellFormed,
  writeI64,
  writeNullableString,
  writeNullableU64,
  writeString,
  writeU64,
} from "./json.js";
