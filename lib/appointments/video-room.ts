import { randomBytes } from "node:crypto";

/**
 * A join link for a new video visit under the clinic's video room base URL
 * ("https://meet.jit.si/clinica-sol" → "https://meet.jit.si/clinica-sol/luna-k3v9x2qa7m"). The room name is
 * random (not guessable from the patient or the time) and carries nothing personal. Returns null when the
 * clinic has no usable https base URL, so the caller asks staff to paste a link instead.
 */
export function generateVideoRoomUrl(baseUrl: string | null | undefined, random: (bytes: number) => Buffer = randomBytes): string | null {
  if (!baseUrl) return null;
  let base: URL;
  try {
    base = new URL(baseUrl.trim());
  } catch {
    return null;
  }
  if (base.protocol !== "https:") return null;
  const alphabet = "abcdefghijkmnopqrstuvwxyz23456789";
  const room = [...random(12)].map((b) => alphabet[b % alphabet.length]).join("");
  base.search = "";
  base.hash = "";
  base.pathname = `${base.pathname.replace(/\/+$/, "")}/luna-${room}`;
  return base.toString();
}
