import { describe, expect, it } from "vitest";
import { inngest } from "../client";
import { deliverAtTime, functions, handOverHorizon, sweepDue } from ".";

// @inngest/test does not model cancelOn, idempotency, concurrency, retries or cron: assert what the
// serve route registers with Inngest — each function's serialized config.

type Fn = (typeof functions)[number];
function registered(fn: Fn) {
  const configs = fn["getConfig"]({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: inngest.id });
  expect(configs).toHaveLength(1);
  return configs[0];
}

describe("registered functions", () => {
  it("are the four timers, under the luna app", () => {
    expect(inngest.id).toBe("luna");
    expect(functions.map((fn) => fn.id(inngest.id))).toEqual([
      "luna-deliver-at-time",
      "luna-hand-over-horizon",
      "luna-sweep-due",
      "luna-reconcile-statuses",
    ]);
  });

  it("deliver-at-time: triggered per delivery, cancelled by its appointment's change, one run per delivery", () => {
    const config = registered(deliverAtTime);
    expect(config.triggers).toEqual([{ event: "luna/delivery.scheduled" }]);
    expect(config.cancel).toEqual([
      { event: "luna/appointment.changed", if: "event.data.appointmentId == async.data.appointmentId" },
    ]);
    expect(config.idempotency).toBe("event.data.deliveryId");
    expect(config.concurrency).toEqual({ limit: 10 });
    expect(config.steps.step.retries).toEqual({ attempts: 3 });
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
