/** Renders the generated files of one package: path (relative to the package) → content. */
export function renderPackage(pkgDir: string): Map<string, string>;
/** The decoder's schema: the published one with the integer policy's bounds made explicit. */
export function decoderSchema(schema: object): object;
/** ajv standalone code for a schema, compiled as the packages ship it. */
export function compileStandalone(schema: object): string;
/** The field names of a struct schema, in the order of its `properties`; `null` for a schema that is not a struct. */
export function structFields(schema: object): string[] | null;
/** JavaScript source of the reading plan of a decoder's schema, compiled ahead of time: `function read(data, ops)`. */
export function compileReader(schema: object): string;
