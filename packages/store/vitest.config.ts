import { mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

// @oris/store has no test files of its own yet: the SQLite and PostgreSQL
// readers' conformance tests (packages/store-sqlite/test,
// packages/store-postgres/test) run it against the Rust runtime's results, and
// tests/release loads it from its tarball. Until it has some, an empty run is
// not a failure of `pnpm test`.
export default mergeConfig(sharedConfig, { test: { passWithNoTests: true } });
