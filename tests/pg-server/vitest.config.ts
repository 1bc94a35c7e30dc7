import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // One server for inject.test.ts, loaded with the store fixture (test/globalSetup.ts).
      globalSetup: ["./test/globalSetup.ts"],
    },
  }),
);
