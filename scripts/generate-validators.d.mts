/** Renders the generated files of one package: path (relative to the package) → content. */
export function renderPackage(pkgDir: string): Map<string, string>;
/** The decoder's schema: the published one with the integer policy's bounds made explicit. */
export function decoderSchema(schema: object): object;
/** ajv standalone code for a schema, compiled as the packages ship it. */
export function compileStandalone(schema: object): string;
