import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "@/lib/env";
import { getTransports, parseContentSids } from "./index";
import { createOutboxTransport } from "./outbox-transport";
import { ACCOUNT_SID, CONTENT_SID, MESSAGES_URL, MESSAGING_SERVICE_SID, emailMessage, whatsappMessage } from "./test-fixtures";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base: Env = { NODE_ENV: "test", PGLITE_DIR: ".data/pglite" };
const twilioEnv: Env = {
  ...base,
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: "token",
  TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE_SID,
  TWILIO_CONTENT_SIDS: JSON.stringify({ "reminder.in_person.es": CONTENT_SID }),
  PUBLIC_BASE_URL: "https://luna.example.mx/",
};

describe("getTransports", () => {
  it("uses the outbox for every channel when no provider keys are set, and sends nothing", async () => {
    const transports = getTransports({ ...base });
    expect(transports.whatsapp.name).toBe("outbox");
    expect(transports.sms.name).toBe("outbox");
    expect(transports.email.name).toBe("outbox");
    // onUnhandledRequest: "error" would fail on any request.
    await expect(transports.whatsapp.send(whatsappMessage())).resolves.toEqual({
      providerMessageId: `outbox_${whatsappMessage().deliveryId}`,
      status: "sent",
      simulated: true,
    });
  });

  it("uses Twilio for WhatsApp and SMS and Resend for email when their keys are set", () => {
    const transports = getTransports({ ...twilioEnv, RESEND_API_KEY: "re_123", RESEND_FROM: "Luna <avisos@luna.example.mx>" });
    expect(transports.whatsapp.name).toBe("twilio");
    expect(transports.sms.name).toBe("twilio");
    expect(transports.email.name).toBe("resend");
    expect(transports.whatsapp.findSent).toBeTypeOf("function");
  });

  it("mixes providers: Twilio configured, email still in the outbox", () => {
    const transports = getTransports({ ...twilioEnv });
    expect(transports.whatsapp.name).toBe("twilio");
    expect(transports.email.name).toBe("outbox");
  });

  it("builds once per env object", () => {
    const env = { ...base };
    expect(getTransports(env)).toBe(getTransports(env));
    expect(getTransports({ ...base })).not.toBe(getTransports(env));
  });

  it("sends with the parsed Content SID and the status webhook under PUBLIC_BASE_URL", async () => {
    const forms: URLSearchParams[] = [];
    server.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        forms.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ sid: `SM${"0".repeat(32)}`, status: "accepted" }, { status: 201 });
      }),
    );
    await getTransports({ ...twilioEnv }).whatsapp.send(whatsappMessage());
    expect(forms[0].get("ContentSid")).toBe(CONTENT_SID);
    expect(forms[0].get("StatusCallback")).toBe("https://luna.example.mx/api/webhooks/twilio/status");
  });

  it("sends no StatusCallback without PUBLIC_BASE_URL", async () => {
    const forms: URLSearchParams[] = [];
    server.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        forms.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ sid: `SM${"0".repeat(32)}`, status: "accepted" }, { status: 201 });
      }),
    );
    await getTransports({ ...twilioEnv, PUBLIC_BASE_URL: undefined }).whatsapp.send(whatsappMessage());
    expect(forms[0].has("StatusCallback")).toBe(false);
  });

  it("fails at startup when TWILIO_CONTENT_SIDS is malformed", () => {
    expect(() => getTransports({ ...twilioEnv, TWILIO_CONTENT_SIDS: "{reminder: HX1}" })).toThrow(/TWILIO_CONTENT_SIDS is not valid JSON/);
    expect(() => getTransports({ ...twilioEnv, TWILIO_CONTENT_SIDS: '{"reminder.in_person.es": "reminder"}' })).toThrow(
      /TWILIO_CONTENT_SIDS reminder\.in_person\.es: must be a Content SID/,
    );
    expect(() => getTransports({ ...twilioEnv, TWILIO_CONTENT_SIDS: `["${CONTENT_SID}"]` })).toThrow(/TWILIO_CONTENT_SIDS/);
  });

  it("fails at startup when a provider is half configured", () => {
    expect(() => getTransports({ ...base, RESEND_API_KEY: "re_123" })).toThrow(/RESEND_FROM/);
    expect(() => getTransports({ ...base, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: "token" })).toThrow(/without a sender/);
  });
});

describe("parseContentSids", () => {
  it("is empty when unset and a map when valid", () => {
    expect(parseContentSids(undefined)).toEqual({});
    expect(parseContentSids(JSON.stringify({ "reminder.video.en": CONTENT_SID }))).toEqual({ "reminder.video.en": CONTENT_SID });
  });
});

describe("outbox transport", () => {
  it("records an email as simulated", async () => {
    await expect(createOutboxTransport().send(emailMessage())).resolves.toEqual({
      providerMessageId: `outbox_${emailMessage().deliveryId}`,
      status: "sent",
      simulated: true,
    });
  });
});
