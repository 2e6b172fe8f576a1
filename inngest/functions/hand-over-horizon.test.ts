import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import type { DeliveryEnteringHorizon } from "@/lib/notifications/queries";
import { HAND_OVER_BATCH_SIZE, handOverHorizon } from "./hand-over-horizon";

// The rule (which deliveries) is the query's, tested against a real database in
// lib/notifications/queries.test.ts; here: the query's rows become events, in batches.
vi.mock("@/db/client", () => ({ getDb: vi.fn() }));
vi.mock("@/lib/notifications/queries", () => ({ listDeliveriesEnteringSleepHorizon: vi.fn() }));
const { getDb } = await import("@/db/client");
const { listDeliveriesEnteringSleepHorizon } = await import("@/lib/notifications/queries");

const db = { fake: "db" } as unknown as Db;
const cronEvent = { name: "inngest/scheduled.timer", data: { cron: "TZ=America/Mexico_City 0 3 * * *" } };

function rows(count: number): DeliveryEnteringHorizon[] {
  const due = Date.parse("2027-03-08T16:00:00Z");
  return Array.from({ length: count }, (_, i) => {
    const appointmentId = i % 2 ? null : randomUUID();
    return {
      id: randomUUID(),
      subjectType: appointmentId ? ("appointment" as const) : ("secure_link" as const),
      subjectId: appointmentId ?? randomUUID(),
      appointmentId,
      channel: i % 3 ? ("whatsapp" as const) : ("sms" as const),
      nextAttemptAt: new Date(due + i * 60_000),
    };
  });
}

/** An unmocked step.sendEvent would call an Inngest server: every batch is mocked by its step id. */
const sendEventSteps = (batches: number) =>
  Array.from({ length: batches }, (_, i) => ({ id: `hand-over-${i}`, handler: () => ({ ids: [] }) }));

beforeEach(() => {
  vi.mocked(getDb).mockReset().mockResolvedValue(db);
  vi.mocked(listDeliveriesEnteringSleepHorizon).mockReset();
});

describe("hand-over-horizon", () => {
  it("sends one delivery.scheduled per delivery entering the horizon, with the delivery id as event id", async () => {
    const entering = rows(3);
    vi.mocked(listDeliveriesEnteringSleepHorizon).mockResolvedValue(entering);
    const before = Date.now();
    const t = new InngestTestEngine({ function: handOverHorizon });
    const { result, ctx } = await t.execute({ events: [cronEvent], steps: sendEventSteps(1) });

    expect(listDeliveriesEnteringSleepHorizon).toHaveBeenCalledTimes(1);
    const [calledDb, params] = vi.mocked(listDeliveriesEnteringSleepHorizon).mock.calls[0];
    expect(calledDb).toBe(db);
    expect(params.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(params.now.getTime()).toBeLessThanOrEqual(Date.now());

    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith(
      "hand-over-0",
      entering.map((d) =>
        expect.objectContaining({
          name: "luna/delivery.scheduled",
          id: d.id,
          data: {
            deliveryId: d.id,
            subjectType: d.subjectType,
            subjectId: d.subjectId,
            channel: d.channel,
            sendAt: d.nextAttemptAt.toISOString(),
          },
        }),
      ),
    );
    expect(result).toEqual({ handedOver: 3 });
  });

  it("sends in batches, each batch its own step", async () => {
    const entering = rows(2 * HAND_OVER_BATCH_SIZE + 1);
    vi.mocked(listDeliveriesEnteringSleepHorizon).mockResolvedValue(entering);
    const t = new InngestTestEngine({ function: handOverHorizon });
    const { result, ctx } = await t.execute({ events: [cronEvent], steps: sendEventSteps(3) });

    const calls = vi.mocked(ctx.step.sendEvent).mock.calls;
    expect(calls.map(([id]) => id)).toEqual(["hand-over-0", "hand-over-1", "hand-over-2"]);
    expect(calls.map(([, events]) => (events as unknown[]).length)).toEqual([HAND_OVER_BATCH_SIZE, HAND_OVER_BATCH_SIZE, 1]);
    const sentIds = calls.flatMap(([, events]) => (events as { id: string }[]).map((e) => e.id));
    expect(sentIds).toEqual(entering.map((d) => d.id));
    expect(result).toEqual({ handedOver: entering.length });
  });

  it("sends nothing on a day nothing enters the horizon", async () => {
    vi.mocked(listDeliveriesEnteringSleepHorizon).mockResolvedValue([]);
    const t = new InngestTestEngine({ function: handOverHorizon });
    const { result, ctx } = await t.execute({ events: [cronEvent] });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    expect(result).toEqual({ handedOver: 0 });
  });
});
