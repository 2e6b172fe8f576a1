import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { Database } from "@/db/client";
import { deliveries } from "@/db/schema";
import type { Env } from "@/lib/env";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { setNotificationChannel } from "./settings";
import { getTransports } from "./channels";
import { dispatchDelivery, type DispatchDeps } from "./dispatch";

// The real twilio and resend SDKs make the requests; msw answers for the providers and lets us read them.
const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
const SERVICE_SID = `MG${"a".repeat(32)}`;
const CONFIRMATION_SID = `HX${"c".repeat(32)}`;
const MESSAGES_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

const env = {
  NODE_ENV: "test",
  PGLITE_DIR: ".data/pglite",
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: "secret-token",
  TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID,
  TWILIO_CONTENT_SIDS: JSON.stringify({ "booking_confirmation.in_person.es": CONFIRMATION_SID }),
  PUBLIC_BASE_URL: "https://luna.example.mx",
  RESEND_API_KEY: "re_test_123",
  RESEND_FROM: "Clínica Luna <avisos@luna.example.mx>",
} satisfies Env;

const server = setupServer();
let database: Database;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  database = await openTestDatabase();
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await database.close();
});

const BOOKED_AT = new Date("2026-11-25T16:00:00Z");

/** Books a visit whose confirmation goes on `channel` (the clinic allows only that one for confirmations). */
async function booked(channel: "whatsapp" | "sms" | "email" = "whatsapp") {
  const s = await createTwoClinics(database.db);
  const doctor = await createStaff(database.db, { clinicId: s.clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(database.db, {
    clinicId: s.clinicA.id,
    firstName: "María",
    lastName: "Hernández",
    phone: "+525512345678",
    email: "maria@example.com",
  });
  for (const c of ["whatsapp", "sms", "email"] as const) {
    await setNotificationChannel(database.db, {
      clinicId: s.clinicA.id,
      notificationType: "booking_confirmation",
      channel: c,
      enabled: c === channel,
    });
  }
  const result = await bookAppointment(database.db, s.ctxA, {
    input: { patientId: patient.id, doctorId: doctor.id, startsAt: "2026-11-27T10:00", durationMinutes: 30, kind: "in_person" },
    now: BOOKED_AT,
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  const rows = await database.db.select().from(deliveries).where(eq(deliveries.appointmentId, result.appointmentId));
  return {
    appointmentId: result.appointmentId,
    byChannel: (channel: string) => rows.find((d) => d.notificationType === "booking_confirmation" && d.channel === channel)!,
  };
}

const deps = (at = BOOKED_AT): DispatchDeps => ({
  db: database.db,
  transports: getTransports({ ...env }),
  now: () => at,
  backoffMs: () => 30_000,
});
const reload = async (id: string) => (await database.db.select().from(deliveries).where(eq(deliveries.id, id)))[0];

describe("dispatch through the real SDKs", () => {
  it("sends the WhatsApp confirmation as an approved template with JSON content variables", async () => {
    const visit = await booked();
    const forms: URLSearchParams[] = [];
    server.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        forms.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ sid: `SM${"1".repeat(32)}`, status: "accepted" }, { status: 201 });
      }),
    );
    const id = visit.byChannel("whatsapp").id;
    expect(await dispatchDelivery(deps(), id)).toBe("sent");

    expect(forms).toHaveLength(1);
    const form = forms[0];
    expect(form.get("To")).toBe("whatsapp:+525512345678");
    expect(form.get("MessagingServiceSid")).toBe(SERVICE_SID);
    expect(form.get("ContentSid")).toBe(CONFIRMATION_SID);
    expect(form.get("StatusCallback")).toBe("https://luna.example.mx/api/webhooks/twilio/status");
    expect(form.get("Body")).toBeNull();
    const variables = JSON.parse(form.get("ContentVariables")!);
    expect(Object.values(variables)).toContain("María");
    expect(Object.values(variables).join(" ")).toMatch(/10:00 a\.m\./);
    expect(Object.values(variables).join(" ")).not.toMatch(/Hernández/);
    // The last variable is the visit's id, which the template's quick replies carry (confirm:{{n}} / cancel:{{n}}).
    expect(variables[String(Object.keys(variables).length)]).toBe(visit.appointmentId);
    expect(await reload(id)).toMatchObject({ status: "queued", providerMessageId: `SM${"1".repeat(32)}`, simulated: false });
  });

  it("sends the SMS confirmation with the digits to answer, and records exactly that text", async () => {
    const visit = await booked("sms");
    const forms: URLSearchParams[] = [];
    server.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        forms.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ sid: `SM${"2".repeat(32)}`, status: "accepted" }, { status: 201 });
      }),
    );
    const id = visit.byChannel("sms").id;
    expect(await dispatchDelivery(deps(), id)).toBe("sent");
    const body = forms[0].get("Body")!;
    expect(body).toMatch(/^Hola María, .* Responde 1 para confirmar o 2 para cancelar\.$/);
    expect((await reload(id)).sentBody).toBe(body);
  });

  it("retries a 429 and succeeds on the next attempt", async () => {
    const visit = await booked("sms");
    let calls = 0;
    server.use(
      http.post(MESSAGES_URL, () => {
        calls++;
        return calls === 1
          ? HttpResponse.json({ code: 20429, message: "Too Many Requests", status: 429 }, { status: 429 })
          : HttpResponse.json({ sid: `SM${"2".repeat(32)}`, status: "queued" }, { status: 201 });
      }),
    );
    const id = visit.byChannel("sms").id;
    expect(await dispatchDelivery(deps(), id)).toBe("retry");
    expect(await reload(id)).toMatchObject({ status: "scheduled", errorCode: "20429", attempts: 1 });
    expect(await dispatchDelivery(deps(new Date(BOOKED_AT.getTime() + 30_000)), id)).toBe("sent");
    expect(await reload(id)).toMatchObject({ status: "queued", attempts: 2, errorCode: null });
    expect(calls).toBe(2);
  });

  it("retries a 503, and fails a 400 21211 at once with its code", async () => {
    const visit = await booked("sms");
    server.use(
      http.post(MESSAGES_URL, () => HttpResponse.json({ code: 20500, message: "Service Unavailable", status: 503 }, { status: 503 })),
    );
    const sms = visit.byChannel("sms").id;
    expect(await dispatchDelivery(deps(), sms)).toBe("retry");

    server.use(
      http.post(MESSAGES_URL, () =>
        HttpResponse.json({ code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 }, { status: 400 }),
      ),
      // A 503 may have come after Twilio accepted the message: the retry asks first (nothing there).
      http.get(MESSAGES_URL, () =>
        HttpResponse.json({
          messages: [],
          first_page_uri: "",
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: 20,
          start: 0,
          end: 0,
          uri: "",
        }),
      ),
    );
    expect(await dispatchDelivery(deps(new Date(BOOKED_AT.getTime() + 30_000)), sms)).toBe("failed");
    expect(await reload(sms)).toMatchObject({ status: "failed", errorCode: "21211" });
  });

  it("sends the email through Resend with the delivery id as idempotency key", async () => {
    const visit = await booked("email");
    const requests: { body: Record<string, unknown>; key: string | null }[] = [];
    server.use(
      http.post("https://api.resend.com/emails", async ({ request }) => {
        requests.push({ body: (await request.json()) as Record<string, unknown>, key: request.headers.get("idempotency-key") });
        return HttpResponse.json({ id: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c" });
      }),
    );
    const id = visit.byChannel("email").id;
    expect(await dispatchDelivery(deps(), id)).toBe("sent");
    expect(requests).toHaveLength(1);
    expect(requests[0].key).toBe(`delivery/${id}`);
    expect(requests[0].body).toMatchObject({ to: "maria@example.com", from: env.RESEND_FROM });
    expect(String(requests[0].body.html)).toContain("María");
    expect(String(requests[0].body.subject)).not.toMatch(/María|Hernández/);
    expect(await reload(id)).toMatchObject({ status: "sent", providerMessageId: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c" });
  });
});
