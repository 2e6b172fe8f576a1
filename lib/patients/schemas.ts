import { z } from "zod";
import { normalizePhone } from "./phone";

/**
 * The patient form, as staff submit it. Error messages are codes; the form turns them into
 * localized text with the `patients.errors` messages.
 */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const patientInputSchema = z
  .object({
    firstName: z.string().trim().min(1, "required").max(80, "tooLong"),
    lastName: z.string().trim().min(1, "required").max(120, "tooLong"),
    // Optional: a patient reached by email only has no phone (but needs one of the two, below).
    phone: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .trim()
        .transform((value, ctx) => {
          const e164 = normalizePhone(value);
          if (!e164) {
            ctx.addIssue({ code: "custom", message: "phoneInvalid" });
            return z.NEVER;
          }
          return e164;
        })
        .optional(),
    ),
    email: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim().toLowerCase() : v),
      z.email("emailInvalid").max(200, "tooLong").optional(),
    ),
    preferredLocale: z.enum(["es", "en"], "required"),
    optOutWhatsapp: checkbox,
    optOutSms: checkbox,
    optOutEmail: checkbox,
  })
  // Messages need somewhere to go: a phone (WhatsApp, SMS) or an email. The error sits on the phone field.
  .refine((input) => input.phone !== undefined || input.email !== undefined, { message: "phoneOrEmail", path: ["phone"] });

export type PatientInput = z.infer<typeof patientInputSchema>;
export type PatientFormField = keyof PatientInput;

export const patientListParamsSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
