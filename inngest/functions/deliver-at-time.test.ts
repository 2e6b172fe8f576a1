import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DispatchDeps } from "@/lib/notifications/dispatch";
import { deliverAtTime } from "./deliver-at-time";

// The unit's boundary: where the app's database and transports come from, and the dispatch itself
// (claim, re-check, send, record — tested against a real database in lib/notifications/dispatch.test.ts).
vi.mock("@/lib/notifications/scheduler", () => ({ appDispatchDeps: vi.fn() }));
vi.mock("@/lib/notifications/dispatch", () => ({ dispatchDelivery: vi.fn(), runSweep: vi.fn() }));
const { appDispatchDeps } = await import("@/lib/notifications/scheduler");
const { dispatchDelivery } = await import("@/lib/notifications/dispatch");

const deps = { db: {}, transports: {} } as unknown as DispatchDeps;
const SEND_AT = "2026-12-01T15:00:00.000Z";

function scheduledEvent(data: Record<string, unknown> = {}) {
  return {
    name: "luna/delivery.scheduled",
    data: { deliveryId: randomUUID(), appointmentId: randomUUID(), sendAt: SEND_AT, ...data },
  };
}

// @inngest/test does not skip sleeps: the sleep is mocked by its step id, or execute() never ends.
const sleepDone = { id: "wait-until-due", handler: () => undefined };

beforeEach(() => {
  vi.mocked(appDispatchDeps).mockReset().mockResolvedValue(deps);
  vi.mocked(dispatchDelivery).mockReset().mockResolvedValue("sent");
});

describe("deliver-at-time", () => {
  it("sleeps until sendAt, then dispatches the event's delivery once", async () => {
    const event = scheduledEvent();
    const t = new InngestTestEngine({ function: deliverAtTime });
    const { result, ctx } = await t.execute({ events: [event], steps: [sleepDone] });

    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("wait-until-due", SEND_AT);
    expect(ctx.step.run).toHaveBeenCalledWith("dispatch", expect.any(Function));
    expect(dispatchDelivery).toHaveBeenCalledTimes(1);
    expect(dispatchDelivery).toHaveBeenCalledWith(deps, event.data.deliveryId);
    expect(result).toEqual({ deliveryId: event.data.deliveryId, outcome: "sent" });
  });

  it("does not dispatch while the sleep has not ended", async () => {
    const t = new InngestTestEngine({ function: deliverAtTime });
    const { step } = await t.executeStep("wait-until-due", { events: [scheduledEvent()] });

    expect(step).toMatchObject({ op: "Sleep", displayName: "wait-until-due" });
    expect(dispatchDelivery).not.toHaveBeenCalled();
    expect(appDispatchDeps).not.toHaveBeenCalled();
  });

  it("reports what dispatch decided, e.g. a row another driver already claimed", async () => {
    vi.mocked(dispatchDelivery).mockResolvedValue("not_claimed");
    const event = scheduledEvent({ appointmentId: null });
    const t = new InngestTestEngine({ function: deliverAtTime });
    const { result } = await t.execute({ events: [event], steps: [sleepDone] });
    expect(result).toEqual({ deliveryId: event.data.deliveryId, outcome: "not_claimed" });
  });

  it("fails the step when dispatch throws (the database is down), so Inngest retries it", async () => {
    vi.mocked(dispatchDelivery).mockRejectedValue(new Error("connection refused"));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const t = new InngestTestEngine({ function: deliverAtTime });
    const output = await t.execute({ events: [scheduledEvent()], steps: [sleepDone] });
    expect(output).toMatchObject({ error: expect.objectContaining({ message: "connection refused" }) });
    expect("result" in output).toBe(false);
    logged.mockRestore();
  });

  it("rejects an event that does not match its schema without sleeping or dispatching", async () => {
    const t = new InngestTestEngine({ function: deliverAtTime });
    const output = await t.execute({
      events: [scheduledEvent({ deliveryId: "42", sendAt: "tomorrow" })],
      steps: [sleepDone],
    });
    expect(output).toMatchObject({ error: expect.objectContaining({ name: "EventValidationError" }) });
    expect(output.ctx.step.sleepUntil).not.toHaveBeenCalled();
    expect(dispatchDelivery).not.toHaveBeenCalled();
  });
});
