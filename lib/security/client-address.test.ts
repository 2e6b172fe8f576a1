import { afterEach, describe, expect, it } from "vitest";
import { clientAddressOf, clientKeyOf, rateKeyOfAddress } from "./client-address";

const shared = globalThis as unknown as { __lunaSocketAddressHeader?: string };
afterEach(() => {
  delete shared.__lunaSocketAddressHeader;
});

const PEER = "x-luna-peer-test";
function withPeer(peer: string | null, extra: Record<string, string> = {}) {
  shared.__lunaSocketAddressHeader = PEER;
  return new Headers({ ...(peer ? { [PEER]: peer } : {}), ...extra });
}

describe("client address", () => {
  it("with no proxy configured, is the socket's peer: X-Forwarded-For and X-Real-IP are the client's own words", () => {
    const headers = withPeer("198.51.100.9", { "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8" });
    expect(clientAddressOf(headers, { trustedProxyHops: 0 })).toBe("198.51.100.9");
    expect(clientKeyOf(headers, { trustedProxyHops: 0 })).toBe("198.51.100.9");
  });

  it("without the socket stamp (it was never installed), is unknown — never a forwarded header", () => {
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "203.0.113.7" }), { trustedProxyHops: 0 })).toBeNull();
    expect(clientKeyOf(new Headers({ "x-forwarded-for": "203.0.113.7" }), { trustedProxyHops: 0 })).toBe("unknown");
    // A client sending a header that looks like the stamp is not believed: the real name is random per process.
    shared.__lunaSocketAddressHeader = "x-luna-peer-0123abcd";
    expect(clientAddressOf(new Headers({ "x-luna-peer-test": "203.0.113.7" }), { trustedProxyHops: 0 })).toBeNull();
  });

  it("behind N trusted proxies, is the N-th X-Forwarded-For entry from the right", () => {
    const headers = withPeer("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.1" });
    expect(clientAddressOf(headers, { trustedProxyHops: 1 })).toBe("10.0.0.1");
    expect(clientAddressOf(headers, { trustedProxyHops: 2 })).toBe("203.0.113.7");
    // Fewer entries than hops: the leftmost is all there is.
    expect(clientAddressOf(headers, { trustedProxyHops: 5 })).toBe("6.6.6.6");
    // No header at all: the socket.
    expect(clientAddressOf(withPeer("10.0.0.2"), { trustedProxyHops: 1 })).toBe("10.0.0.2");
    // Garbage where an address should be.
    expect(clientAddressOf(withPeer("10.0.0.2", { "x-forwarded-for": "hello" }), { trustedProxyHops: 1 })).toBeNull();
  });

  it("from a platform header when one is configured", () => {
    const headers = withPeer("10.0.0.2", { "x-vercel-forwarded-for": "203.0.113.7, 10.1.1.1", "x-forwarded-for": "6.6.6.6" });
    expect(clientAddressOf(headers, { trustedProxyHops: 0, clientAddressHeader: "x-vercel-forwarded-for" })).toBe("203.0.113.7");
    expect(clientAddressOf(withPeer("10.0.0.2"), { trustedProxyHops: 0, clientAddressHeader: "cf-connecting-ip" })).toBeNull();
  });

  it("reads ports, brackets and zone ids off", () => {
    expect(clientAddressOf(withPeer("[2001:db8::1]:443"), { trustedProxyHops: 0 })).toBe("2001:db8::1");
    expect(clientAddressOf(withPeer("203.0.113.7:5000"), { trustedProxyHops: 0 })).toBe("203.0.113.7");
    expect(clientAddressOf(withPeer("fe80::1%eth0"), { trustedProxyHops: 0 })).toBe("fe80::1");
  });
});

describe("rate key of an address", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::ffff:cb00:7107", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["2001:db8:1:2::", "2001:db8:1:2::/64"],
    ["64:ff9b::192.0.2.33", "64:ff9b:0:0::/64"],
    [null, "unknown"],
  ] as const)("%s → %s", (address, key) => {
    expect(rateKeyOfAddress(address)).toBe(key);
  });
});
