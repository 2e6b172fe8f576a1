import { z } from "zod";
import { normalizePhone } from "@/lib/patients/phone";
import { isTimeZone } from "./timezones";

const trimmed = z.string().transform((v) => v.trim());
const emptyToNull = (v: string) => (v === "" ? null : v);

/**
 * The account form. Errors are codes (`errors.<code>` in the settings messages); the form turns them
 * into words. Empty optional fields clear the value.
 */
export const clinicAccountSchema = z.object({
  name: trimmed.pipe(z.string().min(1, "required").max(120, "tooLong")),
  timezone: trimmed.pipe(z.string().refine(isTimeZone, "timezoneInvalid")),
  videoRoomBaseUrl: trimmed
    .pipe(z.string().max(500, "tooLong"))
    .transform(emptyToNull)
    .refine((v) => v === null || isHttpsUrl(v), "httpsRequired"),
  phone: trimmed.transform(emptyToNull).transform((v, ctx) => {
    if (v === null) return null;
    const e164 = normalizePhone(v);
    if (!e164) {
      ctx.addIssue({ code: "custom", message: "phoneInvalid" });
      return z.NEVER;
    }
    return e164;
  }),
  // One line as a patient would type it into a map: line breaks and runs of spaces fold to one space.
  address: trimmed
    .transform((v) => v.replace(/\s+/g, " "))
    .pipe(z.string().max(200, "tooLong"))
    .transform(emptyToNull),
});

export type ClinicAccountInput = z.infer<typeof clinicAccountSchema>;
export type ClinicAccountField = keyof ClinicAccountInput;
export const CLINIC_ACCOUNT_FIELDS = [
  "name",
  "timezone",
  "videoRoomBaseUrl",
  "phone",
  "address",
] as const satisfies readonly ClinicAccountField[];

function isHttpsUrl(value: string) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && Boolean(url.hostname) && !url.username && !url.password;
  } catch {
    return false;
  }
}
