import { describe, expect, it } from "vitest";
import { readWebhookForm } from "./read-webhook-form";

const FORM = "application/x-www-form-urlencoded";

const post = (body: BodyInit, headers: Record<string, string> = { "content-type": FORM }) =>
  new Request("http://localhost/api/x", { method: "POST", body, headers });

/** A body streamed in chunks, with no Content-Length (what a chunked upload looks like). */
function streamed(chunks: number, chunkBytes: number) {
  const chunk = new TextEncoder().encode("a".repeat(chunkBytes));
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < chunks) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

describe("readWebhookForm", () => {
  it("reads a form, decoding + and percent escapes as UTF-8", async () => {
    const result = await readWebhookForm(post("Body=No+m%C3%A1s+mensajes&From=whatsapp%3A%2B5215512345678&Empty="));
    expect(result).toEqual({ ok: true, form: { Body: "No más mensajes", From: "whatsapp:+5215512345678", Empty: "" } });
  });

  it("accepts a charset parameter on the content type", async () => {
    expect((await readWebhookForm(post("a=1", { "content-type": `${FORM}; charset=utf-8` }))).ok).toBe(true);
  });

  it("refuses another content type or none", async () => {
    expect(await readWebhookForm(post('{"Body":"1"}', { "content-type": "application/json" }))).toMatchObject({ ok: false, status: 400 });
    expect(await readWebhookForm(post("a=1", {}))).toMatchObject({ ok: false, status: 400 });
  });

  it("refuses a repeated field", async () => {
    expect(await readWebhookForm(post("Body=1&Body=2"))).toMatchObject({ ok: false, status: 400, reason: "repeated_field" });
  });

  it("keeps a field named __proto__ as a field", async () => {
    const result = await readWebhookForm(post("__proto__=x&a=1"));
    expect(result.ok && Object.keys(result.form)).toEqual(["__proto__", "a"]);
  });

  it("refuses more than 64 KB by declared length, before reading", async () => {
    const request = post("a=1", { "content-type": FORM, "content-length": String(64 * 1024 + 1) });
    expect(await readWebhookForm(request)).toMatchObject({ ok: false, status: 413 });
  });

  it("refuses more than 64 KB streamed without a length, and accepts exactly 64 KB", async () => {
    const big = new Request("http://localhost/api/x", {
      method: "POST",
      body: streamed(65, 1024),
      headers: { "content-type": FORM },
      duplex: "half",
    } as RequestInit);
    expect(await readWebhookForm(big)).toMatchObject({ ok: false, status: 413 });
    const limit = new Request("http://localhost/api/x", {
      method: "POST",
      body: streamed(64, 1024),
      headers: { "content-type": FORM },
      duplex: "half",
    } as RequestInit);
    expect((await readWebhookForm(limit)).ok).toBe(true);
  });
});
