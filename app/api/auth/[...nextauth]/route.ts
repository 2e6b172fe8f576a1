import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";

export const { POST } = handlers;

/**
 * Auth.js's endpoints, but GET /api/auth/session answers without the session row's token: server code
 * reads it through `auth()` (lib/auth/session.ts), no script needs it. (Luna has no client-side
 * `useSession`; the token alone opens nothing without the encrypted cookie, this keeps it out of reach anyway.)
 */
export async function GET(request: NextRequest) {
  const response = await handlers.GET(request);
  if (!request.nextUrl.pathname.endsWith("/session") || !response.headers.get("content-type")?.includes("json")) return response;
  const body: unknown = await response.json();
  if (body && typeof body === "object") delete (body as { sessionToken?: unknown }).sessionToken;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(body), { status: response.status, headers });
}
