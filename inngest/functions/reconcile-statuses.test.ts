import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Delivery } from "@/db/schema";
import type { DispatchDeps } from "@/lib/notifications/dispatch";
import { inngest } from "../client";
import { reconcileStatuses } from "./reconcile-statuses";

vi.mock("@/lib/notifications/scheduler", () => ({ appDispatchDeps: vi.fn() }));
vi.mock("@/lib/notifications/reconcile", () => ({ reconcileStaleDeliveries: vi.fn() }));
const { appDispatchDeps } = await import("@/lib/notifications/scheduler");
const { reconcileStaleDeliveries } = await import("@/lib/notifications/reconcile");

const deps = { db: {}, transports: {} } as unknown as DispatchDeps;
const fallback = { id: "d-sms", channel: "sms", appointmentId: "a1", notificationType: "reminder" } as unknown as Delivery;

beforeEach(() => {
  vi.mocked(appDispatchDeps).mockReset().mockResolvedValue(deps);
  vi.mocked(reconcileStaleDeliveries)
    .mockReset()
    .mockResolvedValue({ checked: 3, changed: 1, failedLookups: 0, scheduled: [fallback] });
});

const tick = { name: "inngest/scheduled.timer", data: { cron: "*/10 * * * *" } };

describe("reconcile-statuses", () => {
  it("reconciles with the app's deps in one step and returns counts (each fallback reached the driver with its own change)", async () => {
    const t = new InngestTestEngine({ function: reconcileStatuses });
    const { result, ctx } = await t.execute({ events: [tick] });
    expect(ctx.step.run).toHaveBeenCalledWith("reconcile", expect.any(Function));
    expect(reconcileStaleDeliveries).toHaveBeenCalledWith(deps, { now: expect.any(Date) });
    expect(result).toEqual({ checked: 3, changed: 1, failedLookups: 0, scheduled: 1 });
  });

  it("is registered every 10 minutes, one at a time, the next run being its retry", () => {
    const [config] = reconcileStatuses["getConfig"]({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: inngest.id });
    expect(reconcileStatuses.id(inngest.id)).toBe("luna-reconcile-statuses");
    expect(config.triggers).toEqual([{ cron: "*/10 * * * *" }]);
    expect(config.concurrency).toEqual({ limit: 1 });
    expect(config.steps.step.retries).toEqual({ attempts: 0 });
  });
});
