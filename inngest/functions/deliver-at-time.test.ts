import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";

// The app's Twilio and Resend senders, as the environment configures them (no request is made):
// the timer hands each message over under its real pacing key.
vi.hoisted(() => {
  Object.assign(process.env, {
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
    TWILIO_AUTH_TOKEN: "test-token",
    TWILIO_WHATSAPP_FROM: "whatsapp:+5215550001111",
    TWILIO_SMS_FROM: "+5215550002222",
    RESEND_API_KEY: "re_test",
    RESEND_FROM: "Clínica Luna <avisos@clinicaluna.mx>",
  });
});
// The timer never dispatches itself: send-due-delivery.ts does, throttled per sender.
vi.mock("@/lib/notifications/dispatch", () => ({ dispatchDelivery: vi.fn(), runSweep: vi.fn() }));
const { dispatchDelivery } = await import("@/lib/notifications/dispatch");
const { deliverAtTime } = await import("./deliver-at-time");

const SEND_AT = "2026-12-01T15:00:00.000Z";

function scheduledEvent(data: Record<string, unknown> = {}) {
  return {
    name: "luna/delivery.scheduled",
    data: { deliveryId: randomUUID(), subjectType: "appointment", subjectId: randomUUID(), channel: "whatsapp", sendAt: SEND_AT, ...data },
  };
}

// @inngest/test does not skip sleeps or send events: both are mocked by their step ids.
const sleepDone = { id: "wait-until-due", handler: () => undefined };
const handedOver = { id: "hand-to-sender", handler: () => ({ ids: ["evt"] }) };

describe("deliver-at-time", () => {
  it.each([
    ["whatsapp", "whatsapp:+5215550001111"],
    ["sms", "sms:+5215550002222"],
    ["email", "email:clinicaluna.mx"],
  ])("sleeps until sendAt, then hands a %s delivery to its sender's throttled send function", async (channel, sender) => {
    const event = scheduledEvent({ channel });
    const t = new InngestTestEngine({ function: deliverAtTime });
    const { result, ctx } = await t.execute({ events: [event], steps: [sleepDone, handedOver] });

    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("wait-until-due", SEND_AT);
    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith(
      "hand-to-sender",
      expect.objectContaining({
        name: "luna/delivery.due",
        id: `due-${event.data.deliveryId}`,
        data: { deliveryId: event.data.deliveryId, channel, sender },
      }),
    );
    expect(result).toEqual({ deliveryId: event.data.deliveryId, sender });
    expect(dispatchDelivery).not.toHaveBeenCalled();
  });

  it("hands nothing over while the sleep has not ended", async () => {
    const t = new InngestTestEngine({ function: deliverAtTime });
    const { step, ctx } = await t.executeStep("wait-until-due", { events: [scheduledEvent()] });

    expect(step).toMatchObject({ op: "Sleep", displayName: "wait-until-due" });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  it("rejects an event that does not match its schema without sleeping or handing over", async () => {
    const t = new InngestTestEngine({ function: deliverAtTime });
    for (const data of [{ deliveryId: "42", sendAt: "tomorrow" }, { channel: "fax" }, { channel: undefined }]) {
      const output = await t.execute({ events: [scheduledEvent(data)], steps: [sleepDone, handedOver] });
      expect(output).toMatchObject({ error: expect.objectContaining({ name: "EventValidationError" }) });
      expect(output.ctx.step.sleepUntil).not.toHaveBeenCalled();
      expect(output.ctx.step.sendEvent).not.toHaveBeenCalled();
    }
  });
});
