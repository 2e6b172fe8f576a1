import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { patients } from "@/db/schema";
import { normalizePhone } from "@/lib/patients/phone";
import { PASTED_LIST_MAX } from "./schemas";

export interface PastedListMatch {
  /** The clinic's patients the list names (each once). */
  patientIds: string[];
  /** Lines that name no patient of the clinic (or are neither a phone nor an email), as pasted. */
  unmatched: string[];
  lines: number;
  tooLong: boolean;
}

/** One entry a line, or several separated by commas or semicolons; blank lines ignored. */
export function splitPastedList(text: string): string[] {
  return text
    .split(/[\n\r,;]+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Matches a pasted list of phones and emails to the clinic's own patients — never another clinic's: a
 * line naming someone elsewhere is just unmatched. Phones are compared in E.164 (Mexico's legacy
 * prefixes removed), emails without case. Two queries whatever the list's length (up to PASTED_LIST_MAX).
 */
export async function matchPastedList(db: Db, params: { clinicId: string; text: string }): Promise<PastedListMatch> {
  const entries = splitPastedList(params.text);
  if (entries.length > PASTED_LIST_MAX) return { patientIds: [], unmatched: [], lines: entries.length, tooLong: true };
  const phoneOf = new Map<string, string>();
  const emailOf = new Map<string, string>();
  const unmatched: string[] = [];
  for (const entry of entries) {
    if (entry.includes("@")) emailOf.set(entry, entry.toLowerCase());
    else {
      const phone = normalizePhone(entry);
      if (phone) phoneOf.set(entry, phone);
      else unmatched.push(entry);
    }
  }
  const phones = [...new Set(phoneOf.values())];
  const emails = [...new Set(emailOf.values())];
  const byPhone = phones.length
    ? await db
        .select({ id: patients.id, phone: patients.phone })
        .from(patients)
        .where(and(eq(patients.clinicId, params.clinicId), inArray(patients.phone, phones)))
    : [];
  const byEmail = emails.length
    ? await db
        .select({ id: patients.id, email: sql<string>`lower(${patients.email})` })
        .from(patients)
        .where(and(eq(patients.clinicId, params.clinicId), inArray(sql`lower(${patients.email})`, emails)))
    : [];
  const idOfPhone = new Map(byPhone.map((p) => [p.phone, p.id]));
  const idOfEmail = new Map(byEmail.map((p) => [p.email, p.id]));
  const ids = new Set<string>();
  for (const entry of entries) {
    const id = phoneOf.has(entry)
      ? idOfPhone.get(phoneOf.get(entry)!)
      : emailOf.has(entry)
        ? idOfEmail.get(emailOf.get(entry)!)
        : undefined;
    if (id) ids.add(id);
    else if (phoneOf.has(entry) || emailOf.has(entry)) unmatched.push(entry);
  }
  return { patientIds: [...ids], unmatched: [...new Set(unmatched)], lines: entries.length, tooLong: false };
}
