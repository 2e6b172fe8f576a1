import { describe, expect, it } from "vitest";
import { NOTIFICATION_REGISTRY, NOTIFICATION_TYPES } from "./registry";
import { planAppointmentDeliveries, RESCHEDULE_COALESCE_MS, type PlanInput } from "./plan-appointment-deliveries";
import type { ChannelMatrix } from "./settings";
import { zonedDateTime } from "@/lib/dates";

const defaults = Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, { ...NOTIFICATION_REGISTRY[t].defaultChannels }])) as ChannelMatrix;

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  const now = new Date("2026-11-25T16:00:00Z");
  return {
    event: "booked",
    appointment: { id: "a1", startsAt: new Date("2026-11-28T16:00:00Z"), version: 1, kind: "in_person" },
    patient: { preferredLocale: "es", usable: { whatsapp: true, sms: true, email: true } },
    settings: { channels: structuredClone(defaults), reminderLeadHours: 24 },
    confirmationSent: false,
    now,
    ...overrides,
  };
}

const summary = (planned: ReturnType<typeof planAppointmentDeliveries>) =>
  planned.map((p) => `${p.notificationType}/${p.channel}@${p.sendAt.toISOString()}`);

describe("planAppointmentDeliveries", () => {
  it("books: the confirmation now and the reminder at the chosen lead, each on WhatsApp first", () => {
    expect(summary(planAppointmentDeliveries(input()))).toEqual([
      "booking_confirmation/whatsapp@2026-11-25T16:00:00.000Z",
      "reminder/whatsapp@2026-11-27T16:00:00.000Z",
    ]);
  });

  it("goes straight to the next allowed channel that works: SMS, else email", () => {
    const settings = { channels: structuredClone(defaults), reminderLeadHours: 24 };
    settings.channels.reminder.sms = true;
    const noWhatsApp = { preferredLocale: "es" as const, usable: { whatsapp: false, sms: true, email: true } };
    expect(summary(planAppointmentDeliveries(input({ settings, patient: noWhatsApp })))).toEqual([
      "booking_confirmation/email@2026-11-25T16:00:00.000Z",
      "reminder/sms@2026-11-27T16:00:00.000Z",
    ]);
  });

  it("follows the clinic's lead (48/12/2 h) and adds the 1 h reminder only when turned on", () => {
    const settings = { channels: structuredClone(defaults), reminderLeadHours: 2 };
    settings.channels.reminder_1h.sms = true;
    const planned = planAppointmentDeliveries(input({ settings }));
    expect(summary(planned).filter((s) => s.startsWith("reminder"))).toEqual([
      "reminder/whatsapp@2026-11-28T14:00:00.000Z",
      "reminder_1h/sms@2026-11-28T15:00:00.000Z",
    ]);
    expect(planned.find((p) => p.notificationType === "reminder")?.idempotencyKey).toBe("appt:a1:v1:reminder:2h:whatsapp");
  });

  it("does not create a reminder whose time has already passed", () => {
    const planned = planAppointmentDeliveries(
      input({ appointment: { id: "a1", startsAt: new Date("2026-11-26T10:00:00Z"), version: 1, kind: "video" } }),
    );
    expect(planned.map((p) => p.notificationType)).toEqual(["booking_confirmation"]);
  });

  it("never plans a channel the clinic turned off, and plans the first allowed one when none can reach", () => {
    const settings = { channels: structuredClone(defaults), reminderLeadHours: 24 };
    settings.channels.booking_confirmation.whatsapp = false;
    const unreachable = { preferredLocale: "en" as const, usable: { whatsapp: false, sms: false, email: false } };
    const planned = planAppointmentDeliveries(input({ patient: unreachable, settings }));
    // Planned anyway, so the log shows it and why it was skipped.
    expect(summary(planned)).toEqual(["booking_confirmation/email@2026-11-25T16:00:00.000Z", "reminder/whatsapp@2026-11-27T16:00:00.000Z"]);
    expect(planned[1]).toMatchObject({ locale: "en", templateKey: "reminder.in_person.en" });
    settings.channels.reminder.whatsapp = false;
    expect(planAppointmentDeliveries(input({ settings })).map((p) => p.notificationType)).toEqual(["booking_confirmation"]);
  });

  it("reschedules: a coalesced notice shortly after, and the new version's reminders", () => {
    const planned = planAppointmentDeliveries(
      input({
        event: "rescheduled",
        confirmationSent: true,
        appointment: { id: "a1", startsAt: new Date("2026-12-01T16:00:00Z"), version: 3, kind: "video" },
      }),
    );
    const noticeAt = new Date(new Date("2026-11-25T16:00:00Z").getTime() + RESCHEDULE_COALESCE_MS).toISOString();
    expect(summary(planned)).toEqual([`reschedule/whatsapp@${noticeAt}`, "reminder/whatsapp@2026-11-30T16:00:00.000Z"]);
    expect(planned.every((p) => p.appointmentVersion === 3 && p.idempotencyKey.startsWith("appt:a1:v3:"))).toBe(true);
    expect(planned[0].templateKey).toBe("reschedule.video.es");
  });

  it("reschedules before the confirmation went out: the patient gets a confirmation with the new time instead", () => {
    const planned = planAppointmentDeliveries(input({ event: "rescheduled", confirmationSent: false }));
    expect(planned.map((p) => p.notificationType)).toEqual(["booking_confirmation", "reminder"]);
  });

  it("cancels: only the cancellation notice, now", () => {
    expect(summary(planAppointmentDeliveries(input({ event: "cancelled" })))).toEqual(["cancellation/whatsapp@2026-11-25T16:00:00.000Z"]);
  });

  it("keeps wall-clock leads right across Tijuana's DST change (24 h before is 24 real hours)", () => {
    // Visit on Monday 2026-03-09 10:00 PDT; DST began Sunday 2026-03-08.
    const startsAt = zonedDateTime("America/Tijuana", { year: 2026, month: 3, day: 9, hour: 10 });
    const planned = planAppointmentDeliveries(
      input({ now: new Date("2026-03-01T00:00:00Z"), appointment: { id: "a1", startsAt, version: 1, kind: "in_person" } }),
    );
    const reminder = planned.find((p) => p.notificationType === "reminder")!;
    expect(startsAt.getTime() - reminder.sendAt.getTime()).toBe(24 * 3600_000);
  });
});
