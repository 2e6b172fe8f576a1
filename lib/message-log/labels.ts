import { getTranslations } from "next-intl/server";
import type { Channel, Delivery, Locale } from "@/db/schema";
import { providerErrorRule } from "@/lib/notifications/provider-errors";
import { QUIET_HOURS_CODE } from "@/lib/notifications/engine/quiet-hold";

/**
 * The words of the log, for pages and the CSV alike. Status, channel, appointment-type and skip-reason
 * words belong to the `appointments` area and are used from there; the log's own file adds only what no
 * other area says (the reply confirmations' names, provider error classes).
 */
export async function getLogLabels(locale: Locale) {
  const [ta, tl] = await Promise.all([
    getTranslations({ locale, namespace: "appointments" }),
    getTranslations({ locale, namespace: "messageLog" }),
  ]);
  return buildLogLabels(ta, tl);
}

type AppointmentsT = Awaited<ReturnType<typeof getTranslations<"appointments">>>;
type MessageLogT = Awaited<ReturnType<typeof getTranslations<"messageLog">>>;

/** The same words from translators made anywhere (next-intl's `createTranslator` in tests and scripts). */
export function buildLogLabels(ta: AppointmentsT, tl: MessageLogT) {
  const type = (value: string) => {
    if (ta.has(`types.${value}` as never)) return ta(`types.${value}` as never);
    if (tl.has(`types.${value}` as never)) return tl(`types.${value}` as never);
    return value;
  };
  const channel = (value: Channel) => ta(`channels.${value}`);
  const status = (value: Delivery["status"]) => ta(`deliveryStatus.${value}`);

  /** A provider error code or a skip reason, in words: the specific word when there is one, else its class. */
  const reason = (ch: Channel, code: string | null | undefined): string | null => {
    if (!code) return null;
    if (code !== "other" && ta.has(`reasons.${code}` as never)) return ta(`reasons.${code}` as never);
    if (tl.has(`errorClass.${code}` as never)) return tl(`errorClass.${code}` as never);
    const rule = providerErrorRule(ch, code);
    const cls = rule.optOut
      ? "optOut"
      : rule.unreachable || rule.fallback
        ? "unreachable"
        : rule.retryLater
          ? "retryLater"
          : rule.configError
            ? "configError"
            : null;
    const words = cls ? tl(`errorClass.${cls}`) : null;
    // The code stays beside the words: it is what the provider's documentation is searched by.
    return words ? `${words} (${code})` : ta("reasons.other", { code });
  };

  /**
   * A row waiting out the clinic's quiet hours reads "Retenido hasta las 08:00" (the clinic's clock, 24 h
   * in both languages); any other row, its reason.
   */
  const statusNote = (
    row: { channel: Channel; status: Delivery["status"]; errorCode: string | null; nextAttemptAt: Date },
    timeZone: string,
  ) => {
    if (row.status === "scheduled" && row.errorCode === QUIET_HOURS_CODE) {
      const time = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
        row.nextAttemptAt,
      );
      return tl("heldUntil", { time });
    }
    return reason(row.channel, row.errorCode);
  };

  return { type, channel, status, reason, statusNote };
}

export type LogLabels = ReturnType<typeof buildLogLabels>;

/** "María · •••• 5678": the log shows a first name and the last four digits, never the whole number. */
export function maskedPatient(firstName: string, last4: string | null) {
  // A patient reached by email only has no phone to hint at.
  return last4 ? `${firstName} · •••• ${last4}` : firstName;
}
