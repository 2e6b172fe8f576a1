import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CONTENT_SID,
  MESSAGES_URL,
  MESSAGING_SERVICE_SID,
  STATUS_CALLBACK,
  smsMessage,
  whatsappMessage,
} from "./test-fixtures";
import { createTwilioTransport, type TwilioTransportOptions } from "./twilio-transport";
import { ChannelError } from "./types";

// The real twilio SDK makes the requests; msw answers them. Anything unmocked fails the test, so no
// test can reach api.twilio.com.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SID = `SM${"c".repeat(32)}`;

function transport(overrides: Partial<TwilioTransportOptions> = {}) {
  return createTwilioTransport({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    messagingServiceSid: MESSAGING_SERVICE_SID,
    contentSids: { "reminder.in_person.es": CONTENT_SID },
    statusCallbackUrl: STATUS_CALLBACK,
    ...overrides,
  });
}

interface Captured {
  form: URLSearchParams;
  headers: Headers;
}

/** Answers the create call (201 JSON by default; HttpResponse.json sets Content-Length for axios). */
function onCreate(reply: () => Response = () => HttpResponse.json({ sid: SID, status: "accepted" }, { status: 201 })) {
  const calls: Captured[] = [];
  server.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      calls.push({ form: new URLSearchParams(await request.text()), headers: request.headers });
      return reply();
    }),
  );
  return calls;
}

function twilioError(status: number, code?: number, message = "error") {
  return () =>
    HttpResponse.json(
      code === undefined ? { message } : { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
      { status },
    );
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

describe("Twilio WhatsApp send", () => {
  it("posts exactly To, MessagingServiceSid, ContentSid, ContentVariables (a JSON string) and StatusCallback", async () => {
    const calls = onCreate();

    const result = await transport().send(whatsappMessage());

    expect(result).toEqual({ providerMessageId: SID, status: "queued", simulated: false });
    expect(calls).toHaveLength(1);
    const { form, headers } = calls[0];
    expect([...form.keys()].sort()).toEqual(["ContentSid", "ContentVariables", "MessagingServiceSid", "StatusCallback", "To"]);
    expect(form.get("To")).toBe("whatsapp:+525512345678");
    expect(form.get("MessagingServiceSid")).toBe(MESSAGING_SERVICE_SID);
    expect(form.get("ContentSid")).toBe(CONTENT_SID);
    expect(JSON.parse(form.get("ContentVariables")!)).toEqual({ "1": "Ana", "2": "12/05 a las 10:30", "3": "Clínica Luna" });
    expect(form.get("StatusCallback")).toBe(STATUS_CALLBACK);
    expect(form.has("Body")).toBe(false);
    expect(headers.get("content-type")).toContain("application/x-www-form-urlencoded");
    expect(headers.get("authorization")).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`);
  });

  it("sends from a whatsapp: sender when there is no Messaging Service, adding the prefix if missing", async () => {
    const calls = onCreate(() => HttpResponse.json({ sid: SID, status: "queued" }, { status: 201 }));

    await transport({ messagingServiceSid: undefined, whatsappFrom: "+525598765432", statusCallbackUrl: undefined }).send(
      whatsappMessage(),
    );

    const { form } = calls[0];
    expect([...form.keys()].sort()).toEqual(["ContentSid", "ContentVariables", "From", "To"]);
    expect(form.get("From")).toBe("whatsapp:+525598765432");
    expect(form.get("To")).toBe("whatsapp:+525512345678");
  });

  it("maps Twilio's first status: sent → sent", async () => {
    onCreate(() => HttpResponse.json({ sid: SID, status: "sent" }, { status: 201 }));
    await expect(transport().send(whatsappMessage())).resolves.toMatchObject({ status: "sent" });
  });

  it("fails with template_not_configured, not retryable, and makes no request when the template has no Content SID", async () => {
    const calls = onCreate();

    const error = await sendError(transport().send(whatsappMessage({ templateKey: "cancellation.video.en" })));

    expect(error.code).toBe("template_not_configured");
    expect(error.retryable).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it("fails with sender_not_configured and makes no request when there is neither a service nor a From", async () => {
    const calls = onCreate();
    const error = await sendError(transport({ messagingServiceSid: undefined }).send(whatsappMessage()));
    expect(error).toMatchObject({ code: "sender_not_configured", retryable: false });
    expect(calls).toHaveLength(0);
  });

  it.each([63003, 63024])("treats %i as unreachable on WhatsApp, not retryable", async (code) => {
    onCreate(twilioError(400, code));
    const error = await sendError(transport().send(whatsappMessage()));
    expect(error).toMatchObject({ code: String(code), retryable: false });
    expect(error.options.unreachable).toBe(true);
    expect(error.options.optOut).toBeFalsy();
  });

  it("treats 63014 (blocked by the user) as an opt-out", async () => {
    onCreate(twilioError(400, 63014));
    const error = await sendError(transport().send(whatsappMessage()));
    expect(error).toMatchObject({ code: "63014", retryable: false, options: { optOut: true } });
  });

  it("does not mark the address unreachable for an SMS-only code on WhatsApp (21211 is permanent there)", async () => {
    onCreate(twilioError(400, 21211));
    const error = await sendError(transport().send(whatsappMessage()));
    expect(error).toMatchObject({ code: "21211", retryable: false });
    expect(error.options.unreachable).toBeFalsy();
  });
});

describe("Twilio SMS send", () => {
  it("posts To (E.164, no prefix), Body, the sender and StatusCallback — no ContentSid", async () => {
    const calls = onCreate(() => HttpResponse.json({ sid: SID, status: "queued" }, { status: 201 }));

    const result = await transport({ messagingServiceSid: undefined, smsFrom: "+525511112222" }).send(smsMessage());

    expect(result).toEqual({ providerMessageId: SID, status: "queued", simulated: false });
    const { form } = calls[0];
    expect([...form.keys()].sort()).toEqual(["Body", "From", "StatusCallback", "To"]);
    expect(form.get("To")).toBe("+525512345678");
    expect(form.get("From")).toBe("+525511112222");
    expect(form.get("Body")).toBe(smsMessage().text);
    expect(form.get("StatusCallback")).toBe(STATUS_CALLBACK);
  });

  it("uses the Messaging Service for SMS when one is configured", async () => {
    const calls = onCreate();
    await transport().send(smsMessage());
    expect([...calls[0].form.keys()].sort()).toEqual(["Body", "MessagingServiceSid", "StatusCallback", "To"]);
    expect(calls[0].form.get("To")).toBe("+525512345678");
  });

  it("treats 21211 (invalid To) as unreachable, not retryable, without the number in the message", async () => {
    onCreate(twilioError(400, 21211, "The 'To' number +525512345678 is not a valid phone number."));
    const error = await sendError(transport().send(smsMessage()));
    expect(error).toMatchObject({ code: "21211", retryable: false, options: { unreachable: true } });
    expect(error.message).not.toContain("5512345678");
  });

  it("treats 21614 (landline) as unreachable", async () => {
    onCreate(twilioError(400, 21614));
    const error = await sendError(transport().send(smsMessage()));
    expect(error).toMatchObject({ code: "21614", retryable: false, options: { unreachable: true } });
  });

  it("treats 21610 (replied STOP) as an opt-out, not retryable", async () => {
    onCreate(twilioError(400, 21610, "Attempt to send to unsubscribed recipient"));
    const error = await sendError(transport().send(smsMessage()));
    expect(error).toMatchObject({ code: "21610", retryable: false, options: { optOut: true } });
    expect(error.options.unreachable).toBeFalsy();
  });

  it("keeps any other 4xx permanent with Twilio's code (21408 geo permissions)", async () => {
    onCreate(twilioError(400, 21408));
    const error = await sendError(transport().send(smsMessage()));
    expect(error).toMatchObject({ code: "21408", retryable: false });
    expect(error.options.optOut).toBeFalsy();
    expect(error.options.unreachable).toBeFalsy();
  });
});

describe("Twilio failures that are worth another try", () => {
  it("429 is retryable with Twilio's code, and the SDK does not retry it by itself", async () => {
    const calls = onCreate(twilioError(429, 20429, "Too Many Requests"));
    const error = await sendError(transport().send(whatsappMessage()));
    expect(error).toMatchObject({ code: "20429", retryable: true });
    expect(calls).toHaveLength(1);
  });

  it("503 without a Twilio code is retryable as http_503", async () => {
    onCreate(twilioError(503));
    const error = await sendError(transport().send(smsMessage()));
    expect(error).toMatchObject({ code: "http_503", retryable: true });
  });

  it("a network failure is retryable as network", async () => {
    onCreate(() => HttpResponse.error());
    const error = await sendError(transport().send(whatsappMessage()));
    expect(error).toMatchObject({ code: "network", retryable: true });
  });
});

describe("Twilio findSent (crash recovery)", () => {
  const since = new Date("2026-03-01T10:00:00Z");

  function onList(messages: object[]) {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(MESSAGES_URL, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          messages,
          first_page_uri: "/2010-04-01/Accounts/x/Messages.json?PageSize=20&Page=0",
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: 20,
          start: 0,
          end: messages.length,
          uri: "/2010-04-01/Accounts/x/Messages.json?PageSize=20&Page=0",
        });
      }),
    );
    return queries;
  }

  function listed(overrides: Record<string, unknown> = {}) {
    return {
      sid: SID,
      account_sid: ACCOUNT_SID,
      to: "whatsapp:+525512345678",
      from: "whatsapp:+525598765432",
      body: whatsappMessage().text,
      status: "delivered",
      direction: "outbound-api",
      error_code: null,
      date_created: "Sun, 01 Mar 2026 10:00:03 +0000",
      date_sent: "Sun, 01 Mar 2026 10:00:04 +0000",
      date_updated: "Sun, 01 Mar 2026 10:00:09 +0000",
      ...overrides,
    };
  }

  it("asks for the newest messages to the address and returns the one with this text created since the attempt began", async () => {
    const queries = onList([listed()]);

    const found = await transport().findSent(whatsappMessage(), since);

    expect(found).toEqual({
      providerMessageId: SID,
      status: "sent",
      simulated: false,
      providerStatus: "delivered",
      providerErrorCode: null,
    });
    expect(queries).toHaveLength(1);
    expect(queries[0].get("To")).toBe("whatsapp:+525512345678");
    // No DateSent> filter: a message Twilio accepted a moment ago is still queued with no date_sent,
    // and that filter would hide it; the time is checked on date_created instead.
    expect(queries[0].has("DateSent>")).toBe(false);
    expect(queries[0].get("PageSize")).toBe("20");
  });

  it("returns null when Twilio lists nothing", async () => {
    onList([]);
    await expect(transport().findSent(whatsappMessage(), since)).resolves.toBeNull();
  });

  it("ignores another delivery's message, a message from before `since`, and an inbound one", async () => {
    onList([
      listed({ sid: `SM${"d".repeat(32)}`, body: "Hola Ana, tu cita del 12/05 fue cancelada." }),
      listed({ sid: `SM${"e".repeat(32)}`, date_created: "Sun, 01 Mar 2026 08:00:00 +0000", date_sent: "Sun, 01 Mar 2026 08:00:01 +0000" }),
      listed({ sid: `SM${"f".repeat(32)}`, direction: "inbound" }),
    ]);
    await expect(transport().findSent(whatsappMessage(), since)).resolves.toBeNull();
  });

  it("does not guess when Twilio stored no body (Messaging Service + ContentSid)", async () => {
    onList([listed({ body: "" })]);
    await expect(transport().findSent(whatsappMessage(), since)).resolves.toBeNull();
  });

  it("returns the newest match, queued when Twilio has not sent it yet, with a failed one's error code", async () => {
    onList([
      listed({ sid: `SM${"1".repeat(32)}`, status: "queued", date_sent: null, date_created: "Sun, 01 Mar 2026 10:05:00 +0000" }),
      listed({ sid: `SM${"2".repeat(32)}`, status: "failed", error_code: 63024 }),
    ]);
    await expect(transport().findSent(whatsappMessage(), since)).resolves.toMatchObject({
      providerMessageId: `SM${"1".repeat(32)}`,
      status: "queued",
    });

    onList([listed({ status: "undelivered", error_code: 63024 })]);
    await expect(transport().findSent(whatsappMessage(), since)).resolves.toMatchObject({
      providerStatus: "undelivered",
      providerErrorCode: "63024",
    });
  });

  it("looks an SMS up by its E.164 number and body", async () => {
    const queries = onList([listed({ to: "+525512345678", from: "+525511112222", body: smsMessage().text })]);
    await expect(transport().findSent(smsMessage(), since)).resolves.toMatchObject({ providerMessageId: SID });
    expect(queries[0].get("To")).toBe("+525512345678");
  });

  it("maps a failing lookup like a failing send (503 → retryable)", async () => {
    server.use(http.get(MESSAGES_URL, twilioError(503)));
    const error = await sendError(transport().findSent(whatsappMessage(), since));
    expect(error).toMatchObject({ code: "http_503", retryable: true });
  });
});

describe("Twilio fetchStatus (reconciliation)", () => {
  const messageUrl = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${SID}.json`;

  it("returns Twilio's status and error code", async () => {
    server.use(http.get(messageUrl, () => HttpResponse.json({ sid: SID, status: "undelivered", error_code: 63024 })));
    await expect(transport().fetchStatus(SID)).resolves.toEqual({ sid: SID, status: "undelivered", errorCode: "63024" });
  });

  it("returns a null error code for a delivered message", async () => {
    server.use(http.get(messageUrl, () => HttpResponse.json({ sid: SID, status: "delivered", error_code: null })));
    await expect(transport().fetchStatus(SID)).resolves.toEqual({ sid: SID, status: "delivered", errorCode: null });
  });

  it("a missing message is a permanent error with Twilio's code", async () => {
    server.use(http.get(messageUrl, twilioError(404, 20404, "The requested resource was not found")));
    const error = await sendError(transport().fetchStatus(SID));
    expect(error).toMatchObject({ code: "20404", retryable: false });
  });
});
