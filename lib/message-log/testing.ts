import { randomUUID } from "node:crypto";
import { subjectOf } from "@/db/testing/factories";
import type { Db } from "@/db/client";
import { deliveries, type Delivery } from "@/db/schema";

/** Inserts one delivery row as the log shows it (tests only): defaults to a sent WhatsApp reminder. */
export async function insertLogDelivery(
  db: Db,
  params: { clinicId: string; patientId: string; sendAt: Date } & Partial<typeof deliveries.$inferInsert>,
): Promise<Delivery> {
  const [row] = await db
    .insert(deliveries)
    .values({
      notificationType: "reminder",
      channel: "whatsapp",
      locale: "es",
      templateKey: "reminder.in_person.es",
      nextAttemptAt: params.sendAt,
      status: "delivered",
      attempts: 1,
      idempotencyKey: `test:${randomUUID()}`,
      ...subjectOf(params),
      ...params,
    })
    .returning();
  return row;
}
