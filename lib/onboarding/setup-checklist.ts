import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, clinicSignups, clinics, deliveries, doctorProfiles, users } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { configuredProviders } from "@/lib/clinics/providers";
import { getMessagingSettings } from "@/lib/messaging/clinic-messaging";
import { getNotificationSettings, type ChannelMatrix } from "@/lib/notifications/settings";

export const SETUP_STEPS = ["doctors", "hours", "channels", "whatsapp", "testVisit", "messageLog"] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

/** Where each step is done. The WhatsApp step goes to Settings → WhatsApp and SMS (the per-clinic sender). */
export const SETUP_STEP_HREF: Record<SetupStep, string> = {
  doctors: "/settings/team",
  hours: "/settings/doctors",
  channels: "/settings/schedule/reminders",
  whatsapp: "/settings/messaging",
  testVisit: "/patients/new",
  messageLog: "/messages",
};

/** What the checklist is computed from: facts read from the clinic's rows, never stored "done" flags. */
export interface SetupFacts {
  activeDoctors: number;
  doctorsWithHours: number;
  channels: ChannelMatrix;
  /** A real (non-simulated) WhatsApp sender is configured for the clinic. */
  whatsappConnected: boolean;
  whatsappSkipped: boolean;
  appointments: number;
  /** Messages of the clinic that went out (to the provider, or recorded by the simulated outbox). */
  sentDeliveries: number;
}

export interface SetupChecklist {
  steps: { step: SetupStep; done: boolean; href: string }[];
  doneCount: number;
  allDone: boolean;
}

/** Which steps are done, in order. Reminders count as on when the confirmation and the reminder each have a channel. */
export function computeSetupChecklist(facts: SetupFacts): SetupChecklist {
  const anyChannel = (row: Record<string, boolean>) => Object.values(row).some(Boolean);
  const done: Record<SetupStep, boolean> = {
    doctors: facts.activeDoctors > 0,
    hours: facts.doctorsWithHours > 0,
    channels: anyChannel(facts.channels.booking_confirmation) && anyChannel(facts.channels.reminder),
    whatsapp: facts.whatsappConnected || facts.whatsappSkipped,
    testVisit: facts.appointments > 0,
    messageLog: facts.sentDeliveries > 0,
  };
  const steps = SETUP_STEPS.map((step) => ({ step, done: done[step], href: SETUP_STEP_HREF[step] }));
  const doneCount = steps.filter((s) => s.done).length;
  return { steps, doneCount, allDone: doneCount === steps.length };
}

const SENT_STATUSES = ["queued", "sent", "delivered", "read"] as const;

/**
 * The setup checklist of a clinic that signed up (the demo clinics never see it), for its admins, until one
 * of them hides it; null otherwise. WhatsApp counts as connected when the platform's sender is configured
 * (lib/clinics/providers.ts) or the clinic's own sender can send WhatsApp (Settings → WhatsApp and SMS).
 */
export async function getSetupChecklist(db: Db, ctx: StaffContext): Promise<SetupChecklist | null> {
  if (!can(ctx.role, "settings:write")) return null;
  const clinicId = ctx.clinicId;
  const [[clinic], [signup]] = await Promise.all([
    db
      .select({ dismissedAt: clinics.setupChecklistDismissedAt, whatsappSkippedAt: clinics.setupWhatsappSkippedAt })
      .from(clinics)
      .where(eq(clinics.id, clinicId))
      .limit(1),
    db.select({ id: clinicSignups.id }).from(clinicSignups).where(eq(clinicSignups.clinicId, clinicId)).limit(1),
  ]);
  if (!clinic || !signup || clinic.dismissedAt) return null;
  return computeSetupChecklist(await readSetupFacts(db, { clinicId, whatsappSkipped: Boolean(clinic.whatsappSkippedAt) }));
}

export async function readSetupFacts(db: Db, params: { clinicId: string; whatsappSkipped: boolean }): Promise<SetupFacts> {
  const { clinicId } = params;
  const count = sql<number>`count(*)::int`;
  const activeDoctor = and(eq(users.clinicId, clinicId), eq(users.role, "doctor"), isNull(users.disabledAt));
  const [[doctors], [withHours], settings, [visits], [sent], messaging] = await Promise.all([
    db.select({ n: count }).from(users).where(activeDoctor),
    db
      .select({ n: count })
      .from(doctorProfiles)
      .innerJoin(users, and(eq(users.id, doctorProfiles.userId), eq(users.clinicId, doctorProfiles.clinicId)))
      .where(and(eq(doctorProfiles.clinicId, clinicId), activeDoctor, sql`jsonb_array_length(${doctorProfiles.workingHours}) > 0`)),
    getNotificationSettings(db, { clinicId }),
    db.select({ n: count }).from(appointments).where(eq(appointments.clinicId, clinicId)),
    db
      .select({ n: count })
      .from(deliveries)
      .where(and(eq(deliveries.clinicId, clinicId), inArray(deliveries.status, [...SENT_STATUSES]))),
    getMessagingSettings(db, { clinicId }),
  ]);
  // The clinic's own sender counts once it can send WhatsApp: an account, its token, and a Messaging
  // Service or a WhatsApp number (templates without a SID then fall back, as the settings page lists).
  const ownWhatsapp =
    messaging.mode === "own" &&
    Boolean(messaging.accountSid && messaging.authTokenLast4 && (messaging.messagingServiceSid || messaging.whatsappFrom));
  return {
    activeDoctors: doctors.n,
    doctorsWithHours: withHours.n,
    channels: settings.channels,
    whatsappConnected: ownWhatsapp || configuredProviders().whatsappSender,
    whatsappSkipped: params.whatsappSkipped,
    appointments: visits.n,
    sentDeliveries: sent.n,
  };
}

export type SetupChoice = "dismiss" | "skipWhatsapp";

/** An admin hides the checklist, or chooses to stay on simulated messages for now (both audited). */
export async function recordSetupChoice(db: Db, ctx: StaffContext, params: { choice: SetupChoice; now?: Date }) {
  if (!can(ctx.role, "settings:write")) return { ok: false as const, error: "forbidden" as const };
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(clinics)
      .set(params.choice === "dismiss" ? { setupChecklistDismissedAt: now } : { setupWhatsappSkippedAt: now })
      .where(eq(clinics.id, ctx.clinicId));
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: params.choice === "dismiss" ? "setup.checklist_dismissed" : "setup.whatsapp_skipped",
      entityType: "clinic",
      entityId: ctx.clinicId,
    });
  });
  return { ok: true as const };
}

/** The trial's end for admins (Settings → Account and home), else null. */
export async function getTrialEnd(db: Db, ctx: StaffContext): Promise<Date | null> {
  if (!can(ctx.role, "settings:write")) return null;
  const [row] = await db.select({ trialEndsAt: clinics.trialEndsAt }).from(clinics).where(eq(clinics.id, ctx.clinicId)).limit(1);
  return row?.trialEndsAt ?? null;
}
