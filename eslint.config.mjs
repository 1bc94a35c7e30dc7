// ESLint for the whole repository, run by `pnpm lint:code` (and so by `pnpm test`).
// TypeScript is linted with type information (typescript-eslint's project
// service finds each file's tsconfig.json); JavaScript (scripts, bench, build
// helpers) without it.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/src/generated/**",
      "**/*.d.ts",
      "**/*.d.mts",
      "docs/**",
      "bench/rust*/**",
      "**/target/**",
      "fixtures/**",
      "examples/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      // Matching control characters is the job here: serde_json escapes them,
      // and the CLI keeps them off the terminal.
      "no-control-regex": "off",
      // An async method without await is how a synchronous driver (SQLite)
      // implements a Promise-returning interface: a throw becomes a rejection.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Tool configuration files outside every tsconfig: linted without types.
    files: ["**/vitest.config.ts", "vitest.shared.ts"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Tests read parsed JSON and child-process output, typed any by design:
    // the value-safety rules stay on for the shipped code.
    files: ["**/*.test.ts", "**/test/**/*.ts", "tests/**/*.ts", "bench/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { "@typescript-eslint/no-require-imports": "off" },
    languageOptions: { globals: { ...globals.node } },
  },
);
