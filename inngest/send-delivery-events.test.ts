import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { inngest } from "./client";
import { deliveryDueEvent, deliveryScheduledEvent, subjectChanged } from "./events";
import { sendAppointmentChanged, sendDeliveryEvents, sendSubjectChanged } from "./send-delivery-events";

const NOW = new Date("2026-11-25T16:00:00Z");
const DAY = 24 * 60 * 60_000;

function delivery(dueInMs: number, overrides: Partial<ScheduledDelivery> = {}): ScheduledDelivery {
  const appointmentId = randomUUID();
  return {
    id: randomUUID(),
    subjectType: "appointment",
    subjectId: appointmentId,
    appointmentId,
    notificationType: "reminder",
    channel: "whatsapp",
    nextAttemptAt: new Date(NOW.getTime() + dueInMs),
    ...overrides,
  };
}

// inngest.send is the network boundary (Inngest Cloud or the dev server).
let send: MockInstance<typeof inngest.send>;
beforeEach(() => {
  send = vi.spyOn(inngest, "send").mockImplementation(async (payload) => ({
    ids: (Array.isArray(payload) ? payload : [payload]).map(() => randomUUID()),
  }));
});
afterEach(() => {
  send.mockRestore();
});

type Sent = { name: string; id?: string; data: Record<string, unknown>; validate?: () => Promise<unknown> };
const sentEvents = () => send.mock.calls.flatMap(([payload]) => (Array.isArray(payload) ? payload : [payload]) as Sent[]);

describe("sendDeliveryEvents", () => {
  it("sends one event per delivery a timer can reach (due within 7 days), the delivery id as event id", async () => {
    const confirmation = delivery(0, { notificationType: "booking_confirmation" });
    const overdue = delivery(-60_000);
    const inSixDays = delivery(6 * DAY);
    const atTheHorizon = delivery(7 * DAY);
    const beyond = delivery(7 * DAY + 1);
    const inTwoMonths = delivery(60 * DAY);

    const { ids } = await sendDeliveryEvents([confirmation, overdue, inSixDays, atTheHorizon, beyond, inTwoMonths], NOW);

    expect(send).toHaveBeenCalledTimes(1);
    expect(ids).toHaveLength(4);
    const events = sentEvents();
    expect(events.map((e) => e.id)).toEqual([confirmation.id, overdue.id, inSixDays.id, atTheHorizon.id]);
    expect(events[2]).toMatchObject({
      name: "luna/delivery.scheduled",
      id: inSixDays.id,
      data: {
        deliveryId: inSixDays.id,
        subjectType: "appointment",
        subjectId: inSixDays.appointmentId,
        channel: "whatsapp",
        sendAt: "2026-12-01T16:00:00.000Z",
      },
    });
    // inngest.send validates each created event against its schema before sending.
    for (const event of events) await event.validate!(); // rejects on invalid data
  });

  it("sends nothing when every delivery is beyond the horizon (the daily hand-over takes them)", async () => {
    expect(await sendDeliveryEvents([delivery(30 * DAY), delivery(8 * DAY)], NOW)).toEqual({ ids: [] });
    expect(send).not.toHaveBeenCalled();
  });

  it("carries the subject of a delivery about no appointment (a lab result: its link)", async () => {
    const linkId = randomUUID();
    const invoice = delivery(DAY, {
      appointmentId: null,
      subjectType: "secure_link",
      subjectId: linkId,
      notificationType: "lab_result_ready",
      channel: "email",
    });
    await sendDeliveryEvents([invoice], NOW);
    expect(sentEvents()[0].data).toEqual({
      deliveryId: invoice.id,
      subjectType: "secure_link",
      subjectId: linkId,
      channel: "email",
      sendAt: invoice.nextAttemptAt.toISOString(),
    });
  });

  it("splits a large list into requests of at most 500 events", async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => delivery(i * 1_000));
    const { ids } = await sendDeliveryEvents(many, NOW);
    expect(send.mock.calls.map(([payload]) => (payload as unknown[]).length)).toEqual([500, 500, 200]);
    expect(ids).toHaveLength(1_200);
  });

  it("lets a failure reach the caller (handToDriver logs it; the sweep sends the rows)", async () => {
    send.mockRejectedValue(new Error("Failed to send event"));
    await expect(sendDeliveryEvents([delivery(DAY)], NOW)).rejects.toThrow("Failed to send event");
  });
});

describe("sendSubjectChanged", () => {
  it("sends luna/subject.changed with the subject's key; an appointment's change is one", async () => {
    const appointmentId = randomUUID();
    await sendAppointmentChanged(appointmentId);
    const linkId = randomUUID();
    await sendSubjectChanged({ subjectType: "secure_link", subjectId: linkId });
    const [visit, link] = sentEvents();
    expect(visit).toMatchObject({ name: "luna/subject.changed", data: { subjectType: "appointment", subjectId: appointmentId } });
    expect(link).toMatchObject({ name: "luna/subject.changed", data: { subjectType: "secure_link", subjectId: linkId } });
    for (const event of [visit, link]) await event.validate!(); // rejects on invalid data
  });
});

describe("event schemas", () => {
  it("refuse malformed data before it leaves the app", async () => {
    const subject = { subjectType: "appointment" as const, subjectId: randomUUID() };
    const bad = deliveryScheduledEvent({ id: "not-a-uuid", ...subject, channel: "sms", nextAttemptAt: new Date(NOW) });
    await expect(bad.validate()).rejects.toThrow(/deliveryId/);
    const noChannel = deliveryScheduledEvent({
      id: randomUUID(),
      ...subject,
      channel: "fax" as "sms",
      nextAttemptAt: new Date(NOW),
    });
    await expect(noChannel.validate()).rejects.toThrow(/channel/);
    await expect(deliveryDueEvent({ deliveryId: randomUUID(), channel: "sms", sender: "" }).validate()).rejects.toThrow(/sender/);
    await expect(subjectChanged.create({ subjectType: "appointment", subjectId: "" }).validate()).rejects.toThrow(/subjectId/);
    await expect(subjectChanged.create({ subjectType: "invoice" as "patient", subjectId: randomUUID() }).validate()).rejects.toThrow(
      /subjectType/,
    );
    await expect(
      deliveryScheduledEvent({
        id: randomUUID(),
        subjectType: "appointment",
        subjectId: "x",
        channel: "sms",
        nextAttemptAt: NOW,
      }).validate(),
    ).rejects.toThrow(/subjectId/);
  });
});
