import postgres from "postgres";
import { expect, inject, test } from "vitest";
import type {} from "../src/vitest.js";
import { expectedCounts, TABLES } from "./fixture.js";

test("the globalSetup server is provided, with the fixture loaded", async () => {
  const pg = inject("pgServer");
  expect(pg.url).toBe(`postgres://oris:${pg.password}@127.0.0.1:${pg.port}/oris`);
  expect(pg.database).toBe("oris");
  const sql = postgres(pg.url, { max: 1 });
  try {
    const expected = expectedCounts();
    for (const table of TABLES) {
      const [row] = await sql`SELECT count(*)::int AS n FROM ${sql(table)}`;
      expect(row!.n, table).toBe(expected[table]);
      expect(row!.n, table).toBeGreaterThan(0);
    }
  } finally {
    await sql.end();
  }
});
