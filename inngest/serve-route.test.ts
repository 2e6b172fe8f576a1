import { afterEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";

// Each test imports the route afresh: the client reads INNGEST_DEV when it is built.
async function importRoute(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return import("@/app/api/inngest/route");
}

const introspect = (route: Awaited<ReturnType<typeof importRoute>>) =>
  route.GET(new NextRequest("http://localhost:3000/api/inngest"), undefined);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("app/api/inngest", () => {
  it("serves the nine functions (the waitlist check and the payments reconciliation among them) in dev mode with INNGEST_DEV=1, contacting no server", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const route = await importRoute({ INNGEST_DEV: "1", INNGEST_SIGNING_KEY: undefined, INNGEST_EVENT_KEY: undefined });
    expect(route.runtime).toBe("nodejs");
    expect(typeof route.POST).toBe("function");
    expect(typeof route.PUT).toBe("function");

    const response = await introspect(route);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ mode: "dev", function_count: 9 });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("refuses to serve in cloud mode without INNGEST_SIGNING_KEY", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const route = await importRoute({ INNGEST_DEV: undefined, INNGEST_SIGNING_KEY: undefined, INNGEST_EVENT_KEY: "test-event-key" });
    const response = await introspect(route);
    expect(response.status).toBe(500);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
