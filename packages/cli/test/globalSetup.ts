import { pgGlobalSetup } from "@oris/pg-server/vitest";
import { STORE_FIXTURES } from "../../../fixtures/stores.js";

// A real PostgreSQL server on loopback for this test run, with the fixture
// database loaded (postgres.sql, the runs marked in_postgres).
export default pgGlobalSetup({ database: "oris", sqlFiles: [STORE_FIXTURES.postgresSql] });
