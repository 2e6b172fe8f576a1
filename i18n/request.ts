import { hasLocale } from "next-intl";
import { getRequestConfig } from "next-intl/server";
import { loadMessages } from "@/messages/load";
import { routing } from "./routing";

/**
 * The locale comes from an explicit override, else the `[locale]` segment as the proxy resolved it
 * (this also covers server actions, where next/root-params is not available), else Spanish.
 */
export default getRequestConfig(async ({ locale, requestLocale }) => {
  const candidate = locale ?? (await requestLocale);
  const resolved = hasLocale(routing.locales, candidate) ? candidate : routing.defaultLocale;
  return {
    locale: resolved,
    messages: await loadMessages(resolved),
  };
});
