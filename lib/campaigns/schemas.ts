import { z } from "zod";
import { CAMPAIGN_TEMPLATE_TYPES } from "@/lib/notifications/registry";
import { DEFAULT_DAILY_CAP, DEFAULT_PATIENT_CAP_DAYS, DEFAULT_SEND_WINDOW } from "./plan-campaign-schedule";

/** A pasted patient list holds at most this many lines. */
export const PASTED_LIST_MAX = 20_000;

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalidDate")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, "invalidDate");

/** Empty form fields are "no filter". */
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const optionalInt = (min: number, max: number) =>
  z.preprocess(blank, z.coerce.number("invalidNumber").int("invalidNumber").min(min, "invalidNumber").max(max, "invalidNumber").optional());

/**
 * A segment: visits and demographics only. `strict`: a filter on a field that does not exist (a diagnosis,
 * a note) is refused, never ignored. Messages are error codes (`campaigns.errors`).
 */
export const segmentSchema = z
  .strictObject(
    {
      lastVisitBefore: z.preprocess(blank, calendarDay.optional()),
      lastVisitAfter: z.preprocess(blank, calendarDay.optional()),
      noVisitMonths: optionalInt(1, 120),
      doctorId: z.preprocess(blank, z.uuid("notFound").optional()),
      visitKind: z.preprocess(blank, z.enum(["in_person", "video"], "invalidFilter").optional()),
      ageMin: optionalInt(0, 120),
      ageMax: optionalInt(0, 120),
      locale: z.preprocess(blank, z.enum(["es", "en"], "invalidFilter").optional()),
      hasUpcomingVisit: z.preprocess(
        (v) => (v === "yes" || v === true ? true : v === "no" || v === false ? false : blank(v)),
        z.boolean().optional(),
      ),
      /** A pasted list, matched to the clinic's own patients (pasted-list.ts); checked against the clinic on create. */
      patientIds: z.array(z.uuid("notFound"), "invalidFilter").min(1, "emptyList").max(PASTED_LIST_MAX, "listTooLong").optional(),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "unknownFilter" : undefined) },
  )
  .refine((s) => s.ageMin === undefined || s.ageMax === undefined || s.ageMin <= s.ageMax, { message: "ageRange", path: ["ageMax"] })
  .refine((s) => !s.lastVisitBefore || !s.lastVisitAfter || s.lastVisitAfter < s.lastVisitBefore, {
    message: "dateRange",
    path: ["lastVisitBefore"],
  });
export type SegmentInput = z.infer<typeof segmentSchema>;

/** "0.85" (pesos) → 85 (centavos); empty = 0. */
const moneyCents = z.preprocess(
  blank,
  z
    .string("invalidNumber")
    .trim()
    .regex(/^\d{1,6}([.,]\d{1,2})?$/, "invalidNumber")
    .transform((v) => Math.round(Number(v.replace(",", ".")) * 100))
    .optional(),
);

/**
 * The schedule: the send window on the clinic's clock (never inside quiet hours: checked on create), the
 * daily cap (Meta's tiers, or lower), the per-patient cap across campaigns, the price of a delivered message.
 */
export const scheduleFields = {
  sendWindowStart: z.preprocess(
    blank,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "invalidTime")
      .optional(),
  ),
  sendWindowEnd: z.preprocess(
    blank,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "invalidTime")
      .optional(),
  ),
  dailyCap: optionalInt(1, 100_000),
  patientCapDays: optionalInt(0, 90),
  pricePerMessage: moneyCents,
};

const minuteOf = (v: string | undefined, fallback: number) => (v ? Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5)) : fallback);

/** The schedule fields with their defaults, as the campaign row stores them. */
export function scheduleOf(input: {
  sendWindowStart?: string;
  sendWindowEnd?: string;
  dailyCap?: number;
  patientCapDays?: number;
  pricePerMessage?: number;
}) {
  return {
    sendWindowStartMinute: minuteOf(input.sendWindowStart, DEFAULT_SEND_WINDOW.startMinute),
    sendWindowEndMinute: minuteOf(input.sendWindowEnd, DEFAULT_SEND_WINDOW.endMinute),
    dailyCap: input.dailyCap ?? DEFAULT_DAILY_CAP,
    patientCapDays: input.patientCapDays ?? DEFAULT_PATIENT_CAP_DAYS,
    pricePerMessageCents: input.pricePerMessage ?? 0,
  };
}

/** An admin's new campaign. `scheduledAt` empty = now; otherwise a wall-clock time in the clinic's zone. */
export const createCampaignInputSchema = z.object({
  name: z.string("required").trim().min(1, "required").max(120, "tooLong"),
  templateType: z.enum(CAMPAIGN_TEMPLATE_TYPES as [string, ...string[]], "invalidTemplate"),
  bookingUrl: z.preprocess(
    blank,
    z
      .url({ protocol: /^https?$/, error: "invalidUrl" })
      .max(500, "tooLong")
      .optional(),
  ),
  scheduledAt: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "invalidDate")
      .optional(),
  ),
  segment: segmentSchema,
  ...scheduleFields,
});
