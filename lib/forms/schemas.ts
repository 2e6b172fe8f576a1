import { z } from "zod";
import type { IntakeAnswers } from "@/db/schema";
import { zonedCalendarDate } from "@/lib/dates";
import { normalizePhone } from "@/lib/patients/phone";

/**
 * The intake form as the patient submits it from the link page. Messages are error codes; the page
 * shows them with the `intakeForm.errors` strings in the patient's language.
 */
export const INTAKE_FIELDS = [
  "dateOfBirth",
  "allergies",
  "medications",
  "conditions",
  "emergencyContactName",
  "emergencyContactPhone",
  "consent",
] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

const freeText = z.preprocess((v) => (v == null ? "" : v), z.string().trim().max(2000, "tooLong"));

/**
 * `now` on the clinic's wall clock (`timeZone`) decides what "a date in the future" is (a birth date
 * cannot be): at 19:20 in Mexico City it is already tomorrow in UTC, and tomorrow is still the future.
 */
export function intakeAnswersSchema(params: { now: Date; timeZone: string }) {
  const { year, month, day } = zonedCalendarDate(params.now, params.timeZone);
  const today = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return z.object({
    dateOfBirth: z
      .string("required")
      .trim()
      .min(1, "required")
      .regex(/^\d{4}-\d{2}-\d{2}$/, "dateInvalid")
      .refine((v) => {
        const date = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
      }, "dateInvalid")
      .refine((v) => v >= "1900-01-01", "dateInvalid")
      .refine((v) => v <= today, "dateInFuture"),
    allergies: freeText,
    medications: freeText,
    conditions: freeText,
    emergencyContactName: z.string("required").trim().min(1, "required").max(200, "tooLong"),
    emergencyContactPhone: z
      .string("required")
      .trim()
      .min(1, "required")
      .transform((value, ctx) => {
        const e164 = normalizePhone(value);
        if (!e164) {
          ctx.addIssue({ code: "custom", message: "phoneInvalid" });
          return z.NEVER;
        }
        return e164;
      }),
    consent: z.preprocess((v) => v === "on" || v === "true" || v === true, z.literal(true, "consentRequired")),
  }) satisfies z.ZodType<IntakeAnswers>;
}

export type IntakeFieldErrors = Partial<Record<IntakeField, string>>;
