/** Twilio's webhook bodies are a few KB; anything larger is refused before it is read whole. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export type ReadFormResult =
  | { ok: true; form: Record<string, string> }
  | { ok: false; status: 400 | 413; reason: "too_large" | "not_form" | "repeated_field" };

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `maxBytes` (the declared length is checked
 * first, then the bytes actually streamed, so a missing or false Content-Length does not get past it).
 * A repeated field is refused: Twilio never repeats one, and the signature is checked over a flat map.
 */
export async function readWebhookForm(request: Request, maxBytes = MAX_WEBHOOK_BYTES): Promise<ReadFormResult> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, status: 413, reason: "too_large" };
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) return { ok: false, status: 400, reason: "not_form" };

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, status: 413, reason: "too_large" };
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }

  // No prototype: a field named "__proto__" is a field like any other.
  const form = Object.create(null) as Record<string, string>;
  for (const [key, value] of new URLSearchParams(new TextDecoder().decode(bytes))) {
    if (Object.hasOwn(form, key)) return { ok: false, status: 400, reason: "repeated_field" };
    form[key] = value;
  }
  return { ok: true, form };
}
