import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DispatchDeps, SweepResult } from "@/lib/notifications/dispatch";
import { sweepDue } from "./sweep-due";

vi.mock("@/lib/notifications/scheduler", () => ({ appDispatchDeps: vi.fn() }));
vi.mock("@/lib/notifications/dispatch", () => ({ dispatchDelivery: vi.fn(), runSweep: vi.fn() }));
const { appDispatchDeps } = await import("@/lib/notifications/scheduler");
const { runSweep } = await import("@/lib/notifications/dispatch");

const deps = { db: {}, transports: {} } as unknown as DispatchDeps;
const swept: SweepResult = { claimed: 3, outcomes: { sent: 2, cancelled: 1 }, recovered: { recorded: 0, requeued: 1 } };

beforeEach(() => {
  vi.mocked(appDispatchDeps).mockReset().mockResolvedValue(deps);
  vi.mocked(runSweep).mockReset().mockResolvedValue(swept);
});

describe("sweep-due", () => {
  it("runs the due-sweep with the app's deps in one step and returns what it did", async () => {
    const t = new InngestTestEngine({ function: sweepDue });
    const { result, ctx } = await t.execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }] });

    expect(ctx.step.run).toHaveBeenCalledWith("run-sweep", expect.any(Function));
    expect(runSweep).toHaveBeenCalledTimes(1);
    expect(runSweep).toHaveBeenCalledWith(deps);
    expect(result).toEqual(swept);
  });

  it("fails the run when the sweep throws (the next minute's run tries again)", async () => {
    vi.mocked(runSweep).mockRejectedValue(new Error("database unavailable"));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const t = new InngestTestEngine({ function: sweepDue });
    const output = await t.execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }] });
    expect(output).toMatchObject({ error: expect.objectContaining({ message: "database unavailable" }) });
    logged.mockRestore();
  });
});
