import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { activeParts } from "@/lib/env";

// Inngest calls this route to sync the functions and to run their steps (signed with
// INNGEST_SIGNING_KEY in production; unsigned against the dev server with INNGEST_DEV=1).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handlers = serve({ client: inngest, functions });
type Handler = (typeof handlers)["GET"];

/**
 * Without Inngest configured (no INNGEST_EVENT_KEY, no INNGEST_DEV: the embedded scheduler drives the
 * messages) there is nothing to serve: a quiet 404, not the SDK's 500 and error line on every probe.
 */
function whenConfigured(handler: Handler): Handler {
  return ((...args: Parameters<Handler>) => {
    if (activeParts().scheduler !== "inngest") {
      return new Response(null, { status: 404, headers: { "cache-control": "no-store" } });
    }
    return handler(...args);
  }) as Handler;
}

export const GET = whenConfigured(handlers.GET);
export const POST = whenConfigured(handlers.POST);
export const PUT = whenConfigured(handlers.PUT);
