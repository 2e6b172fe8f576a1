/** Webhook bodies are a few KB; anything larger is refused before it is read whole. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * The raw body as text, or "too_large" past `maxBytes` — checked on Content-Length first, then while
 * reading (a chunked body has no length), so an oversized body is never buffered whole. For webhooks
 * verified over their raw bytes (Resend/Svix); Twilio's form bodies use `readWebhookForm`.
 */
export async function readLimitedBody(request: Request, maxBytes = MAX_WEBHOOK_BYTES): Promise<string | "too_large"> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) return "too_large";
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return "too_large";
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
