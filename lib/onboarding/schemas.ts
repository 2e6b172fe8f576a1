import { z } from "zod";
import { isTimeZone } from "@/lib/clinics/timezones";
import { newPasswordSchema } from "@/lib/team/schemas";

export const SIGN_UP_CURRENCIES = ["MXN", "USD"] as const;

/**
 * The sign-up form. Error messages are codes (`required`, `tooLong`, `invalid`, `tooShort`), turned into
 * words by the page (onboarding.signUp.errors.<field>.<code>). The password follows a password change's rule.
 */
export const signUpSchema = z.object({
  clinicName: z.string({ error: "required" }).trim().min(1, "required").max(120, "tooLong"),
  timezone: z.string({ error: "required" }).refine(isTimeZone, "invalid"),
  currency: z.enum(SIGN_UP_CURRENCIES, { error: "invalid" }),
  adminName: z.string({ error: "required" }).trim().min(1, "required").max(120, "tooLong"),
  email: z
    .string({ error: "invalid" })
    .trim()
    .toLowerCase()
    .max(200, "invalid")
    .pipe(z.email({ error: "invalid" })),
  password: newPasswordSchema,
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignUpField = keyof SignUpInput;
export const SIGN_UP_FIELDS = [
  "clinicName",
  "timezone",
  "currency",
  "adminName",
  "email",
  "password",
] as const satisfies readonly SignUpField[];
