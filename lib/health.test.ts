import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { checkHealth } from "./health";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const embedded = { NODE_ENV: "test", PGLITE_DIR: ".data/pglite" } as const;

describe("checkHealth", () => {
  it("answers 200 and names the embedded parts when nothing is configured", async () => {
    expect(await checkHealth(async () => database, embedded)).toEqual({
      httpStatus: 200,
      body: {
        status: "ok",
        db: "pglite",
        scheduler: "embedded",
        messaging: "outbox",
        email: "outbox",
        storage: "filesystem",
        payments: "simulated",
      },
    });
  });

  it("names the real providers when their keys are set", async () => {
    const { body } = await checkHealth(async () => database, {
      ...embedded,
      DATABASE_URL: "postgres://localhost/luna",
      TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "token",
      RESEND_API_KEY: "re_123",
      S3_BUCKET: "luna",
      INNGEST_EVENT_KEY: "key",
      STRIPE_SECRET_KEY: "sk_test_123",
    });
    expect(body).toMatchObject({
      db: "postgres",
      scheduler: "inngest",
      messaging: "twilio",
      email: "resend",
      storage: "s3",
      payments: "stripe",
    });
  });

  it("answers 503 when the database cannot be opened or does not answer", async () => {
    const unreachable = await checkHealth(async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5999");
    }, embedded);
    expect(unreachable).toMatchObject({ httpStatus: 503, body: { status: "error", error: "database_unreachable" } });

    const closed = await openTestDatabase();
    await closed.close();
    expect((await checkHealth(async () => closed, embedded)).httpStatus).toBe(503);
  });
});
