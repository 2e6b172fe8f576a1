import { APPOINTMENT_VARIANTS, NOTIFICATION_TYPES, templateKey } from "@/lib/notifications/registry";

/** A made-up WhatsApp content SID for every template key, the same in the bench and its worker processes. */
export function benchContentSids(): Record<string, string> {
  return Object.fromEntries(
    NOTIFICATION_TYPES.flatMap((type, t) =>
      APPOINTMENT_VARIANTS.flatMap((variant, v) =>
        (["es", "en"] as const).map((locale, l) => [
          templateKey(type, variant, locale),
          `HX${String(t * 100 + v * 10 + l).padStart(32, "0")}`,
        ]),
      ),
    ),
  );
}
