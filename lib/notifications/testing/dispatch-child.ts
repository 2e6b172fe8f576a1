/**
 * A dispatcher in a process of its own, for the crash test (engine/crash-recovery.test.ts): the app's
 * runSweep with the real twilio SDK against the test's fake Twilio, on the test's PostgreSQL, until it
 * is killed or nothing is due. Env: DATABASE_URL, FAKE_TWILIO_URL, CLINIC_ID, WORKER_ID, LEASE_MS, TIMEOUT_MS.
 */
import { openPostgres } from "@/db/client";
import { createOutboxTransport } from "../channels/outbox-transport";
import { runSweep } from "../engine/sweep";
import { fakeTwilioTransport } from "./burst";

async function main() {
  const need = (name: string) =>
    process.env[name] ??
    (() => {
      throw new Error(`${name} is required`);
    })();
  const database = await openPostgres(need("DATABASE_URL"), { max: 4 });
  const twilio = fakeTwilioTransport(need("FAKE_TWILIO_URL"), { timeoutMs: Number(need("TIMEOUT_MS")) });
  const deps = {
    db: database.db,
    transports: { whatsapp: twilio, sms: twilio, email: createOutboxTransport() },
    workerId: need("WORKER_ID"),
    leaseMs: Number(need("LEASE_MS")),
    backoffMs: () => 0,
  };
  process.send?.({ type: "ready" });
  for (let i = 0; i < 50; i++) {
    const result = await runSweep(deps, { scope: { clinicIds: [need("CLINIC_ID")] }, batchSize: 10, concurrency: 4 });
    if (result.claimed === 0) break;
  }
  await database.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
