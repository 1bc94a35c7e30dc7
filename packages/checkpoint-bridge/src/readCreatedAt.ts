import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { parseRfc3339 } from "./parseRfc3339.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

/**
 * The instant behind each view decodeExecutionCheckpointView has made, with
 * the `created_at` text it made from it: a decoded view's `created_at` is
 * then never parsed again (unless it was changed since).
 */
const decodedInstants = new WeakMap<object, { readonly text: string; readonly instant: Rfc3339Instant }>();

/**
 * Notes the instant a decoded view's `created_at` was made from, so that
 * {@link readCreatedAt} need not parse it again. Internal to the package.
 */
export function rememberCreatedAt(view: ExecutionCheckpointView, instant: Rfc3339Instant): void {
  decodedInstants.set(view, { text: view.created_at, instant });
}

/**
 * The instants of a history's `created_at` values, each read once: a view
 * that came from decodeExecutionCheckpointView gives the instant its decoder
 * read; any other view is parsed here. A hand-made view that chrono would
 * not read throws its DecodeError rooted at `/<index>/created_at`.
 * Internal to the package.
 */
export function readCreatedAt(history: readonly ExecutionCheckpointView[]): Rfc3339Instant[] {
  return history.map((view, index) => {
    const known = decodedInstants.get(view);
    if (known !== undefined && known.text === view.created_at) return known.instant;
    const r = parseRfc3339(view.created_at);
    if (!r.ok) throw r.error.under(`/${index}/created_at`);
    return r.value;
  });
}
