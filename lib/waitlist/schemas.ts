import { z } from "zod";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const optionalUuid = (message: string) => z.preprocess(blankToUndefined, z.uuid(message).optional());

/** Weekdays as a form sends them: "1,3,5", ["1","3"], [1, 3] (0 = Sunday … 6 = Saturday). */
const weekdaysSchema = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === "") return [];
    const list = Array.isArray(v) ? v : String(v).split(",");
    return list.map((d) => (typeof d === "string" ? Number(d.trim()) : d));
  },
  z
    .array(z.number("invalidWeekday").int("invalidWeekday").min(0, "invalidWeekday").max(6, "invalidWeekday"))
    .transform((days) => [...new Set(days)].sort()),
);

const timeOfDay = z
  .string("invalidTime")
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "invalidTime")
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5)));
const optionalTime = z.preprocess(blankToUndefined, timeOfDay.optional());
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A waitlist entry as staff submit it (add or edit); messages are error codes (`waitlist.errors`). Times are
 * "HH:MM" on the clinic's clock, both or neither, from before to; the expiry is a calendar day.
 */
export const waitlistEntryInputSchema = z
  .object({
    patientId: z.uuid("patientNotFound"),
    doctorId: optionalUuid("doctorNotFound"),
    kind: z.preprocess(blankToUndefined, z.enum(["in_person", "video"], "invalidKind").optional()),
    weekdays: weekdaysSchema,
    fromTime: optionalTime,
    toTime: optionalTime,
    durationMinutes: z.preprocess(
      (v) => (v === "" || v === undefined || v === null ? 30 : Number(v)),
      z.number("invalidDuration").int("invalidDuration").min(5, "invalidDuration").max(480, "invalidDuration"),
    ),
    expiresOn: z.preprocess(blankToUndefined, z.string().regex(isoDate, "invalidDate").optional()),
    notes: z.preprocess(blankToUndefined, z.string().trim().max(500, "tooLong").optional()),
  })
  .superRefine((value, ctx) => {
    if ((value.fromTime === undefined) !== (value.toTime === undefined)) {
      ctx.addIssue({ code: "custom", path: [value.fromTime === undefined ? "fromTime" : "toTime"], message: "timeWindowIncomplete" });
    } else if (value.fromTime !== undefined && value.toTime !== undefined && value.fromTime >= value.toTime) {
      ctx.addIssue({ code: "custom", path: ["toTime"], message: "timeWindowOrder" });
    }
    if (value.expiresOn && Number.isNaN(new Date(`${value.expiresOn}T00:00:00Z`).getTime())) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "invalidDate" });
    }
  });

export type WaitlistEntryInput = z.infer<typeof waitlistEntryInputSchema>;

/** The clinic's waitlist rules as the settings form submits them. */
export const waitlistSettingsInputSchema = z.object({
  autoOffer: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  acceptMovesLaterVisit: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  waveSize: z.coerce.number("invalidWaveSize").int("invalidWaveSize").min(1, "invalidWaveSize").max(10, "invalidWaveSize"),
  holdMinutes: z.coerce.number("invalidHold").int("invalidHold").min(5, "invalidHold").max(240, "invalidHold"),
  minLeadMinutes: z.coerce.number("invalidLead").int("invalidLead").min(0, "invalidLead").max(2880, "invalidLead"),
});
