import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import type { DocumentKind, Locale } from "@/db/schema";
import { getLinkedDocument } from "@/lib/documents/queries";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { getBlobStore } from "@/lib/storage";
import { linkRequestNow } from "../_lib/link-request";

const DOCUMENT_PURPOSES = new Set(["lab_result", "prescription"]);

const FILENAMES: Record<DocumentKind, Record<Locale, string>> = {
  lab_result: { es: "resultados.pdf", en: "lab-results.pdf" },
  prescription: { es: "receta.pdf", en: "prescription.pdf" },
};

const PRIVATE_HEADERS = {
  "cache-control": "private, no-store",
  "x-robots-tag": "noindex, nofollow",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
} as const;

/**
 * The PDF behind a document link. The token is checked on every request; S3 answers with a redirect to a
 * presigned URL that lives a minute (made now, never stored or put in a message), the local store with
 * the bytes. Anything but a valid document link goes back to /l/<token>, which explains (not found,
 * expired) in the patient's language.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const now = await linkRequestNow();
  const db = await getDb();
  const resolved = await resolveSecureLink(db, token, now);
  const back = () => NextResponse.redirect(new URL(`/l/${encodeURIComponent(token)}`, request.url), { status: 303, headers: PRIVATE_HEADERS });
  if (resolved.status !== "ok" || !DOCUMENT_PURPOSES.has(resolved.link.purpose)) return back();
  const document = await getLinkedDocument(db, { clinicId: resolved.clinic.id, patientId: resolved.patient.id, documentId: resolved.link.targetId });
  if (!document) return back();

  const filename = FILENAMES[document.kind][resolved.patient.locale];
  const served = await getBlobStore().serve({ key: document.storageKey, filename, contentType: "application/pdf", now });
  if (served.kind === "redirect") {
    return new Response(null, { status: 302, headers: { ...PRIVATE_HEADERS, location: served.url } });
  }
  return new Response(served.body, {
    status: 200,
    headers: {
      ...PRIVATE_HEADERS,
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${filename}"`,
      "content-length": String(served.size),
    },
  });
}
