import type { ResolvedSecureLink, SecureLinkPurpose } from "./secure-links";

/** Purposes that have a patient page at /l/<token> (app/l/[token]/page.tsx keeps one view for each). */
export const LINK_PAGE_PURPOSES = [
  "lab_result",
  "prescription",
  "form",
  "care_plan",
  "payment",
] as const satisfies readonly SecureLinkPurpose[];
export type LinkPagePurpose = (typeof LINK_PAGE_PURPOSES)[number];

const WITH_PAGE: ReadonlySet<SecureLinkPurpose> = new Set(LINK_PAGE_PURPOSES);

/**
 * The HTTP status a link page answers with, decided before the page renders (proxy.ts), so the status
 * line is right from the first byte: 200 for a link that opens, 404 for an unknown (or malformed) token
 * and for a purpose without a page, 410 Gone for an expired or revoked link.
 */
export function linkPageStatus(resolved: ResolvedSecureLink): 200 | 404 | 410 {
  switch (resolved.status) {
    case "ok":
      return WITH_PAGE.has(resolved.link.purpose) ? 200 : 404;
    case "expired":
    case "revoked":
      return 410;
    case "not_found":
      return 404;
  }
}

/**
 * The token of a link URL, from its raw (still percent-encoded) path: `/l/<token>` is the page,
 * `/l/<token>/file` the document. `malformed` when the path cannot be decoded (`/l/%E0%A4%A`), which
 * Next.js would otherwise answer with a 500.
 */
export function parseLinkPath(rawPathname: string): { kind: "page" | "file"; token: string } | { kind: "other" } | { kind: "malformed" } {
  const match = /^\/l\/([^/]+)(\/file)?\/?$/.exec(rawPathname);
  let decoded: string;
  try {
    decoded = decodeURIComponent(match ? match[1] : rawPathname);
  } catch {
    return { kind: "malformed" };
  }
  if (!match) return { kind: "other" };
  return { kind: match[2] ? "file" : "page", token: decoded };
}
