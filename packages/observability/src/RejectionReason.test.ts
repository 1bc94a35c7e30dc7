import { describe, expect, it } from "vitest";
import {
  encodeRejectionReason,
  matchRejectionReason,
  REJECTION_REASON_KINDS,
  RejectionReason,
  rejectionReasonKind,
} from "./index.js";

describe("RejectionReason", () => {
  it("mirrors the Rust constructors", () => {
    // rejection_reason_tenant_limit in the seed's tests
    expect(RejectionReason.tenantLimit("max concurrent runs")).toStrictEqual({ TenantLimit: "max concurrent runs" });
    expect(RejectionReason.capacityLimit("circuit breaker open")).toStrictEqual({
      CapacityLimit: "circuit breaker open",
    });
    expect(RejectionReason.tenantLimit()).toStrictEqual({ TenantLimit: null });
    expect(RejectionReason.capacityLimit(null)).toStrictEqual({ CapacityLimit: null });
    expect(RejectionReason.other("policy")).toStrictEqual({ Other: "policy" });
  });
  it("encodes in serde's externally tagged form", () => {
    expect(encodeRejectionReason(RejectionReason.tenantLimit())).toBe('{"TenantLimit":null}');
    expect(encodeRejectionReason(RejectionReason.capacityLimit("circuit breaker open"))).toBe(
      '{"CapacityLimit":"circuit breaker open"}',
    );
    expect(encodeRejectionReason(RejectionReason.other('a "quoted"\n'))).toBe('{"Other":"a \\"quoted\\"\\n"}');
  });
  it("dispatches to the handler of its variant", () => {
    const handlers = {
      TenantLimit: (d: string | null) => `tenant:${d}`,
      CapacityLimit: (d: string | null) => `capacity:${d}`,
      Other: (d: string) => `other:${d}`,
    };
    expect(
      [RejectionReason.tenantLimit("t"), RejectionReason.capacityLimit(), RejectionReason.other("o")].map((r) =>
        matchRejectionReason(r, handlers),
      ),
    ).toEqual(["tenant:t", "capacity:null", "other:o"]);
    expect(
      [RejectionReason.tenantLimit(), RejectionReason.capacityLimit(), RejectionReason.other("")].map(
        rejectionReasonKind,
      ),
    ).toEqual([...REJECTION_REASON_KINDS]);
  });
});
