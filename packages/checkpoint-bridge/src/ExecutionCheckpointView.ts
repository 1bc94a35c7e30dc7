/**
 * One entry of a run's checkpoint history, as the Oris execution server's
 * `graph_bridge::ExecutionCheckpointView` writes it with serde_json:
 *
 * ```json
 * {"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20.123Z"}
 * ```
 *
 * `created_at` is chrono's `DateTime<Utc>`: an RFC 3339 string, which
 * decodeExecutionCheckpointView reads with chrono's rules (see parseRfc3339)
 * and normalises to chrono's canonical UTC form, so that re-encoding gives
 * the bytes the Rust side would send.
 *
 * @example
 * ```ts
 * const view: ExecutionCheckpointView = { checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" };
 * encodeExecutionCheckpointView(view); // '{"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20Z"}'
 * ```
 */
export interface ExecutionCheckpointView {
  /** The checkpoint's id; `null` when the checkpointer gave none (missing or `null` on the wire). */
  readonly checkpoint_id: string | null;
  /** When the checkpoint was saved: RFC 3339, canonical UTC form after decoding. */
  readonly created_at: string;
}
