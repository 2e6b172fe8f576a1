import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createTwoClinics } from "@/db/testing/factories";
import { renderInvitationEmail, renderPasswordResetEmail } from "./render";
import {
  StaffMailError,
  createOutboxStaffMailTransport,
  createResendStaffMailTransport,
  listStaffEmails,
  sendStaffEmail,
  type StaffMail,
} from "./send";

// The real resend SDK (global fetch) makes the request; msw answers it.
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

const FROM = "Luna <equipo@luna.example.mx>";
const URL_ = "https://luna.example.mx/es/invite/AAAAAAAAAAAAAAAAAAAAAA";

async function mail(clinicId: string, overrides: Partial<StaffMail> = {}): Promise<StaffMail> {
  const rendered = await renderInvitationEmail({
    locale: "es",
    clinicName: "Clínica Norte",
    inviterName: "Ana <Admin>",
    role: "doctor",
    url: URL_,
  });
  return { clinicId, kind: "invitation", to: "nuevo@example.mx", idempotencyKey: "staff-invitation/1", ...rendered, ...overrides };
}

describe("staff mail", () => {
  it("renders an invitation and a reset email in both languages, with the link and HTML escaped", async () => {
    const es = await renderInvitationEmail({
      locale: "es",
      clinicName: "Clínica Norte",
      inviterName: "Ana <Admin>",
      role: "doctor",
      url: URL_,
    });
    expect(es.subject).toBe("Clínica Norte te invita a Luna");
    expect(es.text).toContain("como médico(a)");
    expect(es.text).toContain(URL_);
    expect(es.html).toContain("Ana &lt;Admin&gt;");
    expect(es.html).not.toContain("<Admin>");
    const en = await renderInvitationEmail({ locale: "en", clinicName: "North Clinic", inviterName: "Ana", role: "staff", url: URL_ });
    expect(en.subject).toBe("North Clinic invites you to Luna");
    expect(en.text).toContain("as front desk");
    const reset = await renderPasswordResetEmail({ locale: "en", name: "Bea", clinicName: "North Clinic", url: URL_ });
    expect(reset.subject).toBe("Reset your Luna password");
    expect(reset.text).toContain("15 minutes");
    expect((await renderPasswordResetEmail({ locale: "es", name: "Bea", clinicName: "Norte", url: URL_ })).text).toContain("15 minutos");
  });

  it("in the embedded mode records the whole email for its clinic only", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const row = await sendStaffEmail(database.db, await mail(clinicA.id), createOutboxStaffMailTransport());
    expect(row).toMatchObject({ clinicId: clinicA.id, transport: "outbox", providerMessageId: null, toEmail: "nuevo@example.mx" });
    expect(row.text).toContain(URL_);
    expect(await listStaffEmails(database.db, { clinicId: clinicA.id })).toHaveLength(1);
    expect(await listStaffEmails(database.db, { clinicId: clinicB.id })).toHaveLength(0);
  });

  it("through Resend posts the email with an idempotency key and keeps no body (it carries a one-time link)", async () => {
    const calls: { body: Record<string, unknown>; headers: Headers }[] = [];
    server.use(
      http.post("https://api.resend.com/emails", async ({ request }) => {
        calls.push({ body: (await request.json()) as Record<string, unknown>, headers: request.headers });
        return HttpResponse.json({ id: "re_1" });
      }),
    );
    const { clinicA } = await createTwoClinics(database.db);
    const row = await sendStaffEmail(
      database.db,
      await mail(clinicA.id),
      createResendStaffMailTransport({ apiKey: "re_test", from: FROM }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toMatchObject({ from: FROM, to: "nuevo@example.mx", subject: "Clínica Norte te invita a Luna" });
    expect(String(calls[0].body.text)).toContain(URL_);
    expect(calls[0].headers.get("idempotency-key")).toBe("staff-invitation/1");
    expect(calls[0].headers.get("authorization")).toBe("Bearer re_test");
    expect(row).toMatchObject({ transport: "resend", providerMessageId: "re_1", text: "", html: "" });
  });

  it("a Resend error throws without the address in the message and records nothing", async () => {
    server.use(
      http.post("https://api.resend.com/emails", () =>
        HttpResponse.json({ statusCode: 422, name: "validation_error", message: "Invalid `to`: nuevo@example.mx" }, { status: 422 }),
      ),
    );
    const { clinicA } = await createTwoClinics(database.db);
    const error = await sendStaffEmail(
      database.db,
      await mail(clinicA.id),
      createResendStaffMailTransport({ apiKey: "re_test", from: FROM }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaffMailError);
    expect((error as StaffMailError).code).toBe("validation_error");
    expect((error as Error).message).not.toContain("nuevo@example.mx");
    expect(await listStaffEmails(database.db, { clinicId: clinicA.id })).toHaveLength(0);
  });
});
