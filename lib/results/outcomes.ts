import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import { clinics } from "@/db/schema";

/** The clinic's rules for reading outcomes, its zone, and its before-Luna figures. */
export interface ResultsRules {
  timeZone: string;
  /** A cancellation less than this many hours before the start is late; 0: none is. */
  lateCancelHours: number;
  /** A confirmed visit nobody marked counts as attended this many hours after its end; null: off. */
  autoAttendAfterHours: number | null;
  baseline: { noShowRate: number | null; confirmationRate: number | null; timeToConfirmMinutes: number | null };
}

export async function getResultsRules(db: Db, params: { clinicId: string }): Promise<ResultsRules | null> {
  const [row] = await db
    .select({
      timeZone: clinics.timezone,
      lateCancelHours: clinics.lateCancelHours,
      autoAttendAfterHours: clinics.autoAttendAfterHours,
      noShow: clinics.baselineNoShowRateBp,
      confirmation: clinics.baselineConfirmationRateBp,
      ttc: clinics.baselineTimeToConfirmMinutes,
    })
    .from(clinics)
    .where(and(eq(clinics.id, params.clinicId)))
    .limit(1);
  if (!row) return null;
  return {
    timeZone: row.timeZone,
    lateCancelHours: row.lateCancelHours,
    autoAttendAfterHours: row.autoAttendAfterHours,
    baseline: {
      noShowRate: row.noShow === null ? null : row.noShow / 10_000,
      confirmationRate: row.confirmation === null ? null : row.confirmation / 10_000,
      timeToConfirmMinutes: row.ttc,
    },
  };
}

/**
 * What a visit (table alias `a`) ended as, in SQL, from its status and times and the clinic's rules:
 * completed → attended; no_show; cancelled less than lateCancelHours before its start → late_cancelled, else
 * cancelled; not yet ended → upcoming; confirmed, unmarked and ended autoAttendAfterHours ago (when the
 * clinic turned that on) → attended (by the system); any other ended visit → unmarked (the "to close" list).
 */
export function outcomeSql(rules: Pick<ResultsRules, "lateCancelHours" | "autoAttendAfterHours">, now: Date): SQL {
  const nowIso = now.toISOString();
  return sql`(case
    when a.status = 'completed' then 'attended'
    when a.status = 'no_show' then 'no_show'
    when a.status = 'cancelled' and ${rules.lateCancelHours}::int > 0
      and a.cancelled_at > a.starts_at - make_interval(hours => ${rules.lateCancelHours}::int) then 'late_cancelled'
    when a.status = 'cancelled' then 'cancelled'
    when a.ends_at > ${nowIso}::timestamptz then 'upcoming'
    when ${autoAttendSql(rules, now)} then 'attended'
    else 'unmarked' end)`;
}

/** True for a visit the clinic's auto-attend rule counts as attended (no outcome recorded by anyone). */
export function autoAttendSql(rules: Pick<ResultsRules, "autoAttendAfterHours">, now: Date): SQL {
  if (rules.autoAttendAfterHours === null) return sql`false`;
  return sql`(a.status = 'confirmed' and a.ends_at + make_interval(hours => ${rules.autoAttendAfterHours}::int) <= ${now.toISOString()}::timestamptz)`;
}

export interface VisitToClose {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "confirmed";
  patientId: string;
  patientFirstName: string;
  patientLastName: string;
  doctorName: string;
}

/**
 * Past visits nobody marked (scheduled or confirmed, ended by `now`), oldest first, with how many there are:
 * what staff close with one click (attended / no-show). A confirmed one the auto-attend rule already counts
 * as attended is not listed.
 */
export async function listVisitsToClose(
  db: Db,
  params: { clinicId: string; now: Date; rules: Pick<ResultsRules, "autoAttendAfterHours">; limit?: number },
): Promise<{ total: number; rows: VisitToClose[] }> {
  const where = sql`a.clinic_id = ${params.clinicId} and a.status in ('scheduled', 'confirmed')
    and a.ends_at <= ${params.now.toISOString()}::timestamptz and not ${autoAttendSql(params.rules, params.now)}`;
  const [rows, [{ total }]] = await Promise.all([
    queryRows<{
      id: string;
      starts_at: string | Date;
      ends_at: string | Date;
      status: "scheduled" | "confirmed";
      patient_id: string;
      first_name: string;
      last_name: string;
      doctor_name: string;
    }>(
      db,
      sql`select a.id, a.starts_at, a.ends_at, a.status, p.id as patient_id, p.first_name, p.last_name, u.name as doctor_name
        from appointments a
        join patients p on p.id = a.patient_id and p.clinic_id = a.clinic_id
        join users u on u.id = a.doctor_id and u.clinic_id = a.clinic_id
        where ${where}
        order by a.ends_at asc, a.id asc
        limit ${params.limit ?? 20}`,
    ),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from appointments a where ${where}`),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      status: r.status,
      patientId: r.patient_id,
      patientFirstName: r.first_name,
      patientLastName: r.last_name,
      doctorName: r.doctor_name,
    })),
  };
}
