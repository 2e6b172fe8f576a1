import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, patients, type Delivery } from "@/db/schema";
import { kindOf } from "../registry";
import { subjectMapKey, type MessageKind, type SubjectKey } from "../kinds/types";

/** What the engine knows about a claimed delivery: its recipient, the clinic, and its subject as it is now. */
export interface DeliveryContext {
  patient: typeof patients.$inferSelect;
  clinic: { name: string; timezone: string; address: string | null };
  /** The delivery's subject, as its kind loaded it (kinds/); null when it has vanished (or the type is unknown). */
  subject: unknown;
}

type ContextDelivery = Pick<Delivery, "id" | "clinicId" | "patientId" | "subjectId" | "notificationType">;

/**
 * The contexts of a batch of claimed deliveries, in a fixed number of queries whatever the batch's size:
 * one for the recipients and their clinics, and one per kind present (each kind loads its subjects at
 * once). Every lookup is scoped by the delivery's clinic. A delivery whose patient is gone maps to null.
 */
export async function loadContexts(db: Db, rows: readonly ContextDelivery[]): Promise<Map<string, DeliveryContext | null>> {
  const contexts = new Map<string, DeliveryContext | null>();
  if (rows.length === 0) return contexts;
  const byKind = new Map<MessageKind, SubjectKey[]>();
  for (const row of rows) {
    const kind = kindOf(row.notificationType);
    if (!kind) continue;
    const keys = byKind.get(kind) ?? [];
    keys.push({ clinicId: row.clinicId, patientId: row.patientId, subjectId: row.subjectId });
    byKind.set(kind, keys);
  }
  const [recipients, ...subjects] = await Promise.all([
    loadRecipients(db, rows),
    ...[...byKind].map(async ([kind, keys]) => [kind, await kind.loadSubjects(db, keys)] as const),
  ]);
  const subjectsOf = new Map(subjects);
  for (const row of rows) {
    const recipient = recipients.get(subjectMapKey({ clinicId: row.clinicId, subjectId: row.patientId }));
    if (!recipient) {
      contexts.set(row.id, null);
      continue;
    }
    const kind = kindOf(row.notificationType);
    const subject = kind ? subjectsOf.get(kind)?.get(subjectMapKey(row)) : undefined;
    contexts.set(row.id, { ...recipient, subject: subject ?? null });
  }
  return contexts;
}

/** One delivery's context (the per-delivery paths: Inngest's dispatchDelivery, a claim processed alone). */
export async function loadContext(db: Db, delivery: ContextDelivery): Promise<DeliveryContext | null> {
  return (await loadContexts(db, [delivery])).get(delivery.id) ?? null;
}

/** The patients and clinics of a batch, keyed by clinic/patient: a patient is found only in its own clinic. */
async function loadRecipients(db: Db, rows: readonly ContextDelivery[]) {
  const found = await db
    .select({ patient: patients, clinicName: clinics.name, timezone: clinics.timezone, address: clinics.address })
    .from(patients)
    .innerJoin(clinics, eq(clinics.id, patients.clinicId))
    .where(
      and(
        inArray(patients.id, [...new Set(rows.map((r) => r.patientId))]),
        inArray(patients.clinicId, [...new Set(rows.map((r) => r.clinicId))]),
      ),
    );
  return new Map(
    found.map((r) => [
      subjectMapKey({ clinicId: r.patient.clinicId, subjectId: r.patient.id }),
      { patient: r.patient, clinic: { name: r.clinicName, timezone: r.timezone, address: r.address } },
    ]),
  );
}
