/**
 * `npm run bench -- payments`: the payments pages' queries at 100,000 charges on PostgreSQL, printed as
 * figures and a last line `payments_worst_p95_ms=<n>` (the slowest p95; the target is ≤ 100 ms).
 *
 *   npm run bench -- payments
 *   BENCH_PAYMENTS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/luna_bench_payments npm run bench -- payments
 *
 * The database is the bench's own: local only, its name must contain "bench". It is created when missing
 * and seeded once with generate_series (clinic A 90,000 charges over 9,000 patients and visits, clinic B
 * 10,000; about half paid at the desk, a tenth partly, a twentieth pending OXXO); later runs reuse the seed
 * (BENCH_PAYMENTS_RESEED=1 starts over). Each query runs through the app's own functions (lib/payments).
 *
 * Knobs: BENCH_PAYMENTS_RUNS (50 timed runs per query), BENCH_PAYMENTS_CHARGES (100000).
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { migratePostgres, openPostgres, queryRows, type Db } from "@/db/client";
import { assertLocalDatabaseUrl } from "@/db/testing/guard";
import { getPatientBalance, listPatientCharges, listPendingCharges, listVisitCharges } from "@/lib/payments/balances";

const URL_DEFAULT = "postgres://postgres@127.0.0.1:5432/luna_bench_payments";
const DATABASE_URL = process.env.BENCH_PAYMENTS_DATABASE_URL?.trim() || URL_DEFAULT;
const RUNS = Number(process.env.BENCH_PAYMENTS_RUNS ?? 50);
const TOTAL = Number(process.env.BENCH_PAYMENTS_CHARGES ?? 100_000);
const SHARE_A = 0.9;
const CLINIC_A = "0000be00-0000-4000-8000-0000000000a1";
const CLINIC_B = "0000be00-0000-4000-8000-0000000000b1";
const DOCTOR_A = "0000be00-0000-4000-8000-0000000000a2";
const DOCTOR_B = "0000be00-0000-4000-8000-0000000000b2";
const SEED_NOW = "2026-11-25T12:00:00Z";

function checkDatabaseUrl(url: string) {
  assertLocalDatabaseUrl(url);
  const name = new URL(url).pathname.replace(/^\//, "");
  if (!name.includes("bench") || name.startsWith("luna_test") || name === "luna") {
    throw new Error(`bench-payments: refusing database "${name}": use a bench-only database (its name contains "bench")`);
  }
  return name;
}

async function ensureDatabase(url: string, name: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const { default: postgres } = await import("postgres");
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await client`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await client.unsafe(`create database "${name}"`);
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function seed(db: Db) {
  const [existing] = await queryRows<{ n: string }>(
    db,
    sql`select count(*)::text as n from charges where clinic_id in (${CLINIC_A}, ${CLINIC_B})`,
  );
  if (process.env.BENCH_PAYMENTS_RESEED !== "1" && Number(existing.n) === TOTAL) {
    console.log(`seed: reusing ${TOTAL.toLocaleString("en-US")} charges`);
    return;
  }
  const started = performance.now();
  for (const table of ["payment_events", "payments", "charges", "appointments", "patients"]) {
    await db.execute(sql`delete from ${sql.identifier(table)} where clinic_id in (${CLINIC_A}, ${CLINIC_B})`);
  }
  await db.execute(sql`delete from users where clinic_id in (${CLINIC_A}, ${CLINIC_B})`);
  await db.execute(sql`delete from clinics where id in (${CLINIC_A}, ${CLINIC_B})`);
  await db.execute(
    sql`insert into clinics (id, name, timezone) values (${CLINIC_A}, 'Bench payments A', 'America/Mexico_City'), (${CLINIC_B}, 'Bench payments B', 'America/Tijuana')`,
  );
  await db.execute(sql`insert into users (id, clinic_id, name, email, password_hash, role) values
    (${DOCTOR_A}, ${CLINIC_A}, 'Dra. Bench', 'bench-payments-a@example.invalid', 'x', 'doctor'),
    (${DOCTOR_B}, ${CLINIC_B}, 'Dr. Bench', 'bench-payments-b@example.invalid', 'x', 'doctor')`);
  for (const [clinic, doctor, tag, count] of [
    [CLINIC_A, DOCTOR_A, "a", Math.round(TOTAL * SHARE_A)],
    [CLINIC_B, DOCTOR_B, "b", TOTAL - Math.round(TOTAL * SHARE_A)],
  ] as const) {
    const patients = Math.max(1, Math.round(count / 10));
    await db.execute(sql`
      insert into patients (id, clinic_id, first_name, last_name, phone, preferred_locale)
      select md5(${`bp-p-${tag}-`} || i)::uuid, ${clinic}, 'Paciente', 'Bench ' || i, '+5255' || lpad(i::text, 8, '0'), 'es'
      from generate_series(0, ${patients - 1}::int) as i`);
    // One visit and one charge per i (30-minute visits a year back); ten per patient.
    await db.execute(sql`
      insert into appointments (id, clinic_id, patient_id, doctor_id, starts_at, ends_at, status)
      select md5(${`bp-v-${tag}-`} || i)::uuid, ${clinic}, md5(${`bp-p-${tag}-`} || (i % ${patients}::int))::uuid, ${doctor},
             ${SEED_NOW}::timestamptz - i * interval '30 minutes', ${SEED_NOW}::timestamptz - i * interval '30 minutes' + interval '30 minutes',
             'completed'
      from generate_series(0, ${count - 1}::int) as i`);
    await db.execute(sql`
      insert into charges (id, clinic_id, patient_id, appointment_id, concept, amount_minor, currency, due_date, created_at)
      select md5(${`bp-c-${tag}-`} || i)::uuid, ${clinic}, md5(${`bp-p-${tag}-`} || (i % ${patients}::int))::uuid,
             md5(${`bp-v-${tag}-`} || i)::uuid, 'Consulta', 50000 + (i % 20) * 5000,
             (case when i % 10 = 0 then 'USD' else 'MXN' end)::currency,
             case when i % 3 = 0 then null else (${SEED_NOW}::date - (i % 400)) end,
             ${SEED_NOW}::timestamptz - i * interval '30 minutes'
      from generate_series(0, ${count - 1}::int) as i`);
    // About half paid in full at the desk, a tenth partly, a twentieth an OXXO voucher pending.
    await db.execute(sql`
      insert into payments (clinic_id, charge_id, provider, method, amount_minor, currency, status, taken_by_id, paid_at, created_at, updated_at)
      select c.clinic_id, c.id, 'desk', 'cash', case when i % 10 = 1 then c.amount_minor / 2 else c.amount_minor end, c.currency, 'paid',
             ${doctor}, c.created_at, c.created_at, c.created_at
      from generate_series(0, ${count - 1}::int) as i
      join charges c on c.id = md5(${`bp-c-${tag}-`} || i)::uuid
      where i % 2 = 0 or i % 10 = 1`);
    await db.execute(sql`
      insert into payments (clinic_id, charge_id, provider, method, amount_minor, currency, status, checkout_session_id, created_at, updated_at)
      select c.clinic_id, c.id, 'simulated', 'oxxo', c.amount_minor, c.currency, 'pending', 'cs_bench_' || ${tag} || i, c.created_at, c.created_at
      from generate_series(0, ${count - 1}::int) as i
      join charges c on c.id = md5(${`bp-c-${tag}-`} || i)::uuid
      where i % 20 = 3 and c.currency = 'MXN'`);
  }
  for (const table of ["patients", "appointments", "charges", "payments"]) await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
  console.log(`seed: ${TOTAL.toLocaleString("en-US")} charges in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(name: string, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  console.log(
    `${name.padEnd(44)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   max ${times[times.length - 1].toFixed(1).padStart(7)} ms`,
  );
  return p95;
}

async function main() {
  const name = checkDatabaseUrl(DATABASE_URL);
  try {
    await ensureDatabase(DATABASE_URL, name);
  } catch (error) {
    console.log(`bench-payments: skipped, PostgreSQL is not reachable at ${new URL(DATABASE_URL).host} (${(error as Error).message})`);
    return;
  }
  const database = await openPostgres(DATABASE_URL, { max: 4 });
  try {
    await migratePostgres(database.db);
    await seed(database.db);
    const db = database.db;
    const countA = Math.round(TOTAL * SHARE_A);
    const patientsA = Math.max(1, Math.round(countA / 10));
    const patient = (i: number) => `md5('bp-p-a-' || ${(i * 7919) % patientsA})::uuid`;
    const idOf = async (expr: string) => (await queryRows<{ id: string }>(db, sql.raw(`select ${expr}::text as id`)))[0].id;
    const patientIds = await Promise.all(Array.from({ length: 20 }, (_, i) => idOf(patient(i))));
    const visitIds = await Promise.all(Array.from({ length: 20 }, (_, i) => idOf(`md5('bp-v-a-' || ${(i * 4999) % countA})::uuid`)));
    console.log(`\npayments on PostgreSQL, ${TOTAL.toLocaleString("en-US")} charges, ${RUNS} runs per query after 5 warm-ups\n`);
    const today = "2026-11-25";
    const p95s = [
      await measure("pending list (first 500, all filters off)", () => listPendingCharges(db, { clinicId: CLINIC_A, filters: {}, today })),
      await measure("pending list (overdue, MXN)", () =>
        listPendingCharges(db, { clinicId: CLINIC_A, filters: { state: "overdue", currency: "MXN" }, today }),
      ),
      await measure("pending list (OXXO/SPEI pending)", () =>
        listPendingCharges(db, { clinicId: CLINIC_A, filters: { state: "pending" }, today }),
      ),
      await measure("patient balance (chart)", (i) =>
        getPatientBalance(db, { clinicId: CLINIC_A, patientId: patientIds[i % patientIds.length] }),
      ),
      await measure("patient charges (chart)", (i) =>
        listPatientCharges(db, { clinicId: CLINIC_A, patientId: patientIds[i % patientIds.length] }),
      ),
      await measure("visit charges (calendar dialog)", (i) =>
        listVisitCharges(db, { clinicId: CLINIC_A, appointmentId: visitIds[i % visitIds.length] }),
      ),
    ];
    console.log(`\npayments_worst_p95_ms=${Math.max(...p95s).toFixed(1)}`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
