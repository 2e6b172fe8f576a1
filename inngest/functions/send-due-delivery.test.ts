import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DispatchDeps } from "@/lib/notifications/dispatch";
import { sendDueEmail, sendDueSms, sendDueWhatsapp } from "./send-due-delivery";

// The unit's boundary: where the app's database and transports come from, and the dispatch itself
// (claim, re-check, pace, send, record — tested against a real database in lib/notifications).
vi.mock("@/lib/notifications/scheduler", () => ({ appDispatchDeps: vi.fn() }));
vi.mock("@/lib/notifications/dispatch", () => ({ dispatchDelivery: vi.fn(), runSweep: vi.fn() }));
const { appDispatchDeps } = await import("@/lib/notifications/scheduler");
const { dispatchDelivery } = await import("@/lib/notifications/dispatch");

const deps = { db: {}, transports: {} } as unknown as DispatchDeps;

function dueEvent(data: Record<string, unknown> = {}) {
  return { name: "luna/delivery.due", data: { deliveryId: randomUUID(), channel: "sms", sender: "sms:+5215550002222", ...data } };
}

beforeEach(() => {
  vi.mocked(appDispatchDeps).mockReset().mockResolvedValue(deps);
  vi.mocked(dispatchDelivery).mockReset().mockResolvedValue("sent");
});

describe("send-due-<channel>", () => {
  it("dispatches the due delivery once, in one step", async () => {
    const event = dueEvent();
    const t = new InngestTestEngine({ function: sendDueSms });
    const { result, ctx } = await t.execute({ events: [event] });

    expect(ctx.step.run).toHaveBeenCalledWith("dispatch", expect.any(Function));
    expect(dispatchDelivery).toHaveBeenCalledTimes(1);
    expect(dispatchDelivery).toHaveBeenCalledWith(deps, event.data.deliveryId);
    expect(result).toEqual({ deliveryId: event.data.deliveryId, outcome: "sent" });
  });

  it("reports what dispatch decided, e.g. a row another driver already claimed", async () => {
    vi.mocked(dispatchDelivery).mockResolvedValue("not_claimed");
    const event = dueEvent({ channel: "whatsapp", sender: "whatsapp:+5215550001111" });
    const { result } = await new InngestTestEngine({ function: sendDueWhatsapp }).execute({ events: [event] });
    expect(result).toEqual({ deliveryId: event.data.deliveryId, outcome: "not_claimed" });
  });

  it("fails the step when dispatch throws (the database is down), so Inngest retries it", async () => {
    vi.mocked(dispatchDelivery).mockRejectedValue(new Error("connection refused"));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const output = await new InngestTestEngine({ function: sendDueEmail }).execute({
      events: [dueEvent({ channel: "email", sender: "email:clinicaluna.mx" })],
    });
    expect(output).toMatchObject({ error: expect.objectContaining({ message: "connection refused" }) });
    expect("result" in output).toBe(false);
    logged.mockRestore();
  });

  it("rejects an event without a sender (its throttle key) without dispatching", async () => {
    const output = await new InngestTestEngine({ function: sendDueSms }).execute({ events: [dueEvent({ sender: "" })] });
    expect(output).toMatchObject({ error: expect.objectContaining({ name: "EventValidationError" }) });
    expect(dispatchDelivery).not.toHaveBeenCalled();
  });
});
