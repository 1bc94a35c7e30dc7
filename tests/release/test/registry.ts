/**
 * The third-party packages the published packages depend on (the database
 * drivers of the store readers, `better-sqlite3` and `postgres`, and what
 * those depend on), served to npm from this machine.
 *
 * The selective installs used to run `npm install --offline` with an empty
 * cache, which proves that the tarballs need nothing from the registry. A
 * store reader does need its driver, so an offline install from an empty
 * cache cannot satisfy it. Instead of reaching the public registry, the
 * drivers' dependency closures are packed with `npm pack` from the
 * workspace's own installed copies (node_modules/.pnpm/…, the versions the
 * lockfile pinned; `npm pack` ships what the published tarball holds, so a
 * driver's build output is left out) and served by a small npm registry on
 * the loopback interface, started once by globalSetup. It knows nothing but
 * those packages: any other name is a 404, so a dependency that neither the
 * tarballs under test nor the drivers' closures satisfy — a new third-party
 * dependency, a wrong range — still fails the install, as `--offline` did.
 * Nothing leaves the machine.
 */
import { createHash } from "node:crypto";
import { cpSync, createReadStream, existsSync, readFileSync, realpathSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, relative, sep } from "node:path";
import { cleanEnv, runOk, tarballManifest } from "../../../scripts/release-packages.mjs";

/** One third-party package of the mirror, as the test files see it. */
export interface MirroredPackage {
  name: string;
  version: string;
  /** Its installed copy in the workspace (a real path under node_modules/.pnpm). */
  dir: string;
  /** The packed tarball the registry serves. */
  tarball: string;
  /** The mirrored packages it depends on (its dependencies, optional ones the workspace installed, peers), by name. */
  deps: string[];
}

/** A package's workspace manifest, enough to find its third-party dependencies. */
interface Source {
  name: string;
  dir: string;
  manifest: {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
}

/** The package `name` as Node would resolve it from `from`: the nearest node_modules/<name> up the tree. */
function resolvePackageDir(from: string, name: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return null;
  }
}

/** The third-party dependencies of `sources` (every name not in `workspace`), with their closures, from the workspace's installed copies. */
export function thirdPartyClosure(sources: Source[], workspace: Set<string>): Omit<MirroredPackage, "tarball">[] {
  const found = new Map<string, Omit<MirroredPackage, "tarball">>();
  const visit = (from: string, name: string, optional: boolean, via: string): string | null => {
    const dir = resolvePackageDir(from, name);
    if (dir === null) {
      if (optional) return null;
      throw new Error(`${via} depends on ${name}, which is not installed in the workspace: run \`pnpm install\``);
    }
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const seen = found.get(manifest.name);
    if (seen) {
      if (seen.version !== manifest.version) {
        // One version per name is all the mirror (and this check) needs today.
        throw new Error(
          `the drivers' closure holds ${manifest.name}@${seen.version} and @${manifest.version}; teach tests/release/test/registry.ts about several versions`,
        );
      }
      return manifest.name;
    }
    const entry = { name: manifest.name as string, version: manifest.version as string, dir, deps: [] as string[] };
    found.set(entry.name, entry);
    const optionalPeers = new Set(
      Object.entries<{ optional?: boolean }>(manifest.peerDependenciesMeta ?? {})
        .filter(([, m]) => m.optional)
        .map(([n]) => n),
    );
    const edges: [string, boolean][] = [
      ...Object.keys(manifest.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(manifest.peerDependencies ?? {}).map((n): [string, boolean] => [n, optionalPeers.has(n)]),
    ];
    for (const [dep, opt] of edges) {
      const got = visit(dir, dep, opt, `${entry.name}@${entry.version}`);
      if (got !== null && !entry.deps.includes(got)) entry.deps.push(got);
    }
    entry.deps.sort();
    return entry.name;
  };
  for (const s of sources) {
    const m = s.manifest;
    for (const [deps, optional] of [
      [m.dependencies, false],
      [m.optionalDependencies, true],
      [m.peerDependencies, false],
    ] as const) {
      for (const name of Object.keys(deps ?? {})) if (!workspace.has(name)) visit(s.dir, name, optional, s.name);
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Packs the closure with `npm pack` (one run, lifecycle scripts off) into
 * `dest`. Each package is packed from a plain copy of its installed directory:
 * pnpm hard-links files of equal content (postgres ships src/query.js and
 * cf/src/query.js alike), node-tar packs the second one as a hard-link entry,
 * and npm's extraction drops those.
 */
export async function packMirror(
  closure: Omit<MirroredPackage, "tarball">[],
  dest: string,
): Promise<MirroredPackage[]> {
  if (closure.length === 0) return [];
  const copies = closure.map((p) => {
    const copy = join(dest, "sources", p.name);
    cpSync(p.dir, copy, {
      recursive: true,
      filter: (src) => !relative(p.dir, src).split(sep).includes("node_modules"),
    });
    return copy;
  });
  const r = await runOk(
    "npm",
    [
      "pack",
      "--ignore-scripts",
      "--json",
      "--loglevel=error",
      "--pack-destination",
      dest,
      "--cache",
      join(dest, ".npm-cache"),
      ...copies,
    ],
    {
      cwd: dest,
      env: cleanEnv(),
    },
  );
  const reports = JSON.parse(r.stdout.slice(r.stdout.indexOf("["))) as {
    name: string;
    version: string;
    filename: string;
  }[];
  return closure.map((p) => {
    const report = reports.find((x) => x.name === p.name && x.version === p.version);
    if (!report) throw new Error(`npm pack did not pack ${p.name}@${p.version} from ${p.dir}`);
    return { ...p, tarball: join(dest, report.filename) };
  });
}

/** A running loopback registry. */
export interface Registry {
  /** Its URL, for npm's `--registry`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `packages` the way the npm registry does: a packument per name
 * (`GET /<name>`, `GET /@scope%2fname`) whose versions carry the tarball's own
 * package.json and its `dist` (URL, sha512 integrity, sha1 shasum), and the
 * tarballs (`GET /<name>/-/<file>.tgz`). Everything else is a 404.
 */
export async function startRegistry(packages: MirroredPackage[]): Promise<Registry> {
  const tarballs = new Map<string, string>();
  const packuments = new Map<string, (base: string) => unknown>();
  for (const p of packages) {
    const bytes = readFileSync(p.tarball);
    const integrity = `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
    const shasum = createHash("sha1").update(bytes).digest("hex");
    const file = `${p.name.replace(/^@[^/]+\//, "")}-${p.version}.tgz`;
    const path = `/${p.name}/-/${file}`;
    tarballs.set(path, p.tarball);
    const manifest = tarballManifest(p.tarball);
    const hasInstallScript = Boolean(
      manifest.scripts?.install || manifest.scripts?.preinstall || manifest.scripts?.postinstall,
    );
    packuments.set(p.name, (base) => ({
      name: p.name,
      "dist-tags": { latest: p.version },
      versions: {
        [p.version]: {
          ...manifest,
          _id: `${p.name}@${p.version}`,
          ...(hasInstallScript ? { hasInstallScript } : {}),
          dist: { tarball: `${base}${path}`, integrity, shasum },
        },
      },
    }));
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://registry.invalid");
    const tarball = tarballs.get(decodeURIComponent(url.pathname));
    if (req.method === "GET" && tarball) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      createReadStream(tarball).pipe(res);
      return;
    }
    const packument = packuments.get(decodeURIComponent(url.pathname.slice(1)));
    if (req.method === "GET" && packument) {
      const { port } = server.address() as AddressInfo;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(packument(`http://127.0.0.1:${port}`)));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: `not found: ${url.pathname} (the release tests' registry serves only the drivers' closures)`,
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
