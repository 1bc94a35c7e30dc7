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

module.exports = {
  hooks: {
    updateConfig(config) {
      if (process.env.npm_config_nodedir || !existsSync(headers)) return config;
      return { ...config, extraEnv: { ...config.extraEnv, npm_config_nodedir: prefix } };
    },
  },
};
