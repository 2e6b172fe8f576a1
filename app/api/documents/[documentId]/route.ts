import { getDb } from "@/db/client";
import { getStaffContext } from "@/lib/auth/session";
import { openDocumentForStaff } from "@/lib/documents/view-document";
import { getBlobStore } from "@/lib/storage";

const PRIVATE_HEADERS = {
  "cache-control": "private, no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
} as const;

/** A staff member opens one of their clinic's documents (audited). Another clinic's answers 404. */
export async function GET(_request: Request, { params }: { params: Promise<{ documentId: string }> }) {
  const ctx = await getStaffContext();
  if (!ctx) return new Response("Unauthorized", { status: 401, headers: PRIVATE_HEADERS });
  const { documentId } = await params;
  const result = await openDocumentForStaff(await getDb(), getBlobStore(), ctx, { documentId });
  if (!result.ok)
    return new Response(result.error === "forbidden" ? "Forbidden" : "Not found", {
      status: result.error === "forbidden" ? 403 : 404,
      headers: PRIVATE_HEADERS,
    });
  if (result.served.kind === "redirect")
    return new Response(null, { status: 302, headers: { ...PRIVATE_HEADERS, location: result.served.url } });
  return new Response(result.served.body, {
    headers: {
      ...PRIVATE_HEADERS,
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${result.kind}.pdf"`,
      "content-length": String(result.served.size),
    },
  });
}
