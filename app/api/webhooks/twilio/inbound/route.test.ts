import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { setDatabaseForTesting, type Database } from "@/db/client";
import { appointments, deliveries, inboundMessages, patients } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { uniqueMxPhone } from "@/db/testing/factories";
import { resetEnvCache } from "@/lib/env";
import { REPLY_AT, messageSid, replyScenario, waIdOf, whatsappFrom } from "@/lib/inbound/test-fixtures";
import { DELETE, GET, POST, PUT } from "./route";
import { log } from "@/lib/log";

const TOKEN = "test-auth-token-0123456789abcdef";
const PUBLIC_BASE_URL = "https://luna.example.mx";
const PATH = "/api/webhooks/twilio/inbound";
/** What the app sees behind the TLS-terminating proxy; Twilio signed the public URL. */
const INTERNAL_URL = `http://localhost:3000${PATH}`;
const PUBLIC_URL = `${PUBLIC_BASE_URL}${PATH}`;

const ENV_KEYS = ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "INNGEST_EVENT_KEY", "INNGEST_DEV"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  setDatabaseForTesting(database);
});
afterAll(async () => {
  setDatabaseForTesting(undefined);
  await database.close();
});

let logs: string[];
beforeEach(() => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  process.env.PUBLIC_BASE_URL = PUBLIC_BASE_URL;
  // The embedded scheduler (no driver started in tests): notifying is a no-op.
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  resetEnvCache();
  // The route reads the clock: replies arrive an hour after the fixtures' bookings, whatever today is.
  vi.useFakeTimers({ toFake: ["Date"], now: REPLY_AT });
  logs = [];
  for (const level of ["info", "warn", "error", "debug"] as const) {
    vi.spyOn(log, level).mockImplementation(((...args: unknown[]) => {
      logs.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    }) as never);
  }
});
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  resetEnvCache();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

type Params = Record<string, string>;

/** Twilio's incoming-message webhook: what it posts for a WhatsApp or SMS reply. */
function twilioParams(params: { from: string; body: string; sid?: string } & Params): Params {
  const { from, body, sid, ...rest } = params;
  const whatsapp = from.startsWith("whatsapp:");
  return {
    MessageSid: sid ?? messageSid(),
    SmsMessageSid: sid ?? "SM0",
    AccountSid: `AC${"0".repeat(32)}`,
    MessagingServiceSid: `MG${"0".repeat(32)}`,
    From: from,
    To: whatsapp ? "whatsapp:+525500000000" : "+525500000000",
    Body: body,
    NumMedia: "0",
    NumSegments: "1",
    ApiVersion: "2010-04-01",
    ...(whatsapp ? { WaId: from.replace(/^whatsapp:\+/, ""), ProfileName: "María" } : {}),
    ...rest,
  };
}

function post(params: {
  form: Params;
  signature?: string | null;
  signedUrl?: string;
  signedForm?: Params;
  requestUrl?: string;
  token?: string;
}) {
  const signature =
    params.signature === undefined
      ? getExpectedTwilioSignature(params.token ?? TOKEN, params.signedUrl ?? PUBLIC_URL, params.signedForm ?? params.form)
      : params.signature;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return POST(
    new Request(params.requestUrl ?? INTERNAL_URL, { method: "POST", headers, body: new URLSearchParams(params.form).toString() }),
  );
}

/** The rows a reply could change, to check that a refused request changed nothing. */
async function snapshot(patientIds: string[]) {
  const rows = await Promise.all([
    database.db.select().from(patients).where(inArray(patients.id, patientIds)),
    database.db.select().from(appointments).where(inArray(appointments.patientId, patientIds)),
    database.db.select().from(deliveries).where(inArray(deliveries.patientId, patientIds)),
    database.db.select().from(inboundMessages).where(inArray(inboundMessages.patientId, patientIds)),
  ]);
  return rows.map((r) => [...r].sort((a, b) => a.id.localeCompare(b.id)));
}

describe("POST /api/webhooks/twilio/inbound: signature", () => {
  it("accepts a request signed for the public URL and answers with empty TwiML", async () => {
    const s = await replyScenario(database.db);
    const response = await post({ form: twilioParams({ from: whatsappFrom(s.patientA.phone), body: "BAJA" }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml");
    expect(await response.text()).toBe("<Response/>");
    expect((await database.db.select().from(patients).where(eq(patients.id, s.patientA.id)))[0].whatsappOptOutSource).toBe("patient_reply");
  });

  it("accepts the query string Twilio was given, signed with it", async () => {
    const s = await replyScenario(database.db);
    const query = "?source=whatsapp&v=1";
    const response = await post({
      form: twilioParams({ from: s.patientA.phone, body: "hola" }),
      signedUrl: `${PUBLIC_URL}${query}`,
      requestUrl: `${INTERNAL_URL}${query}`,
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ["a missing signature", { signature: null }],
    ["an empty signature", { signature: "" }],
    ["a forged signature", { signature: "Zm9yZ2VkLXNpZ25hdHVyZQ==" }],
    ["a signature made with another auth token", { token: "another-accounts-token" }],
    ["a signature for the internal URL (Host header), not the public one", { signedUrl: INTERNAL_URL }],
    ["a signature for another host", { signedUrl: `https://evil.example.com${PATH}` }],
    ["a signature for another path", { signedUrl: `${PUBLIC_BASE_URL}/api/webhooks/twilio/status` }],
    ["a signature without the query string the request has", { requestUrl: `${INTERNAL_URL}?source=whatsapp` }],
  ] as const)("refuses %s with 403 and changes nothing", async (_name, variant) => {
    const s = await replyScenario(database.db);
    await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-30T10:00" });
    const before = await snapshot([s.patientA.id, s.patientB.id]);
    const response = await post({ form: twilioParams({ from: whatsappFrom(s.patientA.phone), body: "2" }), ...variant });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Forbidden");
    expect(await snapshot([s.patientA.id, s.patientB.id])).toEqual(before);
  });

  it.each([
    ["a changed body", (form: Params) => ({ ...form, Body: "2" })],
    ["a changed sender", (form: Params) => ({ ...form, From: "whatsapp:+5215599999999" })],
    ["an added field", (form: Params) => ({ ...form, ButtonPayload: "cancel:0b7e3c52-6f1d-4d8e-9a0b-2c4f6e8a1b3d" })],
    ["a removed field", ({ ProfileName: _dropped, ...form }: Params) => form],
  ])("refuses a tampered request (%s) with 403 and changes nothing", async (_name, tamper) => {
    const s = await replyScenario(database.db);
    await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-30T10:00" });
    const signedForm = twilioParams({ from: whatsappFrom(s.patientA.phone), body: "Gracias" });
    const before = await snapshot([s.patientA.id, s.patientB.id]);
    const response = await post({ form: tamper(signedForm), signedForm });
    expect(response.status).toBe(403);
    expect(await snapshot([s.patientA.id, s.patientB.id])).toEqual(before);
  });
});

describe("POST /api/webhooks/twilio/inbound: HTTP", () => {
  it.each([
    ["TWILIO_AUTH_TOKEN", "TWILIO_AUTH_TOKEN"],
    ["PUBLIC_BASE_URL", "PUBLIC_BASE_URL"],
  ])("answers 503 and changes nothing without %s", async (_name, key) => {
    const s = await replyScenario(database.db);
    const form = twilioParams({ from: whatsappFrom(s.patientA.phone), body: "BAJA" });
    delete process.env[key];
    resetEnvCache();
    const before = await snapshot([s.patientA.id]);
    const response = await post({ form });
    expect(response.status).toBe(503);
    expect(await snapshot([s.patientA.id])).toEqual(before);
  });

  it("answers 405 to other methods", async () => {
    for (const handler of [GET, PUT, DELETE]) {
      const response = handler();
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
  });

  it("answers 413 to a body over 64 KB, declared or not", async () => {
    const s = await replyScenario(database.db);
    const form = twilioParams({ from: s.patientA.phone, body: "x".repeat(65 * 1024) });
    expect((await post({ form })).status).toBe(413);
    const declared = await POST(
      new Request(INTERNAL_URL, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(200 * 1024) },
        body: "Body=1",
      }),
    );
    expect(declared.status).toBe(413);
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, s.patientA.id))).toEqual([]);
  });

  it("answers 400 to a body that is not a form, a repeated field, or a signed form without MessageSid or From", async () => {
    const s = await replyScenario(database.db);
    const json = await POST(
      new Request(INTERNAL_URL, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ Body: "BAJA" }),
      }),
    );
    expect(json.status).toBe(400);
    const repeated = await POST(
      new Request(INTERNAL_URL, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x" },
        body: "Body=1&Body=2",
      }),
    );
    expect(repeated.status).toBe(400);
    const { MessageSid: _sid, ...withoutSid } = twilioParams({ from: s.patientA.phone, body: "BAJA" });
    const noSid = await post({ form: withoutSid });
    expect(noSid.status).toBe(400);
    expect(await noSid.text()).toBe("Bad request");
    const { From: _from, ...withoutFrom } = twilioParams({ from: s.patientA.phone, body: "BAJA" });
    expect((await post({ form: withoutFrom })).status).toBe(400);
    expect((await post({ form: twilioParams({ from: s.patientA.phone, body: "BAJA", sid: "not-a-sid" }) })).status).toBe(400);
    expect((await database.db.select().from(patients).where(eq(patients.id, s.patientA.id)))[0].smsOptedOutAt).toBeNull();
  });

  it("answers a database failure with a bare 500: no stack trace out, no phone number or body in the log", async () => {
    const phone = uniqueMxPhone();
    const failing = {
      kind: "pglite" as const,
      close: async () => {},
      db: {
        select: () => {
          throw new Error(`Failed query: select … params: ${phone},BAJA secreta`);
        },
      },
    } as unknown as Database;
    setDatabaseForTesting(failing);
    try {
      const response = await post({ form: twilioParams({ from: whatsappFrom(phone), body: "BAJA secreta" }) });
      expect(response.status).toBe(500);
      expect(await response.text()).toBe("Error");
    } finally {
      setDatabaseForTesting(database);
    }
    // The database fails at the first query: finding whose sender was written to (before the MessageSid is read).
    expect(logs.join("\n")).toMatch(/\[inbound\] (SM[0-9a-f]{32} )?failed \(Error\)/);
    expect(logs.join("\n")).not.toContain(phone.slice(3));
    expect(logs.join("\n")).not.toContain("secreta");
  });
});

describe("POST /api/webhooks/twilio/inbound: replies", () => {
  it("a WhatsApp '1' from whatsapp:+521… confirms the right patient's next appointment", async () => {
    const s = await replyScenario(database.db);
    const next = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-11-28T10:00" });
    const later = await s.book({ ctx: s.ctxA, patientId: s.patientA.id, doctorId: s.doctorA.id, startsAt: "2026-12-15T10:00" });
    const inB = await s.book({ ctx: s.ctxB, patientId: s.patientB.id, doctorId: s.doctorB.id, startsAt: "2026-11-27T10:00" });

    const response = await post({ form: twilioParams({ from: whatsappFrom(s.patientA.phone), body: "1" }) });

    expect(response.status).toBe(200);
    const rows = await database.db
      .select()
      .from(appointments)
      .where(inArray(appointments.id, [next, later, inB]));
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.confirmedBy]]))).toEqual({
      [next]: ["confirmed", "patient"],
      [later]: ["scheduled", null],
      [inB]: ["scheduled", null],
    });
    expect((await database.db.select().from(patients).where(eq(patients.id, s.patientA.id)))[0].whatsappWaId).toBe(
      waIdOf(s.patientA.phone),
    );
  });

  it("BAJA plans one opt-out confirmation; Twilio's retry with the same MessageSid plans no second one", async () => {
    const s = await replyScenario(database.db);
    const form = twilioParams({ from: whatsappFrom(s.patientA.phone), body: "Baja" });
    expect((await post({ form })).status).toBe(200);
    expect((await post({ form })).status).toBe(200);
    const planned = await database.db.select().from(deliveries).where(eq(deliveries.patientId, s.patientA.id));
    expect(planned.map((d) => [d.notificationType, d.channel])).toEqual([["opt_out_confirmation", "whatsapp"]]);
    const [patient] = await database.db.select().from(patients).where(eq(patients.id, s.patientA.id));
    expect(patient).toMatchObject({ whatsappOptOutSource: "patient_reply", smsOptedOutAt: null, emailOptedOutAt: null });
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.patientId, s.patientA.id))).toHaveLength(1);
  });

  it("acknowledges an unknown number, changes nothing, and logs it without the number or the text", async () => {
    const s = await replyScenario(database.db);
    const stranger = uniqueMxPhone();
    const before = await snapshot([s.patientA.id, s.patientB.id]);
    const form = twilioParams({ from: whatsappFrom(stranger), body: "Soy nueva, quiero una cita" });
    const response = await post({ form });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("<Response/>");
    expect(await snapshot([s.patientA.id, s.patientB.id])).toEqual(before);
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.providerMessageId, form.MessageSid))).toEqual([]);
    const output = logs.join("\n");
    expect(output).toContain(`[inbound] ${form.MessageSid} (whatsapp): unknown sender`);
    expect(output).not.toContain(stranger.slice(3));
    expect(output).not.toContain("quiero una cita");
  });

  it("logs a handled reply by ids only", async () => {
    const s = await replyScenario(database.db);
    const form = twilioParams({ from: s.patientA.phone, body: "Llego tarde, perdón" });
    expect((await post({ form })).status).toBe(200);
    const output = logs.join("\n");
    expect(output).toContain(`clinic=${s.clinicA.id} patient=${s.patientA.id} intent=message`);
    expect(output).not.toContain(s.patientA.phone.slice(3));
    expect(output).not.toContain("Llego tarde");
    expect(output).not.toContain(s.patientA.firstName);
  });
});
