import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { inngest } from "./client";
import { createInngestDriver } from "./driver";

// inngest.send is the network boundary (Inngest Cloud or the dev server).
let send: MockInstance<typeof inngest.send>;
beforeEach(() => {
  send = vi.spyOn(inngest, "send").mockImplementation(async (payload) => ({
    ids: (Array.isArray(payload) ? payload : [payload]).map(() => randomUUID()),
  }));
});
afterEach(() => send.mockRestore());

type Sent = { name: string; data: Record<string, unknown> };
const sentEvents = () => send.mock.calls.flatMap(([payload]) => (Array.isArray(payload) ? payload : [payload]) as Sent[]);

describe("the Inngest driver", () => {
  it("gives each new delivery a timer and stops an appointment's old timers on a change", async () => {
    const driver = createInngestDriver();
    expect(driver.kind).toBe("inngest");
    const appointmentId = randomUUID();
    const deliveryId = randomUUID();
    await driver.subjectChanged({ subjectType: "appointment", subjectId: appointmentId });
    await driver.deliveriesScheduled([
      {
        id: deliveryId,
        subjectType: "appointment",
        subjectId: appointmentId,
        appointmentId,
        notificationType: "reminder",
        channel: "whatsapp",
        nextAttemptAt: new Date(),
      },
    ]);
    expect(sentEvents().map((e) => [e.name, e.data])).toEqual([
      ["luna/subject.changed", { subjectType: "appointment", subjectId: appointmentId }],
      [
        "luna/delivery.scheduled",
        expect.objectContaining({ deliveryId, subjectType: "appointment", subjectId: appointmentId, channel: "whatsapp" }),
      ],
    ]);
  });

  it("sends nothing for an empty change, nor for a subject without sleeping timers (a link)", async () => {
    const driver = createInngestDriver();
    await driver.deliveriesScheduled([]);
    await driver.subjectChanged({ subjectType: "secure_link", subjectId: randomUUID() });
    expect(send).not.toHaveBeenCalled();
  });
});
