/**
 * One dispatcher process for the bench's `workers=2` phase (scripts/bench-dispatch.ts starts two):
 * the app's runSweep with the real twilio SDK against the bench's fake provider, on the bench's
 * PostgreSQL. Waits for T0, sweeps until nothing is due, prints one JSON line and exits.
 *
 * Env: DATABASE_URL, BENCH_PROVIDER_URL, BENCH_CLINIC_ID, BENCH_T0 (ms), BENCH_BATCH_SIZE,
 * BENCH_CONCURRENCY, BENCH_POOL, BENCH_WORKER_ID.
 */
import http from "node:http";
import { benchContentSids } from "./bench-content-sids";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { sql } from "drizzle-orm";
import { openPostgres } from "@/db/client";
import { createOutboxTransport } from "@/lib/notifications/channels/outbox-transport";
import { createTwilioTransport } from "@/lib/notifications/channels/twilio-transport";
import { runSweep } from "@/lib/notifications/dispatch";
import { createPacer } from "@/lib/notifications/engine/pacer";

class LoopbackRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ keepAlive: true });
    this.axios.defaults.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 20, maxFreeSockets: 20 });
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, this.baseUrl) });
  }
}

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`bench-worker: ${name} is required`);
  return value;
};

async function main() {
  const database = await openPostgres(env("DATABASE_URL"), { max: Number(env("BENCH_POOL")) });
  const contentSids = benchContentSids();
  const transport = createTwilioTransport({
    accountSid: `AC${"be7c4".repeat(7).slice(0, 32)}`,
    authToken: "bench-auth-token",
    messagingServiceSid: `MG${"b".repeat(32)}`,
    contentSids,
    httpClient: new LoopbackRequestClient(env("BENCH_PROVIDER_URL")),
  });
  const deps = {
    db: database.db,
    transports: { whatsapp: transport, sms: transport, email: createOutboxTransport() },
    workerId: env("BENCH_WORKER_ID"),
    pacer: createPacer({ db: database.db, rates: { whatsapp: 100_000, sms: 100_000 } }),
  };
  // Warm up the pool and the JIT on a query, then wait for T0.
  await database.db.execute(sql`select 1`);
  const t0 = Number(env("BENCH_T0"));
  while (Date.now() <= t0) await new Promise((r) => setTimeout(r, Math.max(1, t0 - Date.now() + 1)));
  const started = Date.now();
  const result = await runSweep(deps, {
    batchSize: Number(env("BENCH_BATCH_SIZE")),
    concurrency: Number(env("BENCH_CONCURRENCY")),
    maxBatches: 10_000,
    scope: { clinicIds: [env("BENCH_CLINIC_ID")] },
  });
  const finished = Date.now();
  await database.close();
  process.stdout.write(
    `${JSON.stringify({ worker: deps.workerId, started, finished, claimed: result.claimed, outcomes: result.outcomes })}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
