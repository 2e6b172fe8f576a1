import { insertTestDelivery } from "@/db/testing/factories";
import type { Db } from "@/db/client";
import type { deliveries, Delivery } from "@/db/schema";

/** Inserts one delivery row as the log shows it (tests only): defaults to a delivered WhatsApp reminder. */
export async function insertLogDelivery(
  db: Db,
  params: { clinicId: string; patientId: string; sendAt: Date } & Partial<typeof deliveries.$inferInsert>,
): Promise<Delivery> {
  return insertTestDelivery(db, { status: "delivered", attempts: 1, ...params });
}
