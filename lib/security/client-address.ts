import { isIP } from "node:net";
import { getEnv } from "@/lib/env";
import { socketAddressHeaderName } from "./socket-address";

/**
 * Who is asking, for rate limits. The client address comes from, in this order of configuration:
 * - `CLIENT_ADDRESS_HEADER` (e.g. `x-vercel-forwarded-for`, `cf-connecting-ip`, `fly-client-ip`): a
 *   header the platform's edge sets and overwrites, never the client;
 * - `TRUSTED_PROXY_HOPS=N` (N ≥ 1): N proxies of yours append to X-Forwarded-For, so the address the
 *   outermost one saw is the N-th entry from the right; entries further left are the client's own words;
 * - neither (the default): the TCP peer of this server, stamped onto the request by
 *   lib/security/socket-address.ts. X-Forwarded-For and X-Real-IP are then ignored: anyone can send them.
 */
export interface ClientAddressConfig {
  trustedProxyHops: number;
  clientAddressHeader?: string;
}

export function clientAddressConfig(): ClientAddressConfig {
  const env = getEnv();
  return { trustedProxyHops: env.TRUSTED_PROXY_HOPS ?? 0, clientAddressHeader: env.CLIENT_ADDRESS_HEADER };
}

function validAddress(value: string | undefined | null): string | null {
  if (!value) return null;
  let address = value.trim();
  // "[2001:db8::1]:443" and "203.0.113.7:443" as some proxies write them.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "");
  return isIP(address) ? address.toLowerCase() : null;
}

/** The client's address, or null when it cannot be told (then every such request shares one budget). */
export function clientAddressOf(headers: Headers, config: ClientAddressConfig = clientAddressConfig()): string | null {
  if (config.clientAddressHeader) return validAddress(headers.get(config.clientAddressHeader)?.split(",")[0]);
  if (config.trustedProxyHops > 0) {
    const entries = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length > 0) return validAddress(entries[Math.max(0, entries.length - config.trustedProxyHops)]);
  }
  const header = socketAddressHeaderName();
  return header ? validAddress(headers.get(header)) : null;
}

/** Expands an IPv6 address to its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const tail: number[] = [];
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, v4.index) + (text.slice(0, v4.index).endsWith(":") ? "" : ":");
    if (text.endsWith(":") && !text.endsWith("::")) text = text.slice(0, -1);
  }
  const [head, rest] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (part: string | undefined) =>
    part
      ? part
          .split(":")
          .filter((g) => g !== "")
          .map((g) => parseInt(g, 16))
      : [];
  const left = parse(head);
  const right = [...parse(rest), ...tail];
  if (rest === undefined) return [...left, ...tail];
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The rate-limit key of an address: an IPv4 address itself (IPv4-mapped IPv6 too), an IPv6 address
 * by its /64 (one subscriber usually holds a whole /64, so counting single addresses would let one
 * client rotate through billions of them).
 */
export function rateKeyOfAddress(address: string | null): string {
  if (!address) return "unknown";
  if (isIP(address) === 4) return address;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join(".");
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The key a request is rate-limited under. */
export function clientKeyOf(headers: Headers, config?: ClientAddressConfig): string {
  return rateKeyOfAddress(clientAddressOf(headers, config));
}
