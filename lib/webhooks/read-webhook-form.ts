import { MAX_WEBHOOK_BYTES, readLimitedBody } from "./read-limited-body";

export { MAX_WEBHOOK_BYTES };

export type ReadFormResult =
  { ok: true; form: Record<string, string> } | { ok: false; status: 400 | 413; reason: "too_large" | "not_form" | "repeated_field" };

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `maxBytes` (see readLimitedBody).
 * A repeated field is refused: Twilio never repeats one, and the signature is checked over a flat map.
 */
export async function readWebhookForm(request: Request, maxBytes = MAX_WEBHOOK_BYTES): Promise<ReadFormResult> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, status: 413, reason: "too_large" };
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) return { ok: false, status: 400, reason: "not_form" };
  const body = await readLimitedBody(request, maxBytes);
  if (body === "too_large") return { ok: false, status: 413, reason: "too_large" };

  // No prototype: a field named "__proto__" is a field like any other.
  const form = Object.create(null) as Record<string, string>;
  for (const [key, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(form, key)) return { ok: false, status: 400, reason: "repeated_field" };
    form[key] = value;
  }
  return { ok: true, form };
}
