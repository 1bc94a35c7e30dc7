const STORE_ERROR_BRAND = Symbol.for("@oris/store/StoreError");

/**
 * What went wrong with a database as a whole (not with one run's rows):
 *
 * - `not-found`: no such file, database or schema;
 * - `not-a-database`: the file is not a SQLite database, or has no Oris table;
 * - `missing-table`: a table the reading needs is not there;
 * - `corrupt`: the database file is damaged;
 * - `busy`: the database stayed locked by a writer past the busy timeout;
 * - `unreachable`: the database server did not answer (refused, timed out);
 * - `denied`: the server refused the credentials, or the file's permissions forbid reading;
 * - `bad-option`: an option that cannot be used (a schema name that is not `[A-Za-z0-9_]+`, a URL that does not parse);
 * - `io`: any other failure while reading.
 *
 * Messages never hold credentials.
 *
 * @example
 * ```ts
 * try { await openPostgresStore(url); } catch (err) { if (isStoreError(err) && err.kind === "unreachable") retryLater(); }
 * ```
 */
export type StoreErrorKind =
  | "not-found"
  | "not-a-database"
  | "missing-table"
  | "corrupt"
  | "busy"
  | "unreachable"
  | "denied"
  | "bad-option"
  | "io";

/**
 * An error about the database as a whole, with a {@link StoreErrorKind} and a
 * message that says where and what to do.
 *
 * @example
 * ```ts
 * throw new StoreError("busy", "oris.sqlite3: the database stayed locked for 5000 ms; try again");
 * ```
 */
export class StoreError extends Error {
  /** Always `"StoreError"`. */
  override readonly name = "StoreError";
  /** Always `"ORIS_STORE_ERROR"`. */
  readonly code = "ORIS_STORE_ERROR";
  /** What kind of failure. */
  readonly kind: StoreErrorKind;

  constructor(kind: StoreErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    Object.defineProperty(this, STORE_ERROR_BRAND, { value: true });
  }
}

/**
 * True for a {@link StoreError} from any copy of this package (ESM or CJS build).
 *
 * @example
 * ```ts
 * if (isStoreError(err)) console.error(err.kind, err.message);
 * ```
 */
export function isStoreError(value: unknown): value is StoreError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[STORE_ERROR_BRAND] === true;
}
