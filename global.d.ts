import type core from "./messages/es/core.json";
import type appointments from "./messages/es/appointments.json";
import type patients from "./messages/es/patients.json";
import type settings from "./messages/es/settings.json";
import type messageLog from "./messages/es/messageLog.json";
import type documents from "./messages/es/documents.json";
import type forms from "./messages/es/forms.json";
import type security from "./messages/es/security.json";
import type payments from "./messages/es/payments.json";
import type results from "./messages/es/results.json";
import type team from "./messages/es/team.json";
import type doctors from "./messages/es/doctors.json";
import type waitlist from "./messages/es/waitlist.json";
import type campaigns from "./messages/es/campaigns.json";
import type onboarding from "./messages/es/onboarding.json";
import type messaging from "./messages/es/messaging.json";
import type { routing } from "./i18n/routing";

// Typed messages: `npm run typecheck` fails on a key the code uses that the Spanish files lack
// (and messages/messages.test.ts fails when an English file lacks a key its Spanish twin has).
// One import per area file of messages/load.ts.
declare module "next-intl" {
  interface AppConfig {
    Locale: (typeof routing.locales)[number];
    Messages: typeof core &
      typeof appointments &
      typeof patients &
      typeof settings &
      typeof messageLog &
      typeof documents &
      typeof forms &
      typeof security &
      typeof payments &
      typeof results &
      typeof team &
      typeof doctors &
      typeof waitlist &
      typeof campaigns &
      typeof onboarding &
      typeof messaging;
  }
}
