import { getDatabase } from "@/db/client";
import { checkHealth } from "@/lib/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET() {
  const { httpStatus, body } = await checkHealth(getDatabase);
  return Response.json(body, { status: httpStatus, headers: { "cache-control": "no-store" } });
}
