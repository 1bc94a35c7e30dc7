import { encodeKernelObservability } from "@oris/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrisClient, isOrisApiError, OrisApiError, type OrisApiErrorKind } from "../src/index.js";
import { checkpointCases, serverEnvelopes } from "./fixtures.js";
import { closedPort, json, startLoopback, type Loopback } from "./loopback.js";

const KEY = "s3cret-key-abc";
let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(async () => {
  await server.close();
});

/** The rejection of `p`, which must be an OrisApiError of `kind`. */
async function failure(p: Promise<unknown>, kind: OrisApiErrorKind): Promise<OrisApiError> {
  const err = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(isOrisApiError(err), String(err)).toBe(true);
  const e = err as OrisApiError;
  expect(e.kind, e.message).toBe(kind);
  expect(e.message).not.toContain(KEY);
  return e;
}

const c = checkpointCases().find((x) => x.name === "seed unit test") ?? checkpointCases()[1]!;
const observability = JSON.parse(c.upstream_0_3_json) as unknown;
const envelopes = serverEnvelopes(c.run_id, c.history, observability);

describe("createOrisClient against a stand-in server on loopback", () => {
  it("GETs each endpoint with the credentials and request id as headers, and returns the decoded envelope", async () => {
    const client = createOrisClient({ baseUrl: `${server.url}/`, apiKey: KEY, apiKeyId: "key-1" });
    const routes: Record<string, unknown> = {
      "/history": envelopes.history,
      "/timeline": envelopes.timeline,
      "/timeline/export": envelopes.export,
      "/detail": envelopes.detail,
    };
    server.handle((req, res) => {
      const suffix = /^\/v1\/jobs\/[^/]+(\/.*)$/.exec(req.url ?? "")?.[1] ?? "";
      json(
        routes[suffix] === undefined ? 404 : 200,
        routes[suffix] ?? { request_id: "x", error: { code: "not_found", message: "no route", details: null } },
      )(req, res);
    });
    server.requests.length = 0;
    const h = await client.jobHistory(c.run_id, { requestId: "req-42" });
    expect(h.data.history.map((v) => v.created_at)).toEqual(c.history.map((v) => v.created_at));
    const t = await client.jobTimeline(c.run_id);
    expect(t.data.observability === null ? null : encodeKernelObservability(t.data.observability)).toBe(
      c.upstream_0_3_json,
    );
    const x = await client.exportJobTimeline(c.run_id);
    expect(x.data.history.length).toBe(c.history.length);
    const d = await client.jobDetail(c.run_id);
    expect(d.data.values).toEqual({ messages: [{ role: "user", content: "hi" }] });
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ["GET", `/v1/jobs/${c.run_id}/history`],
      ["GET", `/v1/jobs/${c.run_id}/timeline`],
      ["GET", `/v1/jobs/${c.run_id}/timeline/export`],
      ["GET", `/v1/jobs/${c.run_id}/detail`],
    ]);
    const first = server.requests[0]!.headers;
    expect([first["x-api-key"], first["x-api-key-id"], first["x-request-id"], first["accept"]]).toEqual([
      KEY,
      "key-1",
      "req-42",
      "application/json",
    ]);
    expect(server.requests[1]!.headers["x-request-id"]).toBeUndefined();
  });

  it("escapes the thread id into one path segment, and keeps a base path", async () => {
    server.handle(json(200, { ...envelopes.history, data: { thread_id: "a/b c?é", history: [] } }));
    server.requests.length = 0;
    const client = createOrisClient({ baseUrl: `${server.url}/oris/`, bearerToken: "tok" });
    const r = await client.jobHistory("a/b c?é");
    expect(r.data.thread_id).toBe("a/b c?é");
    expect(server.requests[0]?.url).toBe("/oris/v1/jobs/a%2Fb%20c%3F%C3%A9/history");
    expect(server.requests[0]?.headers["authorization"]).toBe("Bearer tok");
    expect(server.requests[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("an error envelope with 404, 401 or 500: kind http, the status, and the server's error body", async () => {
    const client = createOrisClient({ baseUrl: server.url, apiKey: KEY });
    for (const [status, code, message] of [
      [404, "not_found", `No timeline found for thread: ${c.run_id}`],
      [401, "unauthorized", "missing or invalid credentials"],
      [500, "internal", "timeline failed: database is locked"],
    ] as const) {
      server.handle(json(status, { request_id: "rid-1", error: { code, message, details: null } }));
      const e = await failure(client.jobTimeline(c.run_id), "http");
      expect(e.status).toBe(status);
      expect(e.body).toEqual({ request_id: "rid-1", error: { code, message, details: null } });
      expect(e.message).toContain(`GET ${server.url}/v1/jobs/${c.run_id}/timeline: HTTP ${status}`);
      expect(e.message).toContain(`${code}: ${message}`);
      expect(e.decodeError).toBeNull();
    }
  });

  it("a non-2xx body that is not the error envelope: kind http, body null, the text kept; no retry", async () => {
    const client = createOrisClient({ baseUrl: server.url });
    server.handle((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad Gateway</html>");
    });
    server.requests.length = 0;
    const e = await failure(client.jobHistory("r"), "http");
    expect([e.status, e.body, e.bodyText]).toEqual([502, null, "<html>Bad Gateway</html>"]);
    expect(e.message).toContain("text/html, not the server's error envelope");
    expect(server.requests.length).toBe(1);
  });

  it("a redirect is not followed (the API key goes nowhere else)", async () => {
    const other = await startLoopback();
    try {
      other.handle(json(200, envelopes.history));
      server.handle((_req, res) => {
        res.writeHead(302, { location: `${other.url}/v1/jobs/r/history` });
        res.end();
      });
      const e = await failure(createOrisClient({ baseUrl: server.url, apiKey: KEY }).jobHistory("r"), "http");
      expect(e.status).toBe(302);
      expect(e.message).toContain("redirects are not followed");
      expect(other.requests.length).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("a 200 that breaks the contract: kind decode, with the JSON pointer", async () => {
    const bad = structuredClone(envelopes.timeline) as { data: { timeline: { seq: unknown }[] } };
    bad.data.timeline[1]!.seq = "2";
    server.handle(json(200, bad));
    const e = await failure(createOrisClient({ baseUrl: server.url }).jobTimeline(c.run_id), "decode");
    expect(e.status).toBe(200);
    expect(e.decodeError?.path).toBe("/data/timeline/1/seq");
    expect(e.message).toContain("/data/timeline/1/seq: expected an integer");
  });

  it("a 200 with the wrong content type, or no JSON: kind decode at the root", async () => {
    const client = createOrisClient({ baseUrl: server.url });
    server.handle(json(200, envelopes.history, "text/plain"));
    const wrongType = await failure(client.jobHistory(c.run_id), "decode");
    expect(wrongType.decodeError?.expected).toBe("a body of content type application/json");
    expect(wrongType.message).toContain('content type "text/plain"');
    server.handle(json(200, '{"meta":', "application/json; charset=utf-8"));
    const notJson = await failure(client.jobHistory(c.run_id), "decode");
    expect([notJson.decodeError?.path, notJson.decodeError?.expected]).toEqual(["", "JSON text"]);
    server.handle(json(200, envelopes.history, "application/problem+json"));
    expect((await client.jobHistory(c.run_id)).request_id).toBe("req-history");
  });

  it("a 200 body that is not UTF-8, or starts with a byte order mark: kind decode, as serde_json refuses both", async () => {
    const client = createOrisClient({ baseUrl: server.url });
    const valid = Buffer.from(JSON.stringify(envelopes.history));
    for (const [body, expected] of [
      [
        Buffer.concat([valid.subarray(0, 20), Buffer.from([0xff, 0xfe]), valid.subarray(20)]),
        "a body of UTF-8 text, as serde_json reads",
      ],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid]), "JSON text"],
    ] as const) {
      server.handle((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
        res.end(body);
      });
      const e = await failure(client.jobHistory(c.run_id), "decode");
      expect(e.decodeError?.expected).toBe(expected);
    }
    server.handle((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(Buffer.from([0xc3, 0x28]));
    });
    const http = await failure(client.jobHistory(c.run_id), "http");
    expect([http.body, http.bodyText]).toEqual([null, null]);
    expect(http.message).toContain("text/plain, a body that is not UTF-8");
  });

  it("a body cut short (Content-Length promises more): kind network, with the status", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 5000 });
      res.write(JSON.stringify(envelopes.history).slice(0, 40));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const e = await failure(createOrisClient({ baseUrl: server.url }).jobHistory(c.run_id), "network");
    expect(e.status).toBe(200);
    expect(e.message).toContain("the response body was cut short (HTTP 200)");
  });

  it("a server that does not answer in time: kind timeout, for headers and for a slow body alike", async () => {
    const client = createOrisClient({ baseUrl: server.url, timeoutMs: 150 });
    server.handle(() => {
      // never answers
    });
    const started = Date.now();
    const silent = await failure(client.jobHistory(c.run_id), "timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(silent.message).toContain("no complete response within 150 ms");
    expect(silent.status).toBeNull();
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"meta":');
    });
    const slowBody = await failure(client.jobHistory(c.run_id, { timeoutMs: 100 }), "timeout");
    expect(slowBody.message).toContain("within 100 ms");
    expect(slowBody.status).toBe(200);
  });

  it("the caller's AbortSignal: kind aborted, before sending or mid-way", async () => {
    const client = createOrisClient({ baseUrl: server.url });
    server.requests.length = 0;
    await failure(client.jobDetail(c.run_id, { signal: AbortSignal.abort() }), "aborted");
    expect(server.requests.length).toBe(0);
    server.handle(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await failure(client.jobDetail(c.run_id, { signal: controller.signal }), "aborted");
    expect(e.message).toBe(`GET ${server.url}/v1/jobs/${c.run_id}/detail: aborted`);
  });

  it("connection refused: kind network, naming the URL and the system error, never the key", async () => {
    const port = await closedPort();
    const e = await failure(
      createOrisClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY }).jobHistory("r"),
      "network",
    );
    expect(e.message).toContain(`GET http://127.0.0.1:${port}/v1/jobs/r/history: no response: ECONNREFUSED`);
    expect(e.status).toBeNull();
  });

  it("takes any fetch of the platform's shape", async () => {
    const seen: string[] = [];
    const client = createOrisClient({
      baseUrl: "http://oris.invalid",
      fetch: async (url, init) => {
        seen.push(`${init.method} ${url}`);
        return {
          status: 200,
          statusText: "OK",
          headers: { get: (n: string) => (n === "content-type" ? "application/json" : null) },
          arrayBuffer: async () => new TextEncoder().encode(JSON.stringify(envelopes.history)).buffer,
        };
      },
    });
    expect((await client.jobHistory("r1")).data.thread_id).toBe(c.run_id);
    expect(seen).toEqual(["GET http://oris.invalid/v1/jobs/r1/history"]);
  });

  it("refuses a base URL it cannot use, and a bad time limit, at once", () => {
    expect(() => createOrisClient({ baseUrl: "localhost:8080" })).toThrow(/http: or https:/);
    expect(() => createOrisClient({ baseUrl: "not a url" })).toThrow(/not a URL/);
    expect(() => createOrisClient({ baseUrl: "http://user:pw@host" })).toThrow(/credentials/);
    expect(() => createOrisClient({ baseUrl: "http://host/?a=1" })).toThrow(/query/);
    expect(() => createOrisClient({ baseUrl: "http://host", timeoutMs: -1 })).toThrow(/milliseconds/);
  });
});
