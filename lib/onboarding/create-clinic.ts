import type { Db } from "@/db/client";
import { clinics, type Clinic, type Locale } from "@/db/schema";

/** A new clinic's free trial (nothing depends on its end yet: billing is not built; the date is on record and shown). */
export const TRIAL_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export function trialEndOf(createdAt: Date): Date {
  return new Date(createdAt.getTime() + TRIAL_DAYS * DAY_MS);
}

export interface NewClinic {
  name: string;
  timezone: string;
  currency: string;
  defaultLocale: Locale;
  phone?: string | null;
  address?: string | null;
  /** On for every clinic (21:00–08:00); the demo seed may start without them for browser tests. */
  quietHoursEnabled?: boolean;
  now?: Date;
}

/**
 * Makes a clinic row: the one place a clinic comes to exist (sign-up, the demo seed). Its defaults are the
 * product's: the reminders grid is the registry's defaults until the clinic saves a row
 * (lib/notifications/settings.ts), the reminder goes 24 h ahead, quiet hours 21:00–08:00, late
 * cancellation 24 h (the columns' defaults); the trial ends TRIAL_DAYS after creation.
 */
export async function createClinic(db: Db, params: NewClinic): Promise<Clinic> {
  const now = params.now ?? new Date();
  const [clinic] = await db
    .insert(clinics)
    .values({
      name: params.name,
      timezone: params.timezone,
      currency: params.currency,
      defaultLocale: params.defaultLocale,
      phone: params.phone ?? null,
      address: params.address ?? null,
      ...(params.quietHoursEnabled === undefined ? {} : { quietHoursEnabled: params.quietHoursEnabled }),
      trialEndsAt: trialEndOf(now),
      createdAt: now,
    })
    .returning();
  return clinic;
}
