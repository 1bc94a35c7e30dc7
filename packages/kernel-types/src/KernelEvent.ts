/**
 * The JSON text of one value exactly as it appeared in the input: a slice of
 * the text that was decoded, from its first character to its last (no
 * surrounding whitespace), already checked the way serde_json reads a
 * `serde_json::Value` (JSON syntax, strings of valid Unicode, numbers within
 * the range of an f64, at most 125 nested arrays or objects).
 *
 * It is a plain string; the optional brand only makes it show up by name in
 * signatures. Call `JSON.parse` on it when you need the value. (One corner:
 * serde_json 1.0.87 also accepts a number past u64::MAX with no digit after
 * its point, `100000000000000000000.`, which `JSON.parse` refuses.)
 *
 * @example
 * ```ts
 * const r = decodeKernelEventJson('{"Interrupted":{"value":{"ask":"approve?"}}}');
 * if (r.ok && typeof r.value !== "string" && "Interrupted" in r.value) {
 *   const raw: RawJson = r.value.Interrupted.value; // '{"ask":"approve?"}'
 *   JSON.parse(raw).ask; // "approve?"
 * }
 * ```
 */
export type RawJson = string & { readonly __rawJson?: never };

/**
 * The variants of the Rust runtime's kernel `Event`, in declaration order: the
 * names an Oris event log stores, and the `kind` of the trace event each one
 * becomes.
 *
 * @example
 * ```ts
 * KERNEL_EVENT_VARIANTS.includes("Completed"); // true
 * ```
 */
export const KERNEL_EVENT_VARIANTS = [
  "StateUpdated",
  "ActionRequested",
  "ActionSucceeded",
  "ActionFailed",
  "Interrupted",
  "Resumed",
  "Completed",
] as const;

/** One of {@link KERNEL_EVENT_VARIANTS}. */
export type KernelEventVariant = (typeof KERNEL_EVENT_VARIANTS)[number];

/**
 * One kernel event as an Oris event log stores it (`kernel_events.event_json`):
 * the Rust runtime's
 *
 * ```rust
 * enum Event {
 *     StateUpdated { step_id: Option<String>, payload: serde_json::Value },
 *     ActionRequested { action_id: String, payload: Value },
 *     ActionSucceeded { action_id: String, output: Value },
 *     ActionFailed { action_id: String, error: String },
 *     Interrupted { value: Value },
 *     Resumed { value: Value },
 *     Completed,
 * }
 * ```
 *
 * in serde's externally tagged form: `{"StateUpdated":{"step_id":"plan","payload":{…}}}`,
 * or the bare string `"Completed"`. The `Value` fields are kept as
 * {@link RawJson}, the text as it was stored. Read one with
 * `decodeKernelEventJson`.
 *
 * @example
 * ```ts
 * const e: KernelEvent = { ActionFailed: { action_id: "a1", error: "timeout" } };
 * kernelEventToTraceEvent(e, "run-1", 4).kind; // "ActionFailed"
 * ```
 */
export type KernelEvent =
  | { readonly StateUpdated: { readonly step_id: string | null; readonly payload: RawJson } }
  | { readonly ActionRequested: { readonly action_id: string; readonly payload: RawJson } }
  | { readonly ActionSucceeded: { readonly action_id: string; readonly output: RawJson } }
  | { readonly ActionFailed: { readonly action_id: string; readonly error: string } }
  | { readonly Interrupted: { readonly value: RawJson } }
  | { readonly Resumed: { readonly value: RawJson } }
  | "Completed";
