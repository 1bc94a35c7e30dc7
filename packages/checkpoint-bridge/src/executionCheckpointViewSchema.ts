import { executionCheckpointViewSchema as generated } from "./generated/executionCheckpointViewSchema.js";

/**
 * The JSON Schema (draft-07) of ExecutionCheckpointView, in the shape
 * the Rust side's schemars publishes; also shipped as
 * `@oris/checkpoint-bridge/schema/ExecutionCheckpointView.json`.
 *
 * `created_at` is `"format": "date-time"`, but a validator's date-time
 * check is not chrono's reader (chrono also takes `2023-11-14 22:13:20 UTC`
 * and refuses `2023-11-14t22:13:20z`): decodeExecutionCheckpointView gives
 * serde's verdict.
 *
 * @example
 * ```ts
 * executionCheckpointViewSchema.required; // ["created_at"]
 * executionCheckpointViewSchema.properties.created_at; // { type: "string", format: "date-time" }
 * ```
 */
export const executionCheckpointViewSchema = generated;
