/**
 * `npm run bench -- log`: how fast the message log answers at 1,000,000 deliveries on PostgreSQL.
 * Prints figures and the plans' essence; asserts nothing (docs/benchmarks.md explains each figure).
 *
 *   npm run bench -- log
 *   BENCH_LOG_DATABASE_URL=postgres://postgres@127.0.0.1:5432/luna_bench_log npm run bench -- log
 *
 * The database is the bench's own: local only, its name must contain "bench" and must not be the
 * demo's or CI's (`luna_test`). It is created when missing and seeded once with generate_series
 * (clinic A 900,000 deliveries and 20,000 patients, clinic B 100,000 and 2,000); later runs reuse the
 * seed when it is complete (BENCH_LOG_RESEED=1 starts over). Each query is what the page or the export
 * runs, through the app's own functions (lib/message-log), timed in this process: database time plus
 * the driver and the query builder, which is the server time of the request minus rendering.
 *
 * Knobs: BENCH_LOG_RUNS (50 timed runs per query), BENCH_LOG_DELIVERIES (1000000).
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { migratePostgres, openPostgres, queryRows, type Db } from "@/db/client";
import { assertLocalDatabaseUrl } from "@/db/testing/guard";
import { listMessageLog } from "@/lib/message-log/queries";
import { streamLogCsv, CSV_COLUMNS } from "@/lib/message-log/export-csv";
import { parseLogParams } from "@/lib/message-log/schemas";
import type { LogLabels } from "@/lib/message-log/labels";

const URL_DEFAULT = "postgres://postgres@127.0.0.1:5432/luna_bench_log";
const DATABASE_URL = process.env.BENCH_LOG_DATABASE_URL?.trim() || URL_DEFAULT;
const RUNS = Number(process.env.BENCH_LOG_RUNS ?? 50);
const TOTAL = Number(process.env.BENCH_LOG_DELIVERIES ?? 1_000_000);
const SHARE_A = 0.9;
const PATIENTS_A = 20_000;
const PATIENTS_B = 2_000;
const CLINIC_A = "0000be00-0000-4000-8000-00000000000a";
const CLINIC_B = "0000be00-0000-4000-8000-00000000000b";
const TZ_A = "America/Mexico_City";
/** The seed's "now": fixed, so the data and the date filters are the same on every run. */
const SEED_NOW = "2026-11-25T12:00:00Z";

function checkDatabaseUrl(url: string) {
  assertLocalDatabaseUrl(url);
  const name = new URL(url).pathname.replace(/^\//, "");
  if (!name.includes("bench") || name === "luna_test" || name === "luna" || name.startsWith("luna_test")) {
    throw new Error(`bench-log: refusing database "${name}": use a bench-only database (its name contains "bench")`);
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
  const countA = Math.round(TOTAL * SHARE_A);
  const countB = TOTAL - countA;
  const [existing] = await queryRows<{ n: string }>(
    db,
    sql`select count(*)::text as n from deliveries where clinic_id in (${CLINIC_A}, ${CLINIC_B})`,
  );
  if (process.env.BENCH_LOG_RESEED !== "1" && Number(existing.n) === TOTAL) {
    console.log(`seed: reusing ${TOTAL.toLocaleString("en-US")} deliveries`);
    return;
  }
  const started = performance.now();
  await db.execute(sql`delete from delivery_events where clinic_id in (${CLINIC_A}, ${CLINIC_B})`);
  await db.execute(sql`delete from deliveries where clinic_id in (${CLINIC_A}, ${CLINIC_B})`);
  await db.execute(sql`delete from patients where clinic_id in (${CLINIC_A}, ${CLINIC_B})`);
  await db.execute(sql`delete from clinics where id in (${CLINIC_A}, ${CLINIC_B})`);
  await db.execute(
    sql`insert into clinics (id, name, timezone) values (${CLINIC_A}, 'Bench log A', ${TZ_A}), (${CLINIC_B}, 'Bench log B', 'America/Tijuana')`,
  );

  const firstNames = ["María", "José", "Guadalupe", "Juan", "Fernanda", "Luis", "Sofía", "Carlos", "Valeria", "Miguel", "Emily", "John"];
  const lastNames = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Smith",
    "Johnson",
  ];
  for (const [clinic, tag, count] of [
    [CLINIC_A, "a", PATIENTS_A],
    [CLINIC_B, "b", PATIENTS_B],
  ] as const) {
    // Patient ids are derived from their number, so deliveries can point at them without a lookup.
    await db.execute(sql`
      insert into patients (id, clinic_id, first_name, last_name, phone, preferred_locale)
      select md5(${`bench-${tag}-`} || i)::uuid, ${clinic},
             (array[${sql.join(
               firstNames.map((n) => sql`${n}`),
               sql`, `,
             )}]::text[])[1 + i % ${firstNames.length}::int],
             (array[${sql.join(
               lastNames.map((n) => sql`${n}`),
               sql`, `,
             )}]::text[])[1 + (i / ${firstNames.length}::int) % ${lastNames.length}::int] || case when i = 4242 then 'Zapata' else '' end,
             '+5255' || lpad(i::text, 8, '0'),
             (case when i % 5 = 0 then 'en' else 'es' end)::locale
      from generate_series(0, ${count - 1}::int) as i`);
  }

  // 100,000 rows per statement; the spread: a year back from SEED_NOW and 2 % in the coming weeks.
  const CHUNK = 100_000;
  for (const [clinic, tag, count, patientsCount] of [
    [CLINIC_A, "a", countA, PATIENTS_A],
    [CLINIC_B, "b", countB, PATIENTS_B],
  ] as const) {
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK) - 1;
      await db.execute(sql`
        insert into deliveries (clinic_id, patient_id, appointment_id, subject_type, subject_id, notification_type, channel, locale, template_key,
                                send_at, next_attempt_at, status, simulated, provider_message_id, error_code, attempts,
                                idempotency_key, created_at, updated_at)
        select ${clinic}, md5(${`bench-${tag}-`} || (i % ${patientsCount}::int))::uuid, null,
               'appointment', md5(${`bench-visit-${tag}-`} || i)::uuid,
               t.type, c.channel::channel, 'es', t.type || '.in_person.es',
               s.at, s.at, st.status::delivery_status, false,
               case when st.status in ('scheduled', 'cancelled', 'skipped') then null else 'SM' || md5(i::text) end,
               case st.status when 'failed' then (case when c.channel = 'sms' then '30005' else '63003' end)
                              when 'undelivered' then '30003' when 'skipped' then 'opted_out' else null end,
               case when st.status = 'scheduled' then 0 when st.status in ('failed', 'undelivered') then 1 + i % 3 else 1 end,
               ${`bench-log-${tag}-`} || i, s.at, s.at
        from generate_series(${from}::int, ${to}::int) as i
        cross join lateral (select (abs(hashint4(i)) % 1000) as h) as r
        cross join lateral (select case when r.h < 20 then ${SEED_NOW}::timestamptz + (i % 30) * interval '1 day'
                                        else ${SEED_NOW}::timestamptz - (i::float8 / ${count}::float8 * 365) * interval '1 day'
                                   end as at) as s
        cross join lateral (select case when i % 10 < 7 then 'whatsapp' when i % 10 < 9 then 'sms' else 'email' end as channel) as c
        cross join lateral (select case when i % 20 < 10 then 'reminder' when i % 20 < 15 then 'booking_confirmation'
                                        when i % 20 < 17 then 'reschedule' when i % 20 < 19 then 'cancellation'
                                        when i % 200 = 19 then 'opt_out_confirmation' else 'reminder_1h' end as type) as t
        cross join lateral (select case when r.h < 20 then 'scheduled' when r.h < 450 then 'delivered' when r.h < 800 then 'read'
                                        when r.h < 880 then 'sent' when r.h < 910 then 'failed' when r.h < 930 then 'undelivered'
                                        when r.h < 960 then 'cancelled' when r.h < 980 then 'skipped' else 'queued' end as status) as st`);
      process.stdout.write(`\rseed: ${tag.toUpperCase()} ${(to + 1).toLocaleString("en-US")} / ${count.toLocaleString("en-US")}   `);
    }
  }
  process.stdout.write("\n");
  await db.execute(sql`vacuum analyze deliveries`);
  await db.execute(sql`vacuum analyze patients`);
  console.log(`seed: ${TOTAL.toLocaleString("en-US")} deliveries in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(name: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const figure = { name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
  console.log(
    `${name.padEnd(44)} p50 ${figure.p50.toFixed(1).padStart(7)} ms   p95 ${figure.p95.toFixed(1).padStart(7)} ms   max ${figure.max.toFixed(1).padStart(7)} ms`,
  );
  return figure;
}

/** Words for the CSV without next-intl's request context (the export's cost is the query and the quoting). */
const plainLabels: LogLabels = {
  type: (value) => value,
  channel: (value) => value,
  status: (value) => value,
  reason: (_channel, code) => code ?? null,
  statusNote: (row) => row.errorCode ?? null,
};

async function main() {
  const name = checkDatabaseUrl(DATABASE_URL);
  try {
    await ensureDatabase(DATABASE_URL, name);
  } catch (error) {
    console.log(`bench-log: skipped, PostgreSQL is not reachable at ${new URL(DATABASE_URL).host} (${(error as Error).message})`);
    return;
  }
  const database = await openPostgres(DATABASE_URL, { max: 4 });
  // A second handle whose logger keeps each statement, to EXPLAIN exactly what the app ran.
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const schema = await import("@/db/schema");
  const captured: { query: string; params: unknown[] }[] = [];
  const explainClient = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const explainDb = drizzle({
    client: explainClient,
    schema,
    casing: "snake_case",
    logger: { logQuery: (query, params) => void captured.push({ query, params }) },
  }) as unknown as Db;

  try {
    await migratePostgres(database.db);
    await seed(database.db);
    const db = database.db;
    const [{ pg }] = await queryRows<{ pg: string }>(db, sql`select current_setting('server_version') as pg`);
    console.log(
      `\nmessage log on PostgreSQL ${pg} (${name}), ${TOTAL.toLocaleString("en-US")} deliveries, ${RUNS} runs per query after 5 warm-ups\n`,
    );

    const page = (raw: Record<string, string>) => {
      const parsed = parseLogParams(raw);
      if (parsed.invalid.length) throw new Error(`bad bench params: ${parsed.invalid.join(", ")}`);
      return (handle: Db = db) => listMessageLog(handle, { clinicId: CLINIC_A, timeZone: TZ_A, log: parsed.params });
    };
    // A cursor 100,000 rows down the default order: page 2,001 at 50 rows a page.
    const [deep] = await queryRows<{ cursor: string }>(
      db,
      sql`select to_char(send_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || id as cursor
          from deliveries where clinic_id = ${CLINIC_A} order by send_at desc, id desc offset 100000 limit 1`,
    );
    const [deepAttempts] = await queryRows<{ cursor: string }>(
      db,
      sql`select attempts || '_' || to_char(send_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || id as cursor
          from deliveries where clinic_id = ${CLINIC_A} order by attempts desc, send_at desc, id desc offset 100000 limit 1`,
    );

    const cases: { name: string; run: (handle?: Db) => Promise<unknown> }[] = [
      { name: "first page, no filter (sent view)", run: page({}) },
      { name: "upcoming view, first page", run: page({ view: "upcoming" }) },
      { name: "all view, first page", run: page({ view: "all" }) },
      {
        name: "filtered first page (sms+delivered, 90 days)",
        run: page({ channel: "sms", status: "delivered", from: "2026-08-27", to: "2026-11-25" }),
      },
      {
        name: "rare filter (email+failed, 30 days)",
        run: page({ channel: "email", status: "failed", from: "2026-10-27", to: "2026-11-25" }),
      },
      { name: "type filter (cancellation, 1 year)", run: page({ type: "cancellation", from: "2025-11-25", to: "2026-11-25" }) },
      { name: "deep page (keyset, 100,000 rows down)", run: page({ after: deep.cursor }) },
      { name: "deep page, attempts sort (keyset)", run: page({ sort: "attempts.desc", after: deepAttempts.cursor }) },
      { name: "patient by phone digits (1 patient)", run: page({ patient: "00004242" }) },
      { name: "patient by name (rare: Zapata)", run: page({ patient: "Zapata" }) },
      { name: "patient by name (common: María, ~1/12)", run: page({ patient: "María Hernández" }) },
      {
        name: "CSV first chunk (header + 1,000 rows)",
        run: async (handle: Db = db) => {
          const stream = streamLogCsv(handle, {
            clinicId: CLINIC_A,
            timeZone: TZ_A,
            filters: { channel: "sms" },
            sort: "time.desc",
            labels: plainLabels,
            headers: Object.fromEntries(CSV_COLUMNS.map((c) => [c, c])) as Record<(typeof CSV_COLUMNS)[number], string>,
            yes: "yes",
            no: "no",
          });
          const reader = stream.getReader();
          await reader.read(); // BOM + header, then the first page of rows:
          await reader.read();
          await reader.cancel();
        },
      },
    ];

    const figures = [];
    for (const c of cases) figures.push({ ...(await measure(c.name, () => c.run())) });
    // What OFFSET would cost for the same deep page (why the log pages by keyset).
    figures.push(
      await measure("for comparison: OFFSET 100,000 (not used)", () =>
        queryRows(
          db,
          sql`select d.id from deliveries d join patients p on p.id = d.patient_id
                          where d.clinic_id = ${CLINIC_A} order by d.send_at desc, d.id desc offset 100000 limit 51`,
        ),
      ),
    );

    console.log("\nplans (EXPLAIN ANALYZE of the page query each case runs; the capped count beside it):");
    for (const c of cases.slice(0, 11)) {
      captured.length = 0;
      await c.run(explainDb);
      console.log(`\n— ${c.name}`);
      for (const statement of captured) {
        const plan = await explainClient.unsafe(`explain (analyze, buffers, costs off) ${statement.query}`, statement.params as never[]);
        const lines = plan.map((row) => String(row["QUERY PLAN"]));
        const essence = lines
          .filter((line) => /Scan|Sort|Nested|Hash|Limit|Execution Time|Index Cond|Filter:|Rows Removed/.test(line))
          .slice(0, 12);
        console.log(essence.map((line) => `    ${line.trim().slice(0, 150)}`).join("\n"));
      }
    }

    const worst = figures.filter((f) => !f.name.startsWith("for comparison")).reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(`\nworst p95: ${worst.p95.toFixed(1)} ms (${worst.name}); target ≤ 100 ms`);
  } finally {
    await explainClient.end({ timeout: 5 });
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
