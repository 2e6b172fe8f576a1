import type { Locale } from "@/db/schema/enums";

/**
 * UI strings live in one file per area (`messages/<locale>/<area>.json`), each area owning its own
 * top-level namespaces, so that work on one screen never edits another screen's file. A namespace in
 * two areas is a test failure (messages/messages.test.ts), never a silent override.
 */
export const MESSAGE_AREAS = [
  "core",
  "appointments",
  "patients",
  "settings",
  "messageLog",
  "documents",
  "forms",
  "security",
  "payments",
  "results",
  "team",
  "doctors",
  "waitlist",
  "campaigns",
  "onboarding",
  "messaging",
] as const;

// Static imports (one per file) so that the bundler knows every file; `Promise.all` keeps them lazy per locale.
const loaders = {
  es: () =>
    Promise.all([
      import("./es/core.json"),
      import("./es/appointments.json"),
      import("./es/patients.json"),
      import("./es/settings.json"),
      import("./es/messageLog.json"),
      import("./es/documents.json"),
      import("./es/forms.json"),
      import("./es/security.json"),
      import("./es/payments.json"),
      import("./es/results.json"),
      import("./es/team.json"),
      import("./es/doctors.json"),
      import("./es/waitlist.json"),
      import("./es/campaigns.json"),
      import("./es/onboarding.json"),
      import("./es/messaging.json"),
    ]),
  en: () =>
    Promise.all([
      import("./en/core.json"),
      import("./en/appointments.json"),
      import("./en/patients.json"),
      import("./en/settings.json"),
      import("./en/messageLog.json"),
      import("./en/documents.json"),
      import("./en/forms.json"),
      import("./en/security.json"),
      import("./en/payments.json"),
      import("./en/results.json"),
      import("./en/team.json"),
      import("./en/doctors.json"),
      import("./en/waitlist.json"),
      import("./en/campaigns.json"),
      import("./en/onboarding.json"),
      import("./en/messaging.json"),
    ]),
} satisfies Record<Locale, () => Promise<{ default: object }[]>>;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const files = await loaders[locale]();
  return Object.assign({}, ...files.map((file) => file.default));
}
