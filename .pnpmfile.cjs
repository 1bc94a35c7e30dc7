// better-sqlite3 (the SQLite driver of @oris/store-sqlite) builds its native
// addon with node-gyp when no prebuilt binary can be downloaded, and node-gyp
// then downloads Node's headers — unless told where they are. Where the
// running Node has its headers installed beside it (Debian's nodejs puts them
// in /usr/include/node), point node-gyp there, so that install works offline
// from the npm registry alone. Elsewhere node-gyp does what it always does.
const { existsSync } = require("node:fs");
const { dirname, join } = require("node:path");

const prefix = dirname(dirname(process.execPath));
const headers = join(prefix, "include", "node", "node_version.h");

// typescript-eslint loads TypeScript as a library, which the native compiler
// at the root (typescript 7.x, which `tsc` is) is not. Its packages, and
// ts-api-utils which it uses, get typescript@5.9 as a dependency of their own
// instead of the root's as a peer; the compiler the repository builds with
// stays 7.x.
const TYPESCRIPT_LIBRARY = "npm:typescript@5.9.3";
const needsTypescriptLibrary = (name) =>
  name === "typescript-eslint" || name.startsWith("@typescript-eslint/") || name === "ts-api-utils";

module.exports = {
  hooks: {
    readPackage(pkg) {
      if (needsTypescriptLibrary(pkg.name) && pkg.peerDependencies?.typescript) {
        delete pkg.peerDependencies.typescript;
        delete pkg.peerDependencies["@typescript/native"];
        if (pkg.peerDependenciesMeta) {
          delete pkg.peerDependenciesMeta.typescript;
          delete pkg.peerDependenciesMeta["@typescript/native"];
        }
        pkg.dependencies = { ...pkg.dependencies, typescript: TYPESCRIPT_LIBRARY };
      }
      return pkg;
    },
    updateConfig(config) {
      if (process.env.npm_config_nodedir || !existsSync(headers)) return config;
      return { ...config, extraEnv: { ...config.extraEnv, npm_config_nodedir: prefix } };
    },
  },
};
