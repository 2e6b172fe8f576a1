import type { DocumentKind } from "@/db/schema";

/** Every patient file sits under its clinic and patient: `clinics/<clinicId>/patients/<patientId>/<kind>/<id>.pdf`. */
export function documentStorageKey(params: { clinicId: string; patientId: string; kind: DocumentKind; documentId: string }) {
  return `clinics/${params.clinicId}/patients/${params.patientId}/${params.kind}/${params.documentId}.pdf`;
}
