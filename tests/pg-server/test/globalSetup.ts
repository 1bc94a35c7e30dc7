import { fileURLToPath } from "node:url";
import { pgGlobalSetup } from "../src/vitest.js";

export default pgGlobalSetup({
  database: "oris",
  sqlFiles: [fileURLToPath(new URL("../../../fixtures/stores/postgres.sql", import.meta.url))],
});
