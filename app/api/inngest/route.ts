import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

// Inngest calls this route to sync the functions and to run their steps (signed with
// INNGEST_SIGNING_KEY in production; unsigned against the dev server with INNGEST_DEV=1).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
