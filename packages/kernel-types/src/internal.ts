/**
 * Building blocks shared by the `@oris/*` packages: the schema-driven decoder
 * and serde_json-exact writers. Public so that the sibling packages can use
 * them; stable within a minor version, but not meant for application code.
 *
 * @packageDocumentation
 */
export { createSchemaDecoder, describeValue } from "./schemaDecoder.js";
export type { CompiledValidator, SchemaDecoderOptions, SchemaNode, ValidatorError } from "./schemaDecoder.js";
export {
  checkNotNegativeZero,
  checkWellFormed,
  writeNullableString,
  writeNullableU64,
  writeString,
} from "./json.js";
export { tooLongForAString } from "./EncodeError.js";
