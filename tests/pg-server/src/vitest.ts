/**
 * A vitest `globalSetup` that starts one PostgreSQL server for a whole test
 * run, optionally creates a database and loads SQL files into it, and hands
 * the connection details to the test files through vitest's provide/inject.
 *
 * ```ts
 * // test/globalSetup.ts
 * import { pgGlobalSetup } from "@oris/pg-server/vitest";
 * export default pgGlobalSetup({
 *   database: "oris",
 *   sqlFiles: [fileURLToPath(new URL("../../../fixtures/stores/postgres.sql", import.meta.url))],
 * });
 *
 * // vitest.config.ts: test: { globalSetup: ["./test/globalSetup.ts"] }
 *
 * // a test file
 * import { inject } from "vitest";
 * import type {} from "@oris/pg-server/vitest"; // the type of inject("pgServer")
 * const { url } = inject("pgServer");
 * ```
 */
import type { TestProject } from "vitest/node";
import { startPgServer, type StartPgServerOptions } from "./index.js";

/** What the test files get from `inject("pgServer")`: plain data, so it crosses to the workers. */
export interface ProvidedPgServer {
  /** `postgres://oris:<password>@127.0.0.1:<port>/<database>` for the prepared database. */
  url: string;
  host: "127.0.0.1";
  port: number;
  user: string;
  password: string;
  database: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    pgServer: ProvidedPgServer;
  }
}

export interface PgGlobalSetupOptions extends StartPgServerOptions {
  /** The database to create (unless it is `postgres`) and load; default `postgres`. */
  database?: string;
  /** SQL files loaded into `database`, in order, each with {@link PgServer.psql}. */
  sqlFiles?: string[];
}

/** A vitest globalSetup function: starts the server, provides `pgServer`, and stops it at teardown. */
export function pgGlobalSetup(opts: PgGlobalSetupOptions = {}): (project: TestProject) => Promise<() => Promise<void>> {
  return async (project) => {
    const server = await startPgServer(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs });
    const database = opts.database ?? server.database;
    try {
      if (database !== server.database) await server.createDatabase(database);
      for (const file of opts.sqlFiles ?? []) await server.psql({ file, database });
    } catch (err) {
      await server.stop();
      throw err;
    }
    project.provide("pgServer", {
      url: server.url({ database }),
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database,
    });
    return () => server.stop();
  };
}
