/**
 * `npm run bench -- campaign`: a health campaign to 100,000 consenting patients on PostgreSQL.
 * Prints figures, asserts nothing (docs/benchmarks.md):
 *   segment_count_p95_ms=   the live segment count (the form's), p95 of BENCH_CAMPAIGN_RUNS runs
 *   campaign_recipients=    recipients frozen at launch
 *   campaign_queue_ms=      launchCampaign: freeze the audience, plan the days, queue every delivery
 *   campaign_peak_rss_mb=   this process's peak RSS during the launch (sampled every 10 ms)
 *   campaign_duplicates=    deliveries beyond one per recipient (after launching twice)
 *   campaign_lost=          recipients without a delivery
 *   campaign_days=          days the plan takes at a 10,000 daily cap (Meta's third tier)
 * The dispatch rate to a loopback provider (campaign_max_rate_per_s) is not measured here yet.
 *
 * The database is the bench's own (name contains "bench", local only), dropped and re-created each run.
 * Knobs: BENCH_CAMPAIGN_DATABASE_URL, BENCH_CAMPAIGN_PATIENTS (100000), BENCH_CAMPAIGN_RUNS (20).
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { migratePostgres, openPostgres, queryRows } from "@/db/client";
import { assertLocalDatabaseUrl } from "@/db/testing/guard";
import type { StaffContext } from "@/lib/auth/context";
import { createCampaign, estimateCampaign, getCampaign, launchCampaign } from "@/lib/campaigns/campaigns";
import { countSegment } from "@/lib/campaigns/segment";

const DATABASE_URL = process.env.BENCH_CAMPAIGN_DATABASE_URL?.trim() || "postgres://postgres@127.0.0.1:5432/luna_bench_campaign";
const PATIENTS = Number(process.env.BENCH_CAMPAIGN_PATIENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_CAMPAIGN_RUNS ?? 20);
const CLINIC_A = "0000ca00-0000-4000-8000-00000000000a";
const CLINIC_B = "0000ca00-0000-4000-8000-00000000000b";
const ADMIN_A = "0000ca00-0000-4000-8000-0000000000a1";
const TZ = "America/Mexico_City";
// 10:00 in Mexico City, a Wednesday: inside the default send window.
const NOW = new Date("2026-11-25T16:00:00Z");

async function recreateDatabase(url: string) {
  assertLocalDatabaseUrl(url);
  const name = new URL(url).pathname.replace(/^\//, "");
  if (!name.includes("bench") || name.startsWith("luna_test") || name === "luna") {
    throw new Error(`bench-campaign: refusing database "${name}": use a bench-only database (its name contains "bench")`);
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const { default: postgres } = await import("postgres");
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(`drop database if exists "${name}"`);
    await client.unsafe(`create database "${name}"`);
  } finally {
    await client.end({ timeout: 5 });
  }
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)];
const ms = (n: number) => Math.round(n);

async function main() {
  await recreateDatabase(DATABASE_URL);
  const database = await openPostgres(DATABASE_URL, { max: 4 });
  const db = database.db;
  try {
    await migratePostgres(db);
    const seedStarted = performance.now();
    await db.execute(
      sql`insert into clinics (id, name, timezone) values (${CLINIC_A}, 'Bench campaign A', ${TZ}), (${CLINIC_B}, 'Bench campaign B', 'America/Tijuana')`,
    );
    await db.execute(
      sql`insert into users (id, clinic_id, name, email, password_hash, role) values (${ADMIN_A}, ${CLINIC_A}, 'Admin', 'admin@bench-campaign.example', 'x', 'admin')`,
    );
    for (const [clinic, tag, count] of [
      [CLINIC_A, "a", PATIENTS],
      [CLINIC_B, "b", Math.round(PATIENTS / 10)],
    ] as const) {
      await db.execute(sql`
        insert into patients (id, clinic_id, first_name, last_name, phone, preferred_locale, birth_date)
        select md5(${`bench-campaign-${tag}-`} || i)::uuid, ${clinic}, 'Paciente', 'Bench ' || i, '+5255' || lpad(i::text, 8, '0'),
               (case when i % 5 = 0 then 'en' else 'es' end)::locale, date '1950-01-01' + (i % 20000)
        from generate_series(0, ${count - 1}::int) as i`);
      // Every patient consents on WhatsApp; one in four on email too (they have none: never chosen).
      await db.execute(sql`
        insert into marketing_consents (clinic_id, patient_id, channel, purpose, granted_at, source, notice_version)
        select ${clinic}, md5(${`bench-campaign-${tag}-`} || i)::uuid, 'whatsapp', 'marketing', ${NOW.toISOString()}::timestamptz - interval '30 days', 'staff', '2025-03'
        from generate_series(0, ${count - 1}::int) as i`);
    }
    await db.execute(sql`analyze`);
    console.log(
      `seed: ${PATIENTS.toLocaleString("en-US")} consenting patients (+${Math.round(PATIENTS / 10).toLocaleString("en-US")} in clinic B) in ${ms(performance.now() - seedStarted)} ms`,
    );

    const [clinic] = await queryRows<{ name: string; currency: string }>(
      db,
      sql`select name, currency from clinics where id = ${CLINIC_A}`,
    );
    const ctx: StaffContext = {
      userId: ADMIN_A,
      clinicId: CLINIC_A,
      role: "admin",
      name: "Admin",
      title: null,
      email: "admin@bench-campaign.example",
      locale: "es",
      clinic: { id: CLINIC_A, name: clinic.name, timezone: TZ, currency: clinic.currency },
    } as StaffContext;

    const counts: number[] = [];
    let recipientsCounted = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const count = await countSegment(db, { clinicId: CLINIC_A, timeZone: TZ, segment: i % 2 ? { ageMin: 30 } : {}, now: NOW });
      counts.push(performance.now() - started);
      if (i % 2 === 0) recipientsCounted = count.recipients;
    }

    const created = await createCampaign(db, ctx, {
      input: { name: "Bench", templateType: "campaign_flu_vaccination", segment: {}, dailyCap: "100000", pricePerMessage: "0.85" },
      now: NOW,
    });
    if (!created.ok) throw new Error(`create: ${JSON.stringify(created)}`);
    const campaign = (await getCampaign(db, { clinicId: CLINIC_A, campaignId: created.campaignId }))!;
    const tier3 = await estimateCampaign(db, { clinicId: CLINIC_A, timeZone: TZ, campaign: { ...campaign, dailyCap: 10_000 }, now: NOW });

    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    const launched = await launchCampaign(db, ctx, { campaignId: created.campaignId, now: NOW });
    const queueMs = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (!launched.ok) throw new Error(`launch: ${JSON.stringify(launched)}`);
    const relaunchStarted = performance.now();
    const again = await launchCampaign(db, ctx, { campaignId: created.campaignId, now: NOW });
    const relaunchMs = performance.now() - relaunchStarted;

    const [check] = await queryRows<{ recipients: number; deliveries: number; distinct_subjects: number }>(
      db,
      sql`select (select count(*)::int from campaign_recipients where clinic_id = ${CLINIC_A} and campaign_id = ${created.campaignId}) as recipients,
                 count(*)::int as deliveries, count(distinct d.subject_id)::int as distinct_subjects
          from deliveries d join campaign_recipients r on r.id = d.subject_id and r.clinic_id = d.clinic_id
          where d.clinic_id = ${CLINIC_A} and d.subject_type = 'campaign_recipient' and r.campaign_id = ${created.campaignId}`,
    );
    console.log(`segment count: ${recipientsCounted.toLocaleString("en-US")} recipients, ${RUNS} runs`);
    console.log(`segment_count_p95_ms=${ms(p95(counts))}`);
    console.log(`campaign_recipients=${check.recipients}`);
    console.log(`campaign_queue_ms=${ms(queueMs)}`);
    console.log(`campaign_peak_rss_mb=${Math.round(peak / 1024 / 1024)}`);
    console.log(`campaign_duplicates=${check.deliveries - check.distinct_subjects}`);
    console.log(`campaign_lost=${check.recipients - check.distinct_subjects}`);
    console.log(`campaign_days=${tier3.plan.days.length}`);
    console.log(
      `relaunch: queued ${again.ok ? again.queued : "error"} in ${ms(relaunchMs)} ms; estimated cost ${(tier3.plan.estimatedCostCents / 100).toFixed(2)} ${clinic.currency}`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
