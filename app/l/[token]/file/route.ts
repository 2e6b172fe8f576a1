import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import type { DocumentKind, Locale } from "@/db/schema";
import { getLinkedDocument } from "@/lib/documents/queries";
import { getBlobStore } from "@/lib/storage";
import { linkUrl, resolveSecureLink } from "@/lib/links/secure-links";

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
 * the bytes. Anything but a valid document link goes back to /l/<token> (on PUBLIC_BASE_URL, never the
 * request's host), which explains (not found, expired, withdrawn) in the patient's language.
 */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const now = new Date();
  const db = await getDb();
  const resolved = await resolveSecureLink(db, token, now);
  const back = () => new Response(null, { status: 303, headers: { ...PRIVATE_HEADERS, location: linkUrl(encodeURIComponent(token)) } });
  if (resolved.status !== "ok" || !DOCUMENT_PURPOSES.has(resolved.link.purpose)) return back();
  const document = await getLinkedDocument(db, {
    clinicId: resolved.clinic.id,
    patientId: resolved.patient.id,
    documentId: resolved.link.targetId,
  });
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
