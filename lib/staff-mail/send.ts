import { Resend } from "resend";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { staffEmails, type StaffEmail } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { redactContact } from "@/lib/notifications/channels/redact";
import { DEFAULT_RESEND_TIMEOUT_MS } from "@/lib/notifications/channels/resend-transport";

export type StaffMailKind = "invitation" | "password_reset" | "sign_up_confirmation" | "sign_up_existing" | "campaign_test";

export interface StaffMail {
  /** Null for sign-up emails (lib/onboarding): no clinic exists yet, and no clinic's outbox lists them. */
  clinicId: string | null;
  kind: StaffMailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Resend answers a repeated key within 24 h with the first result instead of sending again. */
  idempotencyKey: string;
}

/** Where staff mail goes: Resend (keys set) or the embedded outbox (the staff_emails row is the email). */
export interface StaffMailTransport {
  name: "resend" | "outbox";
  /** The provider's id of the sent email; the outbox has none. */
  send(mail: StaffMail): Promise<{ providerMessageId: string | null }>;
}

export class StaffMailError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "StaffMailError";
  }
}

export function createResendStaffMailTransport(options: {
  apiKey: string;
  from: string;
  baseUrl?: string;
  timeoutMs?: number;
}): StaffMailTransport {
  let client: Resend | undefined;
  const getClient = () => (client ??= new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined));
  return {
    name: "resend",
    async send(mail) {
      const { data, error } = await getClient().emails.send(
        {
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          tags: [{ name: "staff_mail", value: mail.kind }],
        },
        { idempotencyKey: mail.idempotencyKey, signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_RESEND_TIMEOUT_MS) },
      );
      if (error) throw new StaffMailError(error.name || "resend_error", redactContact(error.message || `Resend error ${error.name}`));
      if (!data?.id) throw new StaffMailError("invalid_response", "Resend answered without an email id");
      return { providerMessageId: data.id };
    },
  };
}

export function createOutboxStaffMailTransport(): StaffMailTransport {
  return { name: "outbox", send: async () => ({ providerMessageId: null }) };
}

/** Resend when RESEND_API_KEY (and RESEND_FROM) are set, as for patient email; otherwise the embedded outbox. */
export function staffMailTransportFromEnv(): StaffMailTransport {
  const env = getEnv();
  if (!env.RESEND_API_KEY) return createOutboxStaffMailTransport();
  if (!env.RESEND_FROM) throw new Error("Invalid environment: RESEND_API_KEY is set but RESEND_FROM (the sender address) is not");
  return createResendStaffMailTransport({ apiKey: env.RESEND_API_KEY, from: env.RESEND_FROM, timeoutMs: env.PROVIDER_TIMEOUT_MS });
}

/**
 * Sends an email to a staff member (an invitation, a password reset) and records it in staff_emails.
 * Through Resend the row keeps who/what/when and the provider's id, not the body (it carries a one-time
 * link); in the embedded outbox the row keeps the whole email, which is how the demo and the tests read
 * it (Settings → Team emails). A failed send throws StaffMailError and records nothing.
 */
export async function sendStaffEmail(
  db: Db,
  mail: StaffMail,
  transport: StaffMailTransport = staffMailTransportFromEnv(),
): Promise<StaffEmail> {
  const { providerMessageId } = await transport.send(mail);
  const keepsBody = transport.name === "outbox";
  const [row] = await db
    .insert(staffEmails)
    .values({
      clinicId: mail.clinicId,
      kind: mail.kind,
      toEmail: mail.to,
      subject: mail.subject,
      text: keepsBody ? mail.text : "",
      html: keepsBody ? mail.html : "",
      transport: transport.name,
      providerMessageId,
    })
    .returning();
  return row;
}

/** The clinic's staff emails, newest first (the embedded outbox screen; another clinic's are never listed). */
export async function listStaffEmails(db: Db, params: { clinicId: string; to?: string; limit?: number }): Promise<StaffEmail[]> {
  return db
    .select()
    .from(staffEmails)
    .where(and(eq(staffEmails.clinicId, params.clinicId), params.to ? eq(staffEmails.toEmail, params.to.toLowerCase()) : undefined))
    .orderBy(desc(staffEmails.createdAt), desc(staffEmails.id))
    .limit(params.limit ?? 100);
}

/** Whether staff mail stays in the embedded outbox (no RESEND_API_KEY): Settings shows it to admins then. */
export function staffMailIsEmbedded(): boolean {
  return !getEnv().RESEND_API_KEY;
}
