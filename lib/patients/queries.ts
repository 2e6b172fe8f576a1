import { and, asc, count, eq, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { patients, type Patient } from "@/db/schema";
import type { PatientInput } from "./schemas";

export const PATIENTS_PAGE_SIZE = 20;

const folded = (column: typeof patients.firstName | typeof patients.lastName) => sql`translate(lower(${column}), 'áéíóúüñ', 'aeiouun')`;

function foldSearch(text: string) {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

/** One page of a clinic's patients, searched by name (accents ignored) or by phone digits. */
export async function listPatients(db: Db, params: { clinicId: string; search?: string; page?: number; pageSize?: number }) {
  const pageSize = params.pageSize ?? PATIENTS_PAGE_SIZE;
  const page = Math.max(1, params.page ?? 1);
  const conditions = [eq(patients.clinicId, params.clinicId)];
  const search = params.search?.trim();
  if (search) {
    const terms = foldSearch(search).split(/\s+/).filter(Boolean);
    const digits = search.replace(/\D/g, "");
    const nameMatch = and(
      ...terms.map((term) => {
        const pattern = `%${term.replace(/[%_\\]/g, "\\$&")}%`;
        return or(sql`${folded(patients.firstName)} like ${pattern}`, sql`${folded(patients.lastName)} like ${pattern}`);
      }),
    );
    conditions.push(digits.length >= 3 ? or(nameMatch, sql`${patients.phone} like ${`%${digits}%`}`)! : nameMatch!);
  }
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(patients)
      .where(where)
      .orderBy(asc(folded(patients.lastName)), asc(folded(patients.firstName)), asc(patients.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(patients).where(where),
  ]);
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** A patient of this clinic, or null (also for a malformed id or another clinic's patient). */
export async function getPatient(db: Db, params: { clinicId: string; patientId: string }): Promise<Patient | null> {
  if (!z.uuid().safeParse(params.patientId).success) return null;
  const [row] = await db
    .select()
    .from(patients)
    .where(and(eq(patients.clinicId, params.clinicId), eq(patients.id, params.patientId)))
    .limit(1);
  return row ?? null;
}

/**
 * The clinic's patient who already has this phone (other than `exceptPatientId`), for the duplicate-phone
 * error: staff of the same clinic see the first name and the last four digits, and a link to the chart.
 */
export async function findPatientWithPhone(db: Db, params: { clinicId: string; phone: string; exceptPatientId?: string }) {
  const conditions = [eq(patients.clinicId, params.clinicId), eq(patients.phone, params.phone)];
  if (params.exceptPatientId) conditions.push(ne(patients.id, params.exceptPatientId));
  const [row] = await db
    .select({ patientId: patients.id, firstName: patients.firstName, phoneLast4: sql<string>`right(${patients.phone}, 4)` })
    .from(patients)
    .where(and(...conditions))
    .limit(1);
  return row ?? null;
}

/** Opt-out columns from the form's checkboxes: a new opt-out is stamped now by staff; an existing one keeps its time and source. */
export function optOutColumns(input: PatientInput, existing: Patient | null, now: Date) {
  const column = (optedOut: boolean, at: Date | null | undefined, source: Patient["smsOptOutSource"] | undefined) =>
    optedOut ? { at: at ?? now, source: at ? (source ?? "staff") : ("staff" as const) } : { at: null, source: null };
  const whatsapp = column(input.optOutWhatsapp, existing?.whatsappOptedOutAt, existing?.whatsappOptOutSource);
  const sms = column(input.optOutSms, existing?.smsOptedOutAt, existing?.smsOptOutSource);
  const email = column(input.optOutEmail, existing?.emailOptedOutAt, existing?.emailOptOutSource);
  return {
    whatsappOptedOutAt: whatsapp.at,
    whatsappOptOutSource: whatsapp.source,
    smsOptedOutAt: sms.at,
    smsOptOutSource: sms.source,
    emailOptedOutAt: email.at,
    emailOptOutSource: email.source,
  };
}
