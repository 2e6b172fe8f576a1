import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Env } from "@/lib/env";
import { checkProductionStart, messagesAreSimulated, missingMessagingVariables, missingPaymentVariables } from "./production-check";

const base = { NODE_ENV: "production", PGLITE_DIR: ".data/pglite" } as Env;
const real = {
  ...base,
  TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "token",
  TWILIO_MESSAGING_SERVICE_SID: `MG${"0".repeat(32)}`,
  RESEND_API_KEY: "re_123",
  RESEND_FROM: "Clínica Luna <avisos@luna.example.mx>",
  STRIPE_SECRET_KEY: "sk_live_123",
  STRIPE_WEBHOOK_SECRET: "whsec_123",
} as Env;

describe("checkProductionStart", () => {
  it("refuses production without Twilio and Resend, naming every missing variable", () => {
    const check = checkProductionStart(base);
    expect(check.ok).toBe(false);
    const message = check.ok ? "" : check.message;
    for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_MESSAGING_SERVICE_SID", "RESEND_API_KEY", "RESEND_FROM"]) {
      expect(message).toContain(name);
    }
    expect(message).toContain("LUNA_ALLOW_SIMULATED=1");
  });

  it("names only what is missing (email without a From address)", () => {
    expect(missingMessagingVariables({ ...real, RESEND_FROM: undefined })).toEqual(["RESEND_FROM"]);
    expect(missingMessagingVariables({ ...real, TWILIO_MESSAGING_SERVICE_SID: undefined, TWILIO_SMS_FROM: "+15550001111" })).toEqual([]);
    expect(checkProductionStart({ ...real, RESEND_FROM: undefined })).toMatchObject({ ok: false });
  });

  it("starts with real providers, and with simulated ones only when allowed on purpose (then the pages say so)", () => {
    expect(checkProductionStart(real)).toEqual({ ok: true, simulated: false });
    expect(checkProductionStart({ ...base, LUNA_ALLOW_SIMULATED: "1" })).toEqual({ ok: true, simulated: true });
    expect(checkProductionStart({ ...base, LUNA_ALLOW_SIMULATED: "0" })).toMatchObject({ ok: false });
    expect(messagesAreSimulated(real)).toBe(false);
  });

  it("refuses simulated payments like simulated messages: Stripe's key and webhook secret are required, unless allowed", () => {
    const check = checkProductionStart({ ...real, STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined });
    expect(check.ok).toBe(false);
    expect(check.ok ? "" : check.message).toMatch(/STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET/);
    expect(missingPaymentVariables({ ...real, STRIPE_WEBHOOK_SECRET: undefined })).toEqual(["STRIPE_WEBHOOK_SECRET"]);
    expect(checkProductionStart({ ...real, STRIPE_SECRET_KEY: undefined, LUNA_ALLOW_SIMULATED: "1" })).toEqual({
      ok: true,
      simulated: true,
    });
  });

  it("never refuses outside production (development simulates, and says so)", () => {
    expect(checkProductionStart({ ...base, NODE_ENV: "development" })).toEqual({ ok: true, simulated: true });
  });
});

describe("the server's start (instrumentation register) in production without keys", () => {
  it("exits 1 with the message, before opening a database", () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_RUNTIME: "nodejs",
      PGLITE_DIR: "/nonexistent/luna-must-not-open",
      LOG_LEVEL: "info",
    } as NodeJS.ProcessEnv;
    const result = spawnSync(
      process.execPath,
      [
        "node_modules/tsx/dist/cli.mjs",
        "--eval",
        'import("./instrumentation.ts").then((m) => m.register()).then(() => console.log("STARTED"))',
      ],
      { env, encoding: "utf8", timeout: 60_000 },
    );
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(1);
    expect(output).not.toContain("STARTED");
    expect(output).toContain("Luna will not start in production with simulated messages or payments: missing TWILIO_ACCOUNT_SID");
    expect(output).toContain('"level":"fatal"');
  });
});
