/**
 * `import text from "./file.ts?inline"`: the file bundled for the browser, as
 * a string (the build's esbuild plugin makes it; see scripts/build-package.mjs).
 */
declare module "*?inline" {
  const text: string;
  export default text;
}
