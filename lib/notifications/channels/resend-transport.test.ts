import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createResendTransport } from "./resend-transport";
import { emailMessage, smsMessage } from "./test-fixtures";
import { ChannelError } from "./types";

// The real resend SDK (global fetch) makes the request; msw answers it.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const EMAILS_URL = "https://api.resend.com/emails";
const EMAIL_ID = "4ef9a417-02e9-4d39-ad75-9611e0fcc33c";
const FROM = "Clínica Luna <avisos@luna.example.mx>";

const transport = () => createResendTransport({ apiKey: "re_test_key", from: FROM });

function onSend(reply: () => Response = () => HttpResponse.json({ id: EMAIL_ID })) {
  const calls: { body: unknown; headers: Headers; url: string }[] = [];
  const record = async ({ request }: { request: Request }) => {
    calls.push({ body: await request.json(), headers: request.headers, url: request.url });
    return reply();
  };
  server.use(http.post(EMAILS_URL, record), http.post("http://resend.test/emails", record));
  return calls;
}

async function sendError(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the send to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe("Resend send", () => {
  it("posts from/to/subject/html/text and the delivery tag, with the Idempotency-Key header", async () => {
    const calls = onSend();

    const result = await transport().send(emailMessage());

    expect(result).toEqual({ providerMessageId: EMAIL_ID, status: "sent", simulated: false });
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({
      from: FROM,
      to: "ana.lopez@example.mx",
      subject: "Recordatorio de tu cita",
      html: "<p>Hola Ana, te recordamos tu cita.</p>",
      text: "Hola Ana, te recordamos tu cita.",
      tags: [{ name: "delivery_id", value: emailMessage().deliveryId }],
    });
    expect(calls[0].headers.get("idempotency-key")).toBe(`delivery/${emailMessage().deliveryId}`);
    expect(calls[0].headers.get("authorization")).toBe("Bearer re_test_key");
  });

  it("uses the configured base URL", async () => {
    const calls = onSend();
    await createResendTransport({ apiKey: "re_test_key", from: FROM, baseUrl: "http://resend.test" }).send(emailMessage());
    expect(calls[0].url).toBe("http://resend.test/emails");
  });

  it("refuses a message without email content, or for another channel, without a request", async () => {
    const calls = onSend();
    await expect(sendError(transport().send(emailMessage({ email: undefined })))).resolves.toMatchObject({
      code: "email_content_missing",
      retryable: false,
    });
    await expect(sendError(transport().send(smsMessage()))).resolves.toMatchObject({ code: "unsupported_channel" });
    expect(calls).toHaveLength(0);
  });

  it("422 validation_error is permanent with the error name as code, without the address in the message", async () => {
    onSend(() =>
      HttpResponse.json(
        { statusCode: 422, name: "validation_error", message: "Invalid `to` field: ana.lopez@example.mx" },
        { status: 422 },
      ),
    );
    const error = await sendError(transport().send(emailMessage()));
    expect(error).toMatchObject({ code: "validation_error", retryable: false });
    expect(error.message).not.toContain("ana.lopez");
  });

  it("500 is retryable", async () => {
    onSend(() => HttpResponse.json({ statusCode: 500, name: "internal_server_error", message: "boom" }, { status: 500 }));
    const error = await sendError(transport().send(emailMessage()));
    expect(error).toMatchObject({ code: "internal_server_error", retryable: true });
  });

  it("429 is retryable", async () => {
    onSend(() => HttpResponse.json({ statusCode: 429, name: "rate_limit_exceeded", message: "slow down" }, { status: 429 }));
    const error = await sendError(transport().send(emailMessage()));
    expect(error).toMatchObject({ code: "rate_limit_exceeded", retryable: true });
  });

  it("409 concurrent_idempotent_requests is retryable (the first request with this key is still running)", async () => {
    onSend(() => HttpResponse.json({ statusCode: 409, name: "concurrent_idempotent_requests", message: "in progress" }, { status: 409 }));
    const error = await sendError(transport().send(emailMessage()));
    expect(error).toMatchObject({ code: "concurrent_idempotent_requests", retryable: true });
  });

  it("a non-JSON 502 from a proxy is retryable", async () => {
    onSend(() => new HttpResponse("<html>Bad gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } }));
    const error = await sendError(transport().send(emailMessage()));
    expect(error).toMatchObject({ code: "application_error", retryable: true });
  });

  it("a network failure (returned by the SDK, not thrown) is retryable as network", async () => {
    onSend(() => HttpResponse.error());
    const error = await sendError(transport().send(emailMessage()));
    expect(error).toMatchObject({ code: "network", retryable: true });
  });
});
