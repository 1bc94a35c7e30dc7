import { mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

// The CLI's tests run the built binary (dist/bin.js) as a child process;
// turbo builds it first (turbo.json: test depends on build).
export default mergeConfig(sharedConfig, {
  // A real PostgreSQL server for the --db postgres:// tests (test/globalSetup.ts).
  test: { testTimeout: 30_000, globalSetup: ["./test/globalSetup.ts"] },
});
