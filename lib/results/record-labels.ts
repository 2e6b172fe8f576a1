import { getTranslations } from "next-intl/server";
import type { Currency, Locale } from "@/db/schema";
import type { RecordFormatContext } from "./format-record";
import type { RecordList } from "./records";

/** The labels a drill-down list is written with, in the staff member's language (page and CSV alike). */
export async function recordFormatContext(params: {
  locale: Locale;
  timeZone: string;
  currency: Currency;
  list: RecordList;
}): Promise<RecordFormatContext> {
  const [t, ta] = await Promise.all([
    getTranslations({ locale: params.locale, namespace: "results.records" }),
    getTranslations({ locale: params.locale, namespace: "appointments" }),
  ]);
  const safe = (key: string, fallback: string) => (ta.has(key as never) ? ta(key as never) : fallback);
  return {
    locale: params.locale,
    timeZone: params.timeZone,
    currency: params.currency,
    label: (group, value = "") => {
      if (group === "yes" || group === "no" || group === "noAnswer") return t(group);
      if (group === "outcome") return t.has(`outcomes.${value}` as never) ? t(`outcomes.${value}` as never) : value;
      if (group === "type") return safe(`types.${value}`, value);
      if (group === "channel") return safe(`channels.${value}`, value);
      if (params.list === "freedSlots") return t.has(`slotStatus.${value}` as never) ? t(`slotStatus.${value}` as never) : value;
      return safe(`deliveryStatus.${value}`, value);
    },
  };
}
