/**
 * `npm run bench`: how fast the real dispatch path sends a burst of due deliveries, and how close that
 * is to what the database and the provider's HTTP API allow at all. Prints figures; asserts nothing.
 *
 *   npm run bench                                   # PGlite, in memory
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/luna_bench npm run bench
 *
 * Phases (docs/benchmarks.md explains each figure):
 *   1. warm-up   a few hundred deliveries through runSweep (JIT, pool, sockets), not measured;
 *   2. dispatch  BENCH_DELIVERIES rows due at T0, sent by runSweep through the Twilio transport and the
 *                real twilio SDK to a loopback fake of Twilio's Messages endpoint (child process);
 *   3. raw       the same round trips (claim batch, one read, the POST, one update+insert) per message,
 *                as trivial statements on a scratch table, same pool, same SDK client, same concurrency,
 *                BENCH_DELIVERIES messages in two halves: one just before phase 2, one just after;
 *   4. embedded  BENCH_DELIVERIES rows due at once, picked up by the embedded driver with the app's
 *                defaults (5 s interval, runSweep defaults). Skipped on a shared PostgreSQL database,
 *                because the driver sweeps every clinic.
 *
 * Knobs (environment): BENCH_DELIVERIES (10000), BENCH_BATCH_SIZE, BENCH_CONCURRENCY, BENCH_POOL
 * (PostgreSQL connections), BENCH_EMBEDDED=0 to skip phase 4, BENCH_TRACE=1 to time statements by kind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { benchContentSids } from "./bench-content-sids";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { and, eq, inArray, sql } from "drizzle-orm";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { migratePostgres, openPglite, openPostgres, queryRows, type Db, type DbKind } from "@/db/client";
import { appointments, clinics, deliveries, deliveryEvents, notificationSettings, patients, users, type Channel } from "@/db/schema";
import { assertLocalDatabaseUrl } from "@/db/testing/guard";
import { createStaff, createTwoClinics } from "@/db/testing/factories";
import { createOutboxTransport } from "@/lib/notifications/channels/outbox-transport";
import { createTwilioTransport } from "@/lib/notifications/channels/twilio-transport";
import { runSweep, type DispatchDeps, type SweepResult } from "@/lib/notifications/dispatch";
import { createEmbeddedDriver, EMBEDDED_INTERVAL_MS, EMBEDDED_SWEEP_DEFAULTS } from "@/lib/notifications/drivers/embedded";
import { createPacer } from "@/lib/notifications/engine/pacer";
import { templateKey, type AppointmentVariant, type NotificationType } from "@/lib/notifications/registry";
import { setNotificationChannel } from "@/lib/notifications/settings";

// ---------------------------------------------------------------------------------------------- config

function intFromEnv(name: string, fallback: number, min: number, max: number) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer in [${min}, ${max}]`);
  return value;
}

const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;
const KIND: DbKind = DATABASE_URL ? "postgres" : "pglite";
const N = intFromEnv("BENCH_DELIVERIES", 10_000, 100, 100_000);
// Chosen by measurement (docs/benchmarks.md): PGlite is one connection, so concurrency only overlaps
// the HTTP wait with the next query; PostgreSQL gets one connection per in-flight delivery.
const BATCH_SIZE = intFromEnv("BENCH_BATCH_SIZE", 500, 1, 10_000);
const CONCURRENCY = intFromEnv("BENCH_CONCURRENCY", KIND === "postgres" ? 16 : 8, 1, 512);
const POOL = intFromEnv("BENCH_POOL", CONCURRENCY + 2, 1, 200);
const EMBEDDED = process.env.BENCH_EMBEDDED !== "0";
/** BENCH_TRACE=1: time every statement the driver runs, by kind (adds a little overhead). */
const TRACE = process.env.BENCH_TRACE === "1";
/** The throughput phases' sender limit: far above the burst, so pacing runs but never waits. */
const UNPACED_RATE = 100_000;
/** The pacing phase: a sender limited to this many messages a second, and that many messages due. */
const PACED_RATE = 80;
const PACED_MESSAGES = 2_000;
const WORKERS2 = process.env.BENCH_WORKERS2 !== "0";
const PATIENTS = 200;
const APPOINTMENTS = 500;
const WARMUP = 300;
/** The whole run is bounded: phases have their own bounds, this is the backstop. */
const HARD_LIMIT_MS = 600_000;
const PHASE_WAIT_LIMIT_MS = 120_000;

const ACCOUNT_SID = `AC${"be7c4".repeat(7).slice(0, 32)}`;
const AUTH_TOKEN = "bench-auth-token";
const SERVICE_SID = `MG${"b".repeat(32)}`;
/** In idempotency keys and scratch names, so runs never collide on a shared database. */
const RUN_ID = randomUUID().slice(0, 8);

// ----------------------------------------------------------------------------------- fake provider

/**
 * A loopback stand-in for POST /2010-04-01/Accounts/:sid/Messages.json, in its own process (Twilio is
 * not in ours). 201 + JSON + Content-Length (without it axios waits for the socket to close). The SID
 * encodes the arrival number, so a delivery row maps back to the moment its request arrived.
 */
const PROVIDER_SOURCE = String.raw`
const http = require("node:http");
let arrivals = [];
let whatsapp = 0, sms = 0, malformed = 0;
const PATH = /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\.json$/;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const at = Date.now();
    if (req.method !== "POST" || !PATH.test(req.url)) {
      const body = JSON.stringify({ code: 20404, message: "not found", status: 404 });
      res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      return res.end(body);
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const to = form.get("To") || "";
    if (to.startsWith("whatsapp:")) {
      if (form.get("ContentSid") && form.get("ContentVariables") && !form.get("Body")) whatsapp++; else malformed++;
    } else if (form.get("Body")) sms++; else malformed++;
    const n = arrivals.length;
    arrivals.push(at);
    const now = new Date(at).toUTCString();
    const body = JSON.stringify({
      sid: "SM" + n.toString(16).padStart(32, "0"), account_sid: req.url.split("/")[3], to,
      messaging_service_sid: form.get("MessagingServiceSid"), status: "queued", direction: "outbound-api",
      date_created: now, date_updated: now, date_sent: null, body: form.get("Body") || "", num_segments: "1",
      error_code: null, error_message: null, price: null, api_version: "2010-04-01",
    });
    res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 120000;
server.listen(0, "127.0.0.1", () => process.send({ type: "ready", port: server.address().port }));
process.on("message", (m) => {
  if (m.type === "reset") { arrivals = []; whatsapp = 0; sms = 0; malformed = 0; process.send({ id: m.id, ok: true }); }
  else if (m.type === "count") process.send({ id: m.id, count: arrivals.length });
  else if (m.type === "collect") process.send({ id: m.id, arrivals, whatsapp, sms, malformed, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() });
});
process.on("disconnect", () => process.exit(0));
`;

interface ProviderReport {
  arrivals: number[];
  whatsapp: number;
  sms: number;
  malformed: number;
  cpu: NodeJS.CpuUsage;
  rss: number;
}

class FakeProvider {
  private nextId = 0;
  private waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on("message", (reply: Record<string, unknown>) => {
      const resolve = this.waiting.get(reply.id as number);
      if (resolve) {
        this.waiting.delete(reply.id as number);
        resolve(reply);
      }
    });
  }

  static async start(): Promise<FakeProvider> {
    const child = spawn(process.execPath, ["-e", PROVIDER_SOURCE], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("fake provider did not start within 10 s")), 10_000);
      child.once("error", reject);
      child.once("message", (m: { type?: string; port?: number }) => {
        clearTimeout(timer);
        if (m.type === "ready" && m.port) resolve(m.port);
        else reject(new Error("fake provider sent an unexpected first message"));
      });
    });
    return new FakeProvider(child, port);
  }

  private ask<T>(type: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake provider did not answer "${type}"`)), 10_000);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply as T);
      });
      this.child.send({ id, type });
    });
  }

  reset = () => this.ask<{ ok: true }>("reset");
  count = async () => (await this.ask<{ count: number }>("count")).count;
  collect = () => this.ask<ProviderReport>("collect");
  stop() {
    this.child.disconnect();
  }
}

/** twilio-node has no base-URL option: its RequestClient is handed a rewritten URI (INTEGRATIONS §6). */
class LoopbackRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ keepAlive: true });
    // The SDK's own agent is an https.Agent with 20 sockets; give the http:// loopback the same shape.
    this.axios.defaults.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 20, maxFreeSockets: 20 });
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, this.baseUrl) });
  }
}

// -------------------------------------------------------------------------------------- measurement

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** CPU seconds of every `postgres` process on the machine (Linux /proc; 0 elsewhere or on PGlite). */
function postgresCpuSeconds(): number {
  if (KIND !== "postgres") return 0;
  let ticks = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const close = stat.lastIndexOf(")");
        if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
        const fields = stat.slice(close + 2).split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process exited while we looked
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100;
}

/** Busy and total CPU seconds of the whole machine, from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  try {
    const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const n = values.map(Number);
    const idle = n[3] + (n[4] ?? 0);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return { busy: 0, total: 0 };
  }
}

let phasePeakRss = 0;
const rssSampler = setInterval(() => {
  phasePeakRss = Math.max(phasePeakRss, process.memoryUsage.rss());
}, 50);
rssSampler.unref();

interface CpuMark {
  at: number;
  elu: EventLoopUtilization;
  self: NodeJS.CpuUsage;
  providerUser: number;
  postgres: number;
  machine: { busy: number; total: number };
}

async function cpuMark(provider: FakeProvider): Promise<CpuMark> {
  const report = await provider.collect();
  return {
    at: performance.now(),
    elu: performance.eventLoopUtilization(),
    self: process.cpuUsage(),
    providerUser: (report.cpu.user + report.cpu.system) / 1e6,
    postgres: postgresCpuSeconds(),
    machine: machineCpu(),
  };
}

interface PhaseCpu {
  wallS: number;
  benchS: number;
  providerS: number;
  postgresS: number;
  machineBusyPct: number;
  /** Event-loop utilisation of the bench process: its one JavaScript thread running or waiting for a core (1 = saturated). */
  eventLoop: number;
}

function cpuBetween(a: CpuMark, b: CpuMark): PhaseCpu {
  const wallS = (b.at - a.at) / 1000;
  const benchS = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6;
  const total = b.machine.total - a.machine.total;
  return {
    wallS,
    benchS,
    providerS: b.providerUser - a.providerUser,
    postgresS: b.postgres - a.postgres,
    machineBusyPct: total > 0 ? (100 * (b.machine.busy - a.machine.busy)) / total : NaN,
    eventLoop: performance.eventLoopUtilization(b.elu, a.elu).utilization,
  };
}

/** Statement timings by kind (BENCH_TRACE=1): time from the call to the rows, queueing included. */
const traced = new Map<string, { n: number; ms: number }>();

function statementKind(text: string) {
  const t = text.replace(/\s+/g, " ").trim().toLowerCase();
  if (t.startsWith('with moved as (update "deliveries"')) return "dispatch: finish (update+insert event)";
  if (t.startsWith('update "deliveries" set "status" = $1, "attempts"')) return "dispatch: claim batch";
  if (t.startsWith('select "patients"')) return "dispatch: load context (4-table join)";
  if (t.includes('from "notification_settings"') || t.startsWith('select "reminder_lead_hours"'))
    return "dispatch: settings (once per sweep)";
  if (t.startsWith("select") && t.includes('"deliveries"') && t.includes('"last_attempt_at" <')) return "dispatch: recovery scan";
  if (t.includes("luna_bench_raw")) {
    if (t.startsWith("update")) return "raw: claim batch";
    if (t.startsWith("select id, n")) return "raw: read";
    if (t.startsWith("with moved")) return "raw: finish (update+insert)";
    return "raw: other";
  }
  return `other: ${t.slice(0, 40)}`;
}

function installTrace(db: Db) {
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  const method = KIND === "postgres" ? "unsafe" : "query";
  const original = client[method] as (...args: unknown[]) => unknown;
  client[method] = function (this: unknown, ...args: unknown[]) {
    const kind = statementKind(String(args[0]));
    const start = performance.now();
    const result = original.apply(this, args) as PromiseLike<unknown> & object;
    const record = () => {
      const entry = traced.get(kind) ?? { n: 0, ms: 0 };
      entry.n++;
      entry.ms += performance.now() - start;
      traced.set(kind, entry);
    };
    // postgres.js queries are lazy thenables with extra methods (.values()): observe, do not replace.
    Promise.resolve(result).then(record, record);
    return result;
  };
}

// -------------------------------------------------------------------------------------------- seed

interface Fixture {
  clinicId: string;
  appointments: { id: string; patientId: string; kind: AppointmentVariant; locale: "es" | "en" }[];
}

const FAR_FUTURE = () => new Date(Date.now() + 30 * 24 * 3_600_000);

/** 200 patients, one doctor, 500 appointments in the next days, SMS switched on for the two types. */
async function seedClinic(db: Db, clinicId: string, tag: string): Promise<Fixture> {
  const doctor = await createStaff(db, { clinicId, role: "doctor", name: "Dra. Banco" });
  const patientRows = await db
    .insert(patients)
    .values(
      Array.from({ length: PATIENTS }, (_, i) => ({
        clinicId,
        firstName: ["María", "José", "Ana", "Luis", "Sofía"][i % 5],
        lastName: `Prueba ${tag} ${i}`,
        phone: `+5255${String(10_000_000 + i)}`,
        preferredLocale: i % 5 === 4 ? ("en" as const) : ("es" as const),
      })),
    )
    .returning({ id: patients.id, locale: patients.preferredLocale });
  const start = Date.now() + 2 * 24 * 3_600_000;
  const appointmentRows = await db
    .insert(appointments)
    .values(
      Array.from({ length: APPOINTMENTS }, (_, i) => {
        const startsAt = new Date(start + i * 15 * 60_000);
        const kind: AppointmentVariant = i % 5 === 0 ? "video" : "in_person";
        return {
          clinicId,
          patientId: patientRows[i % PATIENTS].id,
          doctorId: doctor.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 30 * 60_000),
          kind,
          videoUrl: kind === "video" ? `https://meet.example.test/luna-bench-${i}` : null,
        };
      }),
    )
    .returning({ id: appointments.id, patientId: appointments.patientId, kind: appointments.kind });
  const localeOf = new Map(patientRows.map((p) => [p.id, p.locale]));
  for (const notificationType of ["booking_confirmation", "reminder"] as const) {
    await setNotificationChannel(db, { clinicId, notificationType, channel: "sms", enabled: true });
  }
  return {
    clinicId,
    appointments: appointmentRows.map((a) => ({ ...a, locale: localeOf.get(a.patientId) ?? "es" })),
  };
}

/** `count` scheduled deliveries spread over the appointments, not yet due (made due by makeDue). */
async function seedDeliveries(db: Db, fixture: Fixture, count: number, tag: string, only?: Channel) {
  const placeholder = FAR_FUTURE();
  const chunk = 1_000;
  for (let offset = 0; offset < count; offset += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - offset) }, (_, j) => {
      const i = offset + j;
      const appointment = fixture.appointments[i % fixture.appointments.length];
      const type: NotificationType = i % 2 === 0 ? "booking_confirmation" : "reminder";
      const channel: Channel = only ?? (i % 10 < 7 ? "whatsapp" : "sms");
      return {
        clinicId: fixture.clinicId,
        patientId: appointment.patientId,
        appointmentId: appointment.id,
        appointmentVersion: 1,
        subjectType: "appointment" as const,
        subjectId: appointment.id,
        subjectVersion: 1,
        notificationType: type,
        channel,
        locale: appointment.locale,
        templateKey: templateKey(type, appointment.kind, appointment.locale),
        sendAt: placeholder,
        nextAttemptAt: placeholder,
        status: "scheduled" as const,
        idempotencyKey: `bench:${RUN_ID}:${tag}:${i}`,
      };
    });
    await db.insert(deliveries).values(rows);
  }
}

/** Every scheduled delivery of the clinic becomes due at T0 (the statement must finish before T0). */
async function makeDue(db: Db, clinicId: string, leadMs: number) {
  const t0 = new Date(Date.now() + leadMs);
  await db
    .update(deliveries)
    .set({ sendAt: t0, nextAttemptAt: t0 })
    .where(and(eq(deliveries.clinicId, clinicId), eq(deliveries.status, "scheduled")));
  const overrunMs = Date.now() - t0.getTime();
  // Timers may fire a millisecond early against the wall clock; a sweep before T0 would find nothing.
  for (let i = 0; i < 100 && Date.now() <= t0.getTime(); i++) await sleep(t0.getTime() - Date.now() + 1);
  return { t0, overrunMs: Math.max(0, overrunMs) };
}

async function outcomeCounts(db: Db, clinicId: string) {
  const rows = await queryRows<{ status: string; n: number; sids: number }>(
    db,
    sql`select status::text as status, count(*)::int as n, count(distinct provider_message_id)::int as sids
        from ${deliveries} where clinic_id = ${clinicId} and idempotency_key not like ${`bench:${RUN_ID}:warmup:%`} group by status order by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, { n: Number(r.n), sids: Number(r.sids) }]));
}

// ----------------------------------------------------------------------------------------- phases

interface DispatchFigures {
  t0: Date;
  overrunMs: number;
  elapsedS: number;
  perS: number;
  lateness: number[];
  result: SweepResult;
  statuses: Record<string, { n: number; sids: number }>;
  provider: Pick<ProviderReport, "whatsapp" | "sms" | "malformed">;
  cpu: PhaseCpu;
  peakRss: number;
}

async function dispatchPhase(db: Db, deps: DispatchDeps, fixture: Fixture, provider: FakeProvider): Promise<DispatchFigures> {
  await seedDeliveries(db, fixture, N, "dispatch");
  await provider.reset();
  phasePeakRss = 0;
  const { t0, overrunMs } = await makeDue(db, fixture.clinicId, 1_000);
  const before = await cpuMark(provider);
  const start = performance.now() - (Date.now() - t0.getTime());
  const result = await runSweep(deps, {
    batchSize: BATCH_SIZE,
    concurrency: CONCURRENCY,
    maxBatches: Math.ceil(N / BATCH_SIZE) + 5,
    scope: { clinicIds: [fixture.clinicId] },
  });
  const elapsedS = (performance.now() - start) / 1000;
  const after = await cpuMark(provider);
  const report = await provider.collect();
  const lateness = report.arrivals.map((at) => at - t0.getTime()).sort((a, b) => a - b);
  const statuses = await outcomeCounts(db, fixture.clinicId);
  const sent = (statuses.queued?.n ?? 0) + (statuses.sent?.n ?? 0);
  return {
    t0,
    overrunMs,
    elapsedS,
    perS: sent / elapsedS,
    lateness,
    result,
    statuses,
    provider: report,
    cpu: cpuBetween(before, after),
    peakRss: phasePeakRss,
  };
}

interface RawSql {
  query(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
}

/** The driver under drizzle: no query builder, no row mapping. */
function rawSqlOf(db: Db): RawSql {
  const client = (db as unknown as { $client: unknown }).$client;
  if (KIND === "postgres") {
    const pg = client as { unsafe(text: string, params: unknown[]): Promise<Record<string, unknown>[]> };
    return { query: (text, params) => pg.unsafe(text, params) };
  }
  const lite = client as { query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
  return { query: async (text, params) => (await lite.query(text, params)).rows };
}

async function mapWithConcurrency<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function createScratch(db: Db, schema: string) {
  const raw = rawSqlOf(db);
  await raw.query(`drop schema if exists ${schema} cascade`, []);
  await raw.query(`create schema ${schema}`, []);
  await raw.query(`create table ${schema}.items (id int primary key, n int not null default 0)`, []);
  await raw.query(
    `create table ${schema}.events (id bigserial primary key, item_id int not null, at timestamptz not null default now())`,
    [],
  );
}

interface RawFigures {
  perS: number;
  elapsedS: number;
  done: number;
  arrivals: number;
  /** Arrival − start of the run, ms, sorted. */
  lateness: number[];
  cpu: PhaseCpu;
  peakRss: number;
}

/**
 * The raw limit: per message the same round trips dispatch makes — its share of one claim
 * (UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING), one read, the provider POST
 * through the same SDK client and sockets, one UPDATE+INSERT statement (a write that commits) —
 * on a two-column scratch table, batched and concurrent exactly like runSweep.
 */
async function rawRun(
  db: Db,
  httpClient: LoopbackRequestClient,
  provider: FakeProvider,
  schema: string,
  count: number,
  firstId: number,
): Promise<RawFigures> {
  const raw = rawSqlOf(db);
  await raw.query(`insert into ${schema}.items (id) select g from generate_series(${firstId}, ${firstId + count - 1}) g`, []);
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient, autoRetry: false });
  const contentVariables = JSON.stringify({ 1: "María", 2: "Dra. Banco", 3: "Clínica Banco", 4: "jueves 3 de diciembre, 10:00 a.m." });
  await provider.reset();
  phasePeakRss = 0;
  const before = await cpuMark(provider);
  const start = performance.now();
  const startedAt = Date.now();
  let done = 0;
  await raw.query(`select id from ${schema}.items where n = -1 limit 100`, []); // recovery scan
  for (let batch = 0; batch < Math.ceil(count / BATCH_SIZE) + 5; batch++) {
    const rows = await raw.query(
      `update ${schema}.items set n = n + 1 where id in (select id from ${schema}.items where n = 0 order by id limit $1 for update skip locked) and n = 0 returning id, n`,
      [BATCH_SIZE],
    );
    await mapWithConcurrency(rows, CONCURRENCY, async (row) => {
      await raw.query(`select id, n from ${schema}.items where id = $1`, [row.id]);
      await client.messages.create({
        to: `whatsapp:+5255${String(10_000_000 + (Number(row.id) % PATIENTS))}`,
        messagingServiceSid: SERVICE_SID,
        contentSid: `HX${"a".repeat(32)}`,
        contentVariables,
      });
      await raw.query(
        `with moved as (update ${schema}.items set n = n + 1 where id = $1 and n = 1 returning id) insert into ${schema}.events (item_id) select id from moved`,
        [row.id],
      );
      done++;
    });
    if (rows.length < BATCH_SIZE) break;
  }
  const elapsedS = (performance.now() - start) / 1000;
  const after = await cpuMark(provider);
  const report = await provider.collect();
  const lateness = report.arrivals.map((at) => at - startedAt).sort((a, b) => a - b);
  return {
    perS: done / elapsedS,
    elapsedS,
    done,
    arrivals: report.arrivals.length,
    lateness,
    cpu: cpuBetween(before, after),
    peakRss: phasePeakRss,
  };
}

/**
 * The two raw halves (one before the dispatch phase, one after, so load from other processes on a
 * shared machine weighs on both sides alike) as one run: the second half's arrivals follow the first's.
 */
function joinRawRuns(a: RawFigures, b: RawFigures): RawFigures {
  const wall = a.cpu.wallS + b.cpu.wallS;
  const weighted = (f: (c: PhaseCpu) => number) => (f(a.cpu) * a.cpu.wallS + f(b.cpu) * b.cpu.wallS) / wall;
  return {
    perS: (a.done + b.done) / (a.elapsedS + b.elapsedS),
    elapsedS: a.elapsedS + b.elapsedS,
    done: a.done + b.done,
    arrivals: a.arrivals + b.arrivals,
    lateness: [...a.lateness, ...b.lateness.map((ms) => ms + a.elapsedS * 1000)].sort((x, y) => x - y),
    cpu: {
      wallS: wall,
      benchS: a.cpu.benchS + b.cpu.benchS,
      providerS: a.cpu.providerS + b.cpu.providerS,
      postgresS: a.cpu.postgresS + b.cpu.postgresS,
      machineBusyPct: weighted((c) => c.machineBusyPct),
      eventLoop: weighted((c) => c.eventLoop),
    },
    peakRss: Math.max(a.peakRss, b.peakRss),
  };
}

async function embeddedPhase(db: Db, deps: DispatchDeps, fixture: Fixture, provider: FakeProvider) {
  await seedDeliveries(db, fixture, N, "embedded");
  const errors: unknown[] = [];
  const driver = createEmbeddedDriver({ deps: async () => deps, intervalMs: EMBEDDED_INTERVAL_MS, onError: (e) => errors.push(e) });
  try {
    await provider.reset();
    phasePeakRss = 0;
    const { t0, overrunMs } = await makeDue(db, fixture.clinicId, 1_000);
    const before = await cpuMark(provider);
    const start = performance.now() - (Date.now() - t0.getTime());
    const deadline = Date.now() + PHASE_WAIT_LIMIT_MS;
    let arrived = 0;
    while (Date.now() < deadline) {
      arrived = await provider.count();
      if (arrived >= N) break;
      await sleep(100);
    }
    await driver.drain(); // the last sweep has recorded everything it sent
    const elapsedS = (performance.now() - start) / 1000;
    const after = await cpuMark(provider);
    const report = await provider.collect();
    const lateness = report.arrivals.map((at) => at - t0.getTime()).sort((a, b) => a - b);
    const statuses = await outcomeCounts(db, fixture.clinicId);
    return {
      t0,
      overrunMs,
      elapsedS,
      timedOut: arrived < N,
      lateness,
      statuses,
      errors,
      cpu: cpuBetween(before, after),
      peakRss: phasePeakRss,
    };
  } finally {
    await driver.stop();
  }
}

/**
 * `workers=2`: two dispatcher processes (scripts/bench-worker.ts) on this PostgreSQL over one burst of
 * N due rows. Each message must be sent once: duplicates = requests at the fake provider − N.
 */
async function workers2Phase(db: Db, fixture: Fixture, provider: FakeProvider) {
  await seedDeliveries(db, fixture, N, "workers2");
  await provider.reset();
  const t0 = Date.now() + 8_000; // time for both processes to start (tsx) and connect
  await db
    .update(deliveries)
    .set({ sendAt: new Date(t0), nextAttemptAt: new Date(t0) })
    .where(and(eq(deliveries.clinicId, fixture.clinicId), eq(deliveries.status, "scheduled")));
  const before = await cpuMark(provider);
  const tsx = `${process.cwd()}/node_modules/tsx/dist/cli.mjs`;
  const perWorkerPool = Math.max(2, Math.floor(POOL / 2) + 1);
  const runs = await Promise.all(
    ["w1", "w2"].map(
      (worker) =>
        new Promise<{ worker: string; started: number; finished: number; claimed: number }>((resolve, reject) => {
          const child = spawn(process.execPath, [tsx, "scripts/bench-worker.ts"], {
            stdio: ["ignore", "pipe", "inherit"],
            env: {
              ...process.env,
              DATABASE_URL,
              BENCH_PROVIDER_URL: `http://127.0.0.1:${provider.port}`,
              BENCH_CLINIC_ID: fixture.clinicId,
              BENCH_T0: String(t0),
              BENCH_BATCH_SIZE: String(BATCH_SIZE),
              BENCH_CONCURRENCY: String(CONCURRENCY),
              BENCH_POOL: String(perWorkerPool),
              BENCH_WORKER_ID: `bench-${RUN_ID}-${worker}`,
            },
          });
          let out = "";
          child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
          child.on("error", reject);
          child.on("exit", (code) => {
            if (code !== 0) return reject(new Error(`bench worker ${worker} exited with ${code}`));
            try {
              resolve(JSON.parse(out.trim().split("\n").at(-1)!));
            } catch (error) {
              reject(error);
            }
          });
        }),
    ),
  );
  const after = await cpuMark(provider);
  const report = await provider.collect();
  const statuses = await outcomeCounts(db, fixture.clinicId);
  const finished = Math.max(...runs.map((r) => r.finished));
  const elapsedS = (finished - t0) / 1000;
  const lateness = report.arrivals.map((at) => at - t0).sort((a, b) => a - b);
  return { runs, elapsedS, perS: N / elapsedS, requests: report.arrivals.length, lateness, statuses, cpu: cpuBetween(before, after) };
}

/** The most of these sorted instants in any window (t − 1 s, t]. */
function maxInOneSecond(sorted: number[]) {
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/**
 * Pacing: PACED_MESSAGES WhatsApp messages due at once through a sender limited to PACED_RATE/s (the
 * shared token bucket in this database). Every message must arrive, at most PACED_RATE in any second.
 */
async function pacedPhase(db: Db, fixture: Fixture, provider: FakeProvider, transport: ReturnType<typeof createTwilioTransport>) {
  await seedDeliveries(db, fixture, PACED_MESSAGES, "paced", "whatsapp");
  await provider.reset();
  // When this process hands each message to the SDK: what the pacer controls. The provider's arrival
  // times add the SDK's, the socket's and the fake's own scheduling on a loaded machine.
  const released: number[] = [];
  const timed = {
    ...transport,
    send: (message: Parameters<typeof transport.send>[0]) => {
      released.push(Date.now());
      return transport.send(message);
    },
  };
  const deps: DispatchDeps = {
    db,
    transports: { whatsapp: timed, sms: timed, email: createOutboxTransport() },
    workerId: `bench-${RUN_ID}-paced`,
    pacer: createPacer({ db, rates: { whatsapp: PACED_RATE } }),
  };
  const { t0 } = await makeDue(db, fixture.clinicId, 1_000);
  const start = performance.now() - (Date.now() - t0.getTime());
  const result = await runSweep(deps, {
    batchSize: BATCH_SIZE,
    concurrency: CONCURRENCY,
    maxBatches: 10_000,
    scope: { clinicIds: [fixture.clinicId] },
  });
  const elapsedS = (performance.now() - start) / 1000;
  const report = await provider.collect();
  const arrivals = [...report.arrivals].sort((a, b) => a - b);
  const slidingMax = maxInOneSecond(arrivals);
  const releasedMax = maxInOneSecond(released.sort((a, b) => a - b));
  const perSecond = new Map<number, number>();
  for (const at of arrivals)
    perSecond.set(Math.floor((at - t0.getTime()) / 1000), (perSecond.get(Math.floor((at - t0.getTime()) / 1000)) ?? 0) + 1);
  const statuses = await outcomeCounts(db, fixture.clinicId);
  const rows = await queryRows<{ sent: number }>(
    db,
    sql`select count(*)::int as sent from ${deliveries} where clinic_id = ${fixture.clinicId} and idempotency_key like ${`bench:${RUN_ID}:paced:%`} and status in ('queued', 'sent')`,
  );
  const sent = Number(rows[0]?.sent ?? 0);
  return {
    elapsedS,
    result,
    requests: arrivals.length,
    slidingMax,
    releasedMax,
    calendarMax: Math.max(0, ...perSecond.values()),
    lost: PACED_MESSAGES - sent,
    duplicates: arrivals.length - sent,
    statuses,
  };
}

// ------------------------------------------------------------------------------------------- main

async function openDatabase() {
  if (!DATABASE_URL) {
    const database = await openPglite({});
    return { database, dropped: true, name: "PGlite (in memory)" };
  }
  assertLocalDatabaseUrl(DATABASE_URL);
  const name = decodeURIComponent(new URL(DATABASE_URL).pathname.replace(/^\//, ""));
  const database = await openPostgres(DATABASE_URL, { max: POOL });
  const ownsDatabase = name.toLowerCase().includes("bench");
  if (ownsDatabase) {
    await database.db.execute(sql`drop schema if exists public cascade`);
    await database.db.execute(sql`drop schema if exists drizzle cascade`);
    await database.db.execute(sql`create schema public`);
  }
  await migratePostgres(database.db);
  return { database, dropped: ownsDatabase, name: `PostgreSQL ${name}` };
}

/** On a shared database, remove what the bench created (its clinics and everything under them). */
async function removeBenchClinics(db: Db, clinicIds: string[]) {
  await db.delete(deliveryEvents).where(inArray(deliveryEvents.clinicId, clinicIds));
  await db.delete(deliveries).where(inArray(deliveries.clinicId, clinicIds));
  await db.delete(appointments).where(inArray(appointments.clinicId, clinicIds));
  await db.delete(patients).where(inArray(patients.clinicId, clinicIds));
  await db.delete(notificationSettings).where(inArray(notificationSettings.clinicId, clinicIds));
  await db.delete(users).where(inArray(users.clinicId, clinicIds));
  await db.delete(clinics).where(inArray(clinics.id, clinicIds));
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const mb = (bytes: number) => fmt(bytes / 1024 / 1024);

function cpuLine(label: string, cpu: PhaseCpu, messages: number) {
  const perMessage = (seconds: number) => fmt((1000 * seconds) / messages, 2).padStart(5);
  const ours = cpu.benchS + cpu.providerS + cpu.postgresS;
  const other = (cpu.machineBusyPct / 100) * cpu.wallS * os.availableParallelism() - ours;
  return `  ${label.padEnd(9)} wall ${fmt(cpu.wallS, 1).padStart(5)} s | CPU ms per message: bench ${perMessage(cpu.benchS)}  postgres ${perMessage(cpu.postgresS)}  provider ${perMessage(cpu.providerS)}  = ${perMessage(ours)} | event loop ${fmt(100 * cpu.eventLoop)} % utilised | machine ${fmt(cpu.machineBusyPct)} % busy, other processes ${fmt(Math.max(0, other), 1)} CPU s`;
}

async function main() {
  const hardLimit = setTimeout(() => {
    console.error(`bench: still running after ${HARD_LIMIT_MS / 1000} s, giving up`);
    process.exit(2);
  }, HARD_LIMIT_MS);
  const runStart = performance.now();

  const { database, dropped, name } = await openDatabase();
  const db = database.db;
  if (TRACE) installTrace(db);
  const provider = await FakeProvider.start();
  const httpClient = new LoopbackRequestClient(`http://127.0.0.1:${provider.port}`);
  const contentSids = benchContentSids();
  const transport = createTwilioTransport({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    messagingServiceSid: SERVICE_SID,
    contentSids,
    httpClient,
  });
  // The app's path, pacing included: the bench's sender is limited far above what a burst reaches.
  const deps: DispatchDeps = {
    db,
    transports: { whatsapp: transport, sms: transport, email: createOutboxTransport() },
    workerId: `bench-${RUN_ID}`,
    pacer: createPacer({ db, rates: { whatsapp: UNPACED_RATE, sms: UNPACED_RATE } }),
  };

  console.log(
    `luna dispatch bench — ${name}, ${N} deliveries, batchSize ${BATCH_SIZE}, concurrency ${CONCURRENCY}` +
      (KIND === "postgres" ? `, pool ${POOL}` : ", one PGlite connection") +
      `\nmachine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, fake provider on 127.0.0.1:${provider.port}`,
  );

  const seedStart = performance.now();
  const pair = await createTwoClinics(db);
  const fixtureA = await seedClinic(db, pair.clinicA.id, `${RUN_ID}a`);
  const fixtureB = await seedClinic(db, pair.clinicB.id, `${RUN_ID}b`);
  console.log(
    `seeded 2 clinics × ${PATIENTS} patients, ${APPOINTMENTS} appointments in ${fmt((performance.now() - seedStart) / 1000, 1)} s`,
  );

  // 1. warm-up (not measured)
  await seedDeliveries(db, fixtureB, WARMUP, "warmup");
  await makeDue(db, fixtureB.clinicId, 0);
  await runSweep(deps, { batchSize: BATCH_SIZE, concurrency: CONCURRENCY, maxBatches: 5, scope: { clinicIds: [fixtureB.clinicId] } });

  // 2. raw limit, first half  3. dispatch  2'. raw limit, second half
  const scratch = dropped ? "luna_bench_raw" : `luna_bench_raw_${RUN_ID}`;
  await createScratch(db, scratch);
  const firstHalf = Math.ceil(N / 2);
  const raw1 = await rawRun(db, httpClient, provider, scratch, firstHalf, 1);
  const d = await dispatchPhase(db, deps, fixtureA, provider);
  console.log(`dispatch: ${d.result.claimed} claimed in ${fmt(d.elapsedS, 2)} s; outcomes ${JSON.stringify(d.result.outcomes)}`);
  const raw2 = await rawRun(db, httpClient, provider, scratch, N - firstHalf, firstHalf + 1);
  const r = joinRawRuns(raw1, raw2);
  console.log(
    `raw: ${r.done} messages in ${fmt(raw1.elapsedS, 2)} s (before dispatch) + ${fmt(raw2.elapsedS, 2)} s (after): ${r.arrivals} provider requests`,
  );

  // 4. embedded driver
  let e: Awaited<ReturnType<typeof embeddedPhase>> | null = null;
  let embeddedNote = "";
  if (!EMBEDDED) embeddedNote = "skipped (BENCH_EMBEDDED=0)";
  else if (!dropped)
    embeddedNote = 'skipped: the embedded driver sweeps every clinic, and this database is shared (its name lacks "bench")';
  else {
    e = await embeddedPhase(db, deps, fixtureB, provider);
    console.log(
      `embedded: ${N} due, ${e.lateness.length} handed off in ${fmt(e.elapsedS, 2)} s${e.timedOut ? " (stopped waiting: bound reached)" : ""}`,
    );
  }

  // 5. workers=2 (two processes need a shared PostgreSQL)  6. pacing
  let w: Awaited<ReturnType<typeof workers2Phase>> | null = null;
  let workersNote = "";
  if (KIND !== "postgres") workersNote = "skipped: two processes need PostgreSQL (PGlite has one owner)";
  else if (!WORKERS2) workersNote = "skipped (BENCH_WORKERS2=0)";
  else {
    w = await workers2Phase(db, fixtureA, provider);
    console.log(
      `workers=2: ${N} due, ${w.requests} provider requests in ${fmt(w.elapsedS, 2)} s; ` +
        w.runs.map((run) => `${run.worker.split("-").at(-1)} claimed ${run.claimed}`).join(", "),
    );
  }
  const p = await pacedPhase(db, fixtureB, provider, transport);
  console.log(
    `paced: ${PACED_MESSAGES} due through a sender limited to ${PACED_RATE}/s: ${p.requests} requests in ${fmt(p.elapsedS, 1)} s, ` +
      `at most ${p.slidingMax} in any 1 s window at the provider (${p.calendarMax} in a calendar second; ${p.releasedMax} handed to the SDK); outcomes ${JSON.stringify(p.result.outcomes)}`,
  );

  const ratio = d.perS / r.perS;
  // CPU per message of the bench, postgres and the provider together: barely moved by other processes'
  // load on a shared machine, unlike the wall-clock rates above. A cross-check of `ratio`.
  const cpuPerDelivery = (1000 * (d.cpu.benchS + d.cpu.postgresS + d.cpu.providerS)) / N;
  const cpuPerRaw = (1000 * (r.cpu.benchS + r.cpu.postgresS + r.cpu.providerS)) / r.done;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const sentA = (d.statuses.queued?.n ?? 0) + (d.statuses.sent?.n ?? 0);
  const sidsA = (d.statuses.queued?.sids ?? 0) + (d.statuses.sent?.sids ?? 0);

  console.log("");
  console.log(`| figure | value | reference target (${KIND === "postgres" ? "PostgreSQL" : "PostgreSQL; PGlite: embedded ≤ 30 s"}) |`);
  console.log("|---|---:|---|");
  console.log(`| deliveries/s (dispatch, T0 → last recorded) | ${fmt(d.perS)} | ≥ 1,000 |`);
  console.log(`| raw limit/s (same round trips, no app logic) | ${fmt(r.perS)} | |`);
  console.log(`| ratio | ${fmt(ratio, 2)} | ≥ 0.5 |`);
  console.log(
    `| CPU ms per message, raw ÷ dispatch (cross-check, load-independent) | ${fmt(cpuPerRaw, 2)} ÷ ${fmt(cpuPerDelivery, 2)} = ${fmt(cpuPerRaw / cpuPerDelivery, 2)} | |`,
  );
  console.log(`| lateness p50 (due → provider hand-off) | ${fmt(percentile(d.lateness, 50))} ms | |`);
  console.log(`| lateness p99 | ${fmt(percentile(d.lateness, 99))} ms | ≤ 5,000 ms |`);
  console.log(`| lateness max | ${fmt(d.lateness.at(-1) ?? NaN)} ms | |`);
  console.log(
    `| raw phase lateness p50 / p99 (the floor for a burst of ${N}) | ${fmt(percentile(r.lateness, 50))} / ${fmt(percentile(r.lateness, 99))} ms | |`,
  );
  if (e) {
    console.log(
      `| embedded driver lateness p50 / p99 / max | ${fmt(percentile(e.lateness, 50))} / ${fmt(percentile(e.lateness, 99))} / ${fmt(e.lateness.at(-1) ?? NaN)} ms | max ≤ 30,000 ms |`,
    );
    console.log(`| embedded driver deliveries/s (T0 → drained) | ${fmt(N / e.elapsedS)} | |`);
  } else {
    console.log(`| embedded driver | ${embeddedNote} | |`);
  }
  console.log(`| peak RSS (bench process, incl. ${KIND === "pglite" ? "PGlite" : "postgres.js"}) | ${mb(peakRss)} MB | |`);
  console.log(
    `| peak RSS during dispatch / raw${e ? " / embedded" : ""} | ${mb(d.peakRss)} / ${mb(r.peakRss)}${e ? ` / ${mb(e.peakRss)}` : ""} MB | |`,
  );
  console.log("");
  console.log(
    `where the time went (CPU per message; the fake provider is a separate process${KIND === "pglite" ? ", PGlite runs inside the bench process" : ""}):`,
  );
  console.log(cpuLine("dispatch", d.cpu, N));
  console.log(cpuLine("raw", r.cpu, r.done));
  if (e) console.log(cpuLine("embedded", e.cpu, N));
  console.log("");
  console.log("checks:");
  console.log(
    `  dispatch rows by status ${JSON.stringify(Object.fromEntries(Object.entries(d.statuses).map(([k, v]) => [k, v.n])))}; ` +
      `provider requests ${d.lateness.length} (whatsapp ${d.provider.whatsapp}, sms ${d.provider.sms}, malformed ${d.provider.malformed}); ` +
      `distinct provider ids on sent rows ${sidsA}/${sentA}`,
  );
  if (d.overrunMs > 0 || (e && e.overrunMs > 0))
    console.log(`  note: making rows due overran T0 by ${d.overrunMs} / ${e?.overrunMs ?? 0} ms (counted as lateness)`);
  if (e) {
    console.log(
      `  embedded rows by status ${JSON.stringify(Object.fromEntries(Object.entries(e.statuses).map(([k, v]) => [k, v.n])))}; ` +
        `provider requests ${e.lateness.length}; driver errors ${e.errors.length}; interval ${EMBEDDED_INTERVAL_MS} ms, the driver's defaults (batch ${EMBEDDED_SWEEP_DEFAULTS.batchSize}, concurrency ${EMBEDDED_SWEEP_DEFAULTS.concurrency}, a pool that keeps pulling)`,
    );
  }
  if (w) {
    console.log(
      `  workers=2 rows by status ${JSON.stringify(Object.fromEntries(Object.entries(w.statuses).map(([k, v]) => [k, v.n])))}; ` +
        `provider requests ${w.requests} for ${N} messages; ${fmt(w.perS)}/s for both processes against ${fmt(d.perS)}/s for one`,
    );
  }
  console.log(
    `  paced rows by status ${JSON.stringify(Object.fromEntries(Object.entries(p.statuses).map(([k, v]) => [k, v.n])))}; lost ${p.lost}, duplicates ${p.duplicates}`,
  );
  if (TRACE) {
    console.log("");
    console.log("statement timings (BENCH_TRACE=1; call → rows, queueing included; all phases):");
    for (const [kind, { n, ms }] of [...traced].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`  ${kind.padEnd(48)} ${String(n).padStart(7)} × ${fmt(ms / n, 3).padStart(8)} ms = ${fmt(ms / 1000, 2).padStart(7)} s`);
    }
  }
  console.log("");
  console.log(`db=${KIND}`);
  console.log(`deliveries=${N}`);
  console.log(`batch_size=${BATCH_SIZE}`);
  console.log(`concurrency=${CONCURRENCY}`);
  if (KIND === "postgres") console.log(`pool=${POOL}`);
  console.log(`deliveries_per_s=${fmt(d.perS)}`);
  console.log(`raw_limit_per_s=${fmt(r.perS)}`);
  console.log(`ratio=${fmt(ratio, 2)}`);
  console.log(`cpu_ms_per_delivery=${fmt(cpuPerDelivery, 2)}`);
  console.log(`cpu_ms_per_raw_message=${fmt(cpuPerRaw, 2)}`);
  console.log(`ratio_by_cpu=${fmt(cpuPerRaw / cpuPerDelivery, 2)}`);
  console.log(`lateness_p50_ms=${fmt(percentile(d.lateness, 50))}`);
  console.log(`lateness_p99_ms=${fmt(percentile(d.lateness, 99))}`);
  console.log(`lateness_max_ms=${fmt(d.lateness.at(-1) ?? NaN)}`);
  console.log(`raw_lateness_p99_ms=${fmt(percentile(r.lateness, 99))}`);
  if (e) {
    console.log(`embedded_lateness_p99_ms=${fmt(percentile(e.lateness, 99))}`);
    console.log(`embedded_lateness_max_ms=${fmt(e.lateness.at(-1) ?? NaN)}`);
    console.log(`embedded_deliveries_per_s=${fmt(N / e.elapsedS)}`);
  }
  if (w) {
    console.log(`workers2_deliveries_per_s=${fmt(w.perS)}`);
    console.log(`workers2_duplicates=${w.requests - N}`);
    console.log(`workers2_lateness_p99_ms=${fmt(percentile(w.lateness, 99))}`);
  } else {
    console.log(`workers2_deliveries_per_s=n/a`);
    console.log(`workers2_duplicates=n/a`);
    console.log(`# workers=2 ${workersNote}`);
  }
  console.log(`paced_max_per_s=${p.slidingMax}`);
  console.log(`paced_released_max_per_s=${p.releasedMax}`);
  console.log(`paced_lost=${p.lost}`);
  console.log(`paced_duplicates=${p.duplicates}`);
  console.log(`peak_rss_mb=${mb(peakRss)}`);
  console.log(`bench_seconds=${fmt((performance.now() - runStart) / 1000, 1)}`);

  if (!dropped) {
    await removeBenchClinics(db, [pair.clinicA.id, pair.clinicB.id]).catch((error) =>
      console.error("bench: could not remove its clinics:", error instanceof Error ? error.message : error),
    );
    await db.execute(sql.raw(`drop schema if exists ${scratch} cascade`));
  }
  provider.stop();
  await database.close();
  clearTimeout(hardLimit);
  clearInterval(rssSampler);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
