import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, deliveryEvents, type Delivery } from "@/db/schema";
import type { OutboundMessage, SendResult } from "../channels/types";

/** Moves a claimed row to its outcome and appends the event, in one statement. */
export async function finish(
  db: Db,
  delivery: Delivery,
  params: {
    status: Delivery["status"];
    now: Date;
    errorCode?: string | null;
    errorMessage?: string | null;
    set?: Partial<typeof deliveries.$inferInsert>;
    source?: string;
    payload?: unknown;
  },
) {
  const update = db
    .update(deliveries)
    .set({
      status: params.status,
      errorCode: params.errorCode ?? null,
      errorMessage: params.errorMessage ?? null,
      updatedAt: params.now,
      // The row leaves `sending`: the lease ends, and so does a send stamp unless `set` keeps it (lease.ts).
      leaseOwner: null,
      leaseExpiresAt: null,
      sendStartedAt: null,
      ...params.set,
    })
    // Only while the claim is still this worker's: a row recovered by another worker is theirs to record.
    .where(
      and(
        eq(deliveries.id, delivery.id),
        eq(deliveries.status, "sending"),
        ...(delivery.leaseOwner ? [eq(deliveries.leaseOwner, delivery.leaseOwner)] : []),
      ),
    )
    .returning({ id: deliveries.id, clinicId: deliveries.clinicId });
  const payload = params.payload === undefined ? null : JSON.stringify(params.payload);
  await db.execute(sql`
    with moved as (${update.getSQL()})
    insert into ${deliveryEvents} (delivery_id, clinic_id, status, error_code, source, payload, occurred_at)
    select moved.id, moved.clinic_id, ${params.status}::delivery_status, ${params.errorCode ?? null}, ${params.source ?? "system"}, ${payload}::jsonb, ${params.now.toISOString()}::timestamptz
    from moved`);
}

export async function recordSent(db: Db, delivery: Delivery, message: OutboundMessage, result: SendResult, now: Date, source = "system") {
  await finish(db, delivery, {
    status: result.status,
    now,
    source,
    set: {
      providerMessageId: result.providerMessageId,
      simulated: result.simulated,
      variables: message.contentVariables,
      locale: message.locale,
      templateKey: message.templateKey,
      // The words that went out, as the provider got them (the log and the chart show these).
      sentBody: message.email ? message.email.text : message.text,
      sentSubject: message.email?.subject ?? null,
    },
    payload: { providerMessageId: result.providerMessageId, simulated: result.simulated },
  });
}
