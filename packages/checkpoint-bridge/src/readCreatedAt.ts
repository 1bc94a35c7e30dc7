import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { parseRfc3339 } from "./parseRfc3339.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

/**
 * The instants of a history's `created_at` values. Views that came from
 * decodeExecutionCheckpointView always read; for a hand-made one that does
 * not, throws its DecodeError rooted at `/<index>/created_at`.
 * Internal to the package.
 */
export function readCreatedAt(history: readonly ExecutionCheckpointView[]): Rfc3339Instant[] {
  return history.map((view, index) => {
    const r = parseRfc3339(view.created_at);
    if (!r.ok) throw r.error.under(`/${index}/created_at`);
    return r.value;
  });
}
