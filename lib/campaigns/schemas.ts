import { z } from "zod";
import { CAMPAIGN_TEMPLATE_TYPES } from "@/lib/notifications/registry";

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
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "unknownFilter" : undefined) },
  )
  .refine((s) => s.ageMin === undefined || s.ageMax === undefined || s.ageMin <= s.ageMax, { message: "ageRange", path: ["ageMax"] })
  .refine((s) => !s.lastVisitBefore || !s.lastVisitAfter || s.lastVisitAfter < s.lastVisitBefore, {
    message: "dateRange",
    path: ["lastVisitBefore"],
  });
export type SegmentInput = z.infer<typeof segmentSchema>;

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
});
