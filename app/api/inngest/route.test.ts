import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { resetEnvCache } from "@/lib/env";
import { GET, POST, PUT } from "./route";

const ENV_KEYS = ["INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_DEV", "NODE_ENV"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const env = process.env as Record<string, string | undefined>;

beforeEach(() => {
  for (const key of ENV_KEYS) delete env[key];
  env.NODE_ENV = "production";
  resetEnvCache();
});
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete env[key];
    else env[key] = savedEnv[key];
  }
  resetEnvCache();
  vi.restoreAllMocks();
});

const URL = "https://luna.example.mx/api/inngest";

describe("/api/inngest without Inngest configured (the embedded scheduler)", () => {
  it("answers every unsigned call 404 and logs nothing", async () => {
    const spies = (["error", "warn", "log", "info"] as const).map((m) => vi.spyOn(console, m));
    const stdout = vi.spyOn(process.stdout, "write");
    const stderr = vi.spyOn(process.stderr, "write");
    const calls = [
      GET(new NextRequest(URL), undefined as never),
      POST(new NextRequest(`${URL}?fnId=luna-send-due&stepId=step`, { method: "POST", body: "{}" }), undefined as never),
      PUT(new NextRequest(URL, { method: "PUT" }), undefined as never),
    ];
    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404]);
    for (const spy of [...spies, stdout, stderr]) expect(spy).not.toHaveBeenCalled();
  });

  it("hands the call to the SDK once Inngest is configured", async () => {
    env.INNGEST_DEV = "1";
    resetEnvCache();
    const response = await GET(new NextRequest(URL), undefined as never);
    expect(response.status).not.toBe(404);
  });
});
