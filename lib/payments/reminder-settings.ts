import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { paymentSettings } from "@/db/schema";
import { zonedDateTime } from "@/lib/dates";
import {
  DEFAULT_PAYMENT_REMINDER_SETTINGS,
  REMINDER_AFTER_DAY_CHOICES,
  REMINDER_BEFORE_DUE_CHOICES,
  type PaymentReminderSettings,
} from "./reminder-settings-choices";

const DAY_MS = 86_400_000;

export {
  DEFAULT_PAYMENT_REMINDER_SETTINGS,
  REMINDER_AFTER_DAY_CHOICES,
  REMINDER_BEFORE_DUE_CHOICES,
  type PaymentReminderSettings,
} from "./reminder-settings-choices";

/** The form as submitted: a checkbox, the chosen days (repeated field), the days before the due date ("" = none). */
export const paymentReminderSettingsSchema = z.object({
  remindersEnabled: z.boolean(),
  reminderAfterDays: z
    .array(z.coerce.number().int())
    .max(REMINDER_AFTER_DAY_CHOICES.length)
    .refine((days) => days.every((d) => (REMINDER_AFTER_DAY_CHOICES as readonly number[]).includes(d)), "invalidDay")
    .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
  reminderBeforeDueDays: z
    .union([z.literal(""), z.coerce.number().int()])
    .transform((v) => (v === "" ? null : v))
    .refine((v) => v === null || (REMINDER_BEFORE_DUE_CHOICES as readonly number[]).includes(v), "invalidDay"),
});

export async function getPaymentReminderSettings(db: Db, params: { clinicId: string }): Promise<PaymentReminderSettings> {
  const [row] = await db.select().from(paymentSettings).where(eq(paymentSettings.clinicId, params.clinicId)).limit(1);
  if (!row) return { ...DEFAULT_PAYMENT_REMINDER_SETTINGS, reminderAfterDays: [...DEFAULT_PAYMENT_REMINDER_SETTINGS.reminderAfterDays] };
  return {
    remindersEnabled: row.remindersEnabled,
    reminderAfterDays: [...row.reminderAfterDays].sort((a, b) => a - b),
    reminderBeforeDueDays: row.reminderBeforeDueDays,
  };
}

/** Hour of the clinic's day a reminder before the due date goes out. */
const DUE_REMINDER_HOUR = 10;

/**
 * When a request sent at `now` is followed by reminders: each "after" day at the request's time of day,
 * and the day(s) before the due date at 10:00 on the clinic's wall clock; only in the future and while the
 * link still opens, one a day at most, earliest first. None when reminders are off.
 */
export function paymentReminderTimes(params: {
  settings: PaymentReminderSettings;
  now: Date;
  /** "YYYY-MM-DD" on the clinic's calendar. */
  dueDate: string | null;
  timeZone: string;
  linkExpiresAt: Date;
}): Date[] {
  const { settings, now, dueDate, timeZone, linkExpiresAt } = params;
  if (!settings.remindersEnabled) return [];
  const times = settings.reminderAfterDays.map((days) => new Date(now.getTime() + days * DAY_MS));
  if (dueDate && settings.reminderBeforeDueDays !== null) {
    const [year, month, day] = dueDate.split("-").map(Number);
    const dueAt = zonedDateTime(timeZone, { year, month, day, hour: DUE_REMINDER_HOUR });
    times.push(new Date(dueAt.getTime() - settings.reminderBeforeDueDays * DAY_MS));
  }
  const dayOf = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(d);
  const seen = new Set<string>([dayOf(now)]);
  return times
    .filter((t) => t.getTime() > now.getTime() && t.getTime() < linkExpiresAt.getTime())
    .sort((a, b) => a.getTime() - b.getTime())
    .filter((t) => {
      const key = dayOf(t);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * How long a payment link lasts: the 7-day default, or longer so that the last reminder the schedule
 * could plan (and the due date) still finds it open; at most 90 days (the link module's limit).
 */
export function paymentLinkTtlDays(params: { settings: PaymentReminderSettings; now: Date; dueDate: string | null }): number {
  const { settings, now, dueDate } = params;
  let days = 7;
  if (settings.remindersEnabled) {
    days = Math.max(days, ...settings.reminderAfterDays.map((d) => d + 1));
    if (dueDate) {
      const until = Math.ceil((Date.parse(`${dueDate}T23:59:59Z`) - now.getTime()) / DAY_MS) + 1;
      if (until > 0) days = Math.max(days, until);
    }
  }
  return Math.min(90, days);
}
