import { defineConfig } from "vitest/config";

/**
 * The README snippets run against the built packages (dist/), as a reader
 * who installed them would: no `@oris/source` condition here. turbo builds
 * every package first (turbo.json: test depends on ^build).
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
