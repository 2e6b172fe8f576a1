import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { inngest } from "../client";
import { reconcilePayments } from "./reconcile-payments";

vi.mock("@/lib/payments/reconcile-check", () => ({ runPaymentsReconcile: vi.fn() }));
const { runPaymentsReconcile } = await import("@/lib/payments/reconcile-check");

beforeEach(() => {
  vi.mocked(runPaymentsReconcile).mockReset().mockResolvedValue({ checked: 2, changed: 1, failedLookups: 0 });
});

const tick = { name: "inngest/scheduled.timer", data: { cron: "*/15 * * * *" } };

describe("reconcile-payments", () => {
  it("runs the reconciliation in one step and returns its counts", async () => {
    const t = new InngestTestEngine({ function: reconcilePayments });
    const { result, ctx } = await t.execute({ events: [tick] });
    expect(ctx.step.run).toHaveBeenCalledWith("reconcile", expect.any(Function));
    expect(runPaymentsReconcile).toHaveBeenCalledWith(expect.any(Date));
    expect(result).toEqual({ checked: 2, changed: 1, failedLookups: 0 });
  });

  it("is registered every 15 minutes, one at a time, the next run being its retry", () => {
    const [config] = reconcilePayments["getConfig"]({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: inngest.id });
    expect(reconcilePayments.id(inngest.id)).toBe("luna-reconcile-payments");
    expect(config.triggers).toEqual([{ cron: "*/15 * * * *" }]);
    expect(config.concurrency).toEqual({ limit: 1 });
    expect(config.steps.step.retries).toEqual({ attempts: 0 });
  });
});
