import { describe, expect, it, vi } from "vitest";
import { inngest } from "../client";
import { deliverAtTime, functions, handOverHorizon, sendDueEmail, sendDueSms, sendDueWhatsapp, sweepDue } from ".";

// @inngest/test does not model cancelOn, idempotency, concurrency, retries or cron: assert what the
// serve route registers with Inngest — each function's serialized config.

type Fn = (typeof functions)[number];
function registered(fn: Fn) {
  const configs = fn["getConfig"]({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: inngest.id });
  expect(configs).toHaveLength(1);
  return configs[0];
}

describe("registered functions", () => {
  it("are the timers and the three paced send functions, under the luna app", () => {
    expect(inngest.id).toBe("luna");
    expect(functions.map((fn) => fn.id(inngest.id))).toEqual([
      "luna-deliver-at-time",
      "luna-send-due-whatsapp",
      "luna-send-due-sms",
      "luna-send-due-email",
      "luna-hand-over-horizon",
      "luna-sweep-due",
      "luna-reconcile-statuses",
      "luna-advance-slot-offers",
      "luna-reconcile-payments",
    ]);
  });

  it("deliver-at-time: triggered per delivery, cancelled by its subject's change, one run per delivery, not throttled", () => {
    const config = registered(deliverAtTime);
    expect(config.triggers).toEqual([{ event: "luna/delivery.scheduled" }]);
    expect(config.cancel).toEqual([
      {
        event: "luna/subject.changed",
        if: "event.data.subjectType == async.data.subjectType && event.data.subjectId == async.data.subjectId",
      },
    ]);
    expect(config.idempotency).toBe("event.data.deliveryId");
    expect(config.concurrency).toEqual({ limit: 10 });
    expect(config.steps.step.retries).toEqual({ attempts: 3 });
    // Its runs start when the delivery is scheduled: a throttle here would pace planning, not sending.
    expect(config.throttle).toBeUndefined();
  });

  it("send-due-<channel>: one per channel, throttled per sender below the providers' limits, one send per delivery", () => {
    const expected = [
      [sendDueWhatsapp, "whatsapp", 70],
      [sendDueSms, "sms", 8],
      [sendDueEmail, "email", 4],
    ] as const;
    for (const [fn, channel, limit] of expected) {
      const config = registered(fn);
      expect(config.triggers).toEqual([{ event: "luna/delivery.due", expression: `event.data.channel == "${channel}"` }]);
      expect(config.throttle).toEqual({ key: "event.data.sender", limit, period: "1s", burst: 1 });
      expect(config.idempotency).toBe("event.data.deliveryId");
      expect(config.concurrency).toEqual({ limit: 16 });
      expect(config.steps.step.retries).toEqual({ attempts: 3 });
      expect(config.cancel).toBeUndefined();
    }
  });

  it("send-due-<channel>: SEND_RATE_LIMITS sets each channel's ceiling (its fastest sender; the shared bucket paces each sender)", async () => {
    vi.resetModules();
    vi.stubEnv("SEND_RATE_LIMITS", JSON.stringify({ whatsapp: 40, "sms:+5215550002222": 12.5, "email:clinicaluna.mx": 2 }));
    try {
      const fresh = await import("./send-due-delivery");
      const limitOf = (fn: Fn) => registered(fn).throttle?.limit;
      expect([limitOf(fresh.sendDueWhatsapp), limitOf(fresh.sendDueSms), limitOf(fresh.sendDueEmail)]).toEqual([40, 12, 4]);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("hand-over-horizon: daily at 03:00 Mexico City, one at a time", () => {
    const config = registered(handOverHorizon);
    expect(config.triggers).toEqual([{ cron: "TZ=America/Mexico_City 0 3 * * *" }]);
    expect(config.concurrency).toEqual({ limit: 1 });
    expect(config.cancel).toBeUndefined();
  });

  it("sweep-due: every minute, one at a time, the next minute being its retry", () => {
    const config = registered(sweepDue);
    expect(config.triggers).toEqual([{ cron: "* * * * *" }]);
    expect(config.concurrency).toEqual({ limit: 1 });
    expect(config.steps.step.retries).toEqual({ attempts: 0 });
  });
});
