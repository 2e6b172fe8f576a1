import type messages from "./messages/es.json";
import type { routing } from "./i18n/routing";

// Typed messages: `npm run typecheck` fails on a key the code uses that es.json lacks
// (and messages/messages.test.ts fails when en.json lacks a key es.json has).
declare module "next-intl" {
  interface AppConfig {
    Locale: (typeof routing.locales)[number];
    Messages: typeof messages;
  }
}
