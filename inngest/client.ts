import { Inngest } from "inngest";

/**
 * INNGEST_DEV=1 (or "true") selects the local dev server; "0"/"false" forces cloud. Any other value
 * (e.g. a URL of a dev server elsewhere) is left to the SDK, which reads INNGEST_DEV itself.
 */
export function inngestDevMode(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (v === "1" || v === "true") return true;
  if (v === "0" || v === "false") return false;
  return undefined;
}

/**
 * The app's Inngest client. Constructing it contacts nothing: events leave only on `send`, and the
 * serve route answers Inngest when it calls. Keys come from the environment, read by the SDK:
 * INNGEST_EVENT_KEY (sending), INNGEST_SIGNING_KEY (verifying Inngest's calls in production).
 * lib/env.ts decides whether Inngest drives the scheduler at all.
 */
export const inngest = new Inngest({
  id: "luna",
  isDev: inngestDevMode(process.env.INNGEST_DEV),
  // No AI calls here: do not hook the SDK's span processor into the global OpenTelemetry provider.
  aiMetadata: false,
});
