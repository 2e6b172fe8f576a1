import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, charges, paymentEvents, patients, users, type Currency } from "@/db/schema";

/**
 * What counts as collected on a charge: paid payments less what was refunded. Everything else
 * (requested, pending, failed, expired) is not money. Computed in SQL on every read, never stored.
 */
// Written with qualified names on purpose: drizzle drops the table name from columns in a one-table select,
// which inside this subquery would compare payments.charge_id with payments.id.
export const collectedMinorSql = sql<number>`coalesce((
  select sum(p.amount_minor - p.refunded_minor) from payments p
  where p.charge_id = "charges"."id" and p.clinic_id = "charges"."clinic_id" and p.status in ('paid', 'refunded')
), 0)::int`;

/** Online payments in flight (an OXXO voucher issued, a SPEI transfer awaited). */
export const pendingMinorSql = sql<number>`coalesce((
  select sum(p.amount_minor) from payments p
  where p.charge_id = "charges"."id" and p.clinic_id = "charges"."clinic_id" and p.status = 'pending'
), 0)::int`;

export type ChargeState = "open" | "partially_paid" | "paid" | "void";

export function chargeStateOf(row: { status: "open" | "void"; amountMinor: number; collectedMinor: number }): ChargeState {
  if (row.status === "void") return "void";
  if (row.collectedMinor >= row.amountMinor) return "paid";
  return row.collectedMinor > 0 ? "partially_paid" : "open";
}

export interface ChargeWithBalance {
  id: string;
  appointmentId: string;
  patientId: string;
  concept: string;
  amountMinor: number;
  currency: Currency;
  dueDate: string | null;
  status: "open" | "void";
  voidedAt: Date | null;
  voidReason: string | null;
  createdAt: Date;
  collectedMinor: number;
  pendingMinor: number;
  /** amount − collected, never below 0 (a void charge owes nothing). */
  balanceMinor: number;
  state: ChargeState;
}

const chargeColumns = {
  id: charges.id,
  appointmentId: charges.appointmentId,
  patientId: charges.patientId,
  concept: charges.concept,
  amountMinor: charges.amountMinor,
  currency: charges.currency,
  dueDate: charges.dueDate,
  status: charges.status,
  voidedAt: charges.voidedAt,
  voidReason: charges.voidReason,
  createdAt: charges.createdAt,
  collectedMinor: collectedMinorSql,
  pendingMinor: pendingMinorSql,
};

function withBalance<T extends { status: "open" | "void"; amountMinor: number; collectedMinor: number }>(row: T) {
  const state = chargeStateOf(row);
  return { ...row, balanceMinor: state === "void" ? 0 : Math.max(0, row.amountMinor - row.collectedMinor), state };
}

/** One charge of the clinic with its balance (another clinic's id: null). */
export async function getChargeWithBalance(db: Db, params: { clinicId: string; chargeId: string }): Promise<ChargeWithBalance | null> {
  const [row] = await db
    .select(chargeColumns)
    .from(charges)
    .where(and(eq(charges.clinicId, params.clinicId), eq(charges.id, params.chargeId)))
    .limit(1);
  return row ? withBalance(row) : null;
}

/** A patient's charges (every visit), newest first, each with its balance. */
export async function listPatientCharges(db: Db, params: { clinicId: string; patientId: string }): Promise<ChargeWithBalance[]> {
  const rows = await db
    .select(chargeColumns)
    .from(charges)
    .where(and(eq(charges.clinicId, params.clinicId), eq(charges.patientId, params.patientId)))
    .orderBy(desc(charges.createdAt), desc(charges.id));
  return rows.map(withBalance);
}

export type BalanceByCurrency = Partial<Record<Currency, number>>;

/** What is still owed, per currency, summed from the charges (void ones owe nothing). */
export function sumBalances(rows: Pick<ChargeWithBalance, "currency" | "balanceMinor">[]): BalanceByCurrency {
  const out: BalanceByCurrency = {};
  for (const row of rows) if (row.balanceMinor > 0) out[row.currency] = (out[row.currency] ?? 0) + row.balanceMinor;
  return out;
}

/** One visit's charges, oldest first, each with its balance (the calendar's visit dialog). */
export async function listVisitCharges(db: Db, params: { clinicId: string; appointmentId: string }): Promise<ChargeWithBalance[]> {
  const rows = await db
    .select(chargeColumns)
    .from(charges)
    .where(and(eq(charges.clinicId, params.clinicId), eq(charges.appointmentId, params.appointmentId)))
    .orderBy(asc(charges.createdAt), asc(charges.id));
  return rows.map(withBalance);
}

/** The balance of one visit, per currency. */
export async function getVisitBalance(db: Db, params: { clinicId: string; appointmentId: string }): Promise<BalanceByCurrency> {
  const rows = await db
    .select(chargeColumns)
    .from(charges)
    .where(and(eq(charges.clinicId, params.clinicId), eq(charges.appointmentId, params.appointmentId)));
  return sumBalances(rows.map(withBalance));
}

/** The balance of a patient across visits, per currency: one aggregate query. */
export async function getPatientBalance(db: Db, params: { clinicId: string; patientId: string }): Promise<BalanceByCurrency> {
  const rows = await db
    .select({
      currency: charges.currency,
      balanceMinor: sql<number>`coalesce(sum(greatest(${charges.amountMinor} - ${collectedMinorSql}, 0)), 0)::int`,
    })
    .from(charges)
    .where(and(eq(charges.clinicId, params.clinicId), eq(charges.patientId, params.patientId), eq(charges.status, "open")))
    .groupBy(charges.currency);
  return Object.fromEntries(rows.filter((r) => r.balanceMinor > 0).map((r) => [r.currency, r.balanceMinor]));
}

/** Filters of the pending payments list, as the URL carries them (lib/payments/pending-params.ts). */
export interface PendingFilters {
  currency?: Currency;
  /** overdue: due before today; pending: an online payment is in flight; unpaid: nothing collected yet. */
  state?: "overdue" | "pending" | "unpaid" | "partially_paid";
  /** Due between these clinic calendar days, inclusive. */
  dueFrom?: string;
  dueTo?: string;
}

export interface PendingChargeRow extends ChargeWithBalance {
  patientFirstName: string;
  patientLastName: string;
  visitStartsAt: Date;
  doctorName: string;
}

/**
 * Every open charge of the clinic that still owes something, oldest due first (no due date last),
 * narrowed by the filters. `today` is the clinic's calendar day ("YYYY-MM-DD") for "overdue".
 */
export async function listPendingCharges(
  db: Db,
  params: { clinicId: string; filters: PendingFilters; today: string; limit?: number },
): Promise<PendingChargeRow[]> {
  const { filters } = params;
  const where: SQL[] = [
    eq(charges.clinicId, params.clinicId),
    eq(charges.status, "open"),
    sql`${charges.amountMinor} > ${collectedMinorSql}`,
  ];
  if (filters.currency) where.push(eq(charges.currency, filters.currency));
  if (filters.dueFrom) where.push(sql`${charges.dueDate} >= ${filters.dueFrom}`);
  if (filters.dueTo) where.push(sql`${charges.dueDate} <= ${filters.dueTo}`);
  if (filters.state === "overdue") where.push(sql`${charges.dueDate} < ${params.today}`);
  // Driven from the clinic's pending payments (few) rather than a subquery per open charge (many).
  if (filters.state === "pending")
    where.push(sql`${charges.id} in (select p.charge_id from payments p where p.clinic_id = ${params.clinicId} and p.status = 'pending')`);
  if (filters.state === "unpaid") where.push(sql`${collectedMinorSql} = 0`);
  if (filters.state === "partially_paid") where.push(sql`${collectedMinorSql} > 0`);
  const rows = await db
    .select({
      ...chargeColumns,
      patientFirstName: patients.firstName,
      patientLastName: patients.lastName,
      visitStartsAt: appointments.startsAt,
      doctorName: users.name,
    })
    .from(charges)
    .innerJoin(patients, and(eq(patients.id, charges.patientId), eq(patients.clinicId, charges.clinicId)))
    .innerJoin(appointments, and(eq(appointments.id, charges.appointmentId), eq(appointments.clinicId, charges.clinicId)))
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(and(...where))
    .orderBy(sql`${charges.dueDate} asc nulls last`, asc(charges.createdAt), asc(charges.id))
    .limit(params.limit ?? 500);
  return rows.map(withBalance);
}

/** The history of a patient's charges (every event, oldest first), for the chart. */
export async function listChargeEvents(db: Db, params: { clinicId: string; chargeIds: string[] }) {
  if (params.chargeIds.length === 0) return [];
  return db
    .select({
      id: paymentEvents.id,
      chargeId: paymentEvents.chargeId,
      type: paymentEvents.type,
      source: paymentEvents.source,
      actorName: users.name,
      metadata: paymentEvents.metadata,
      createdAt: paymentEvents.createdAt,
    })
    .from(paymentEvents)
    .leftJoin(users, eq(users.id, paymentEvents.actorUserId))
    .where(and(eq(paymentEvents.clinicId, params.clinicId), inArray(paymentEvents.chargeId, params.chargeIds)))
    .orderBy(asc(paymentEvents.createdAt), asc(paymentEvents.id));
}
