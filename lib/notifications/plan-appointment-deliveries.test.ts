import { describe, expect, it } from "vitest";
import { NOTIFICATION_REGISTRY, NOTIFICATION_TYPES } from "./registry";
import {
  planAppointmentDeliveries,
  replanPendingDeliveries,
  RESCHEDULE_COALESCE_MS,
  type PlanInput,
  type ReplanInput,
} from "./plan-appointment-deliveries";
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

describe("replanPendingDeliveries", () => {
  const now = new Date("2026-11-25T16:00:00Z");
  const startsAt = new Date("2026-11-28T16:00:00Z");
  const base = (overrides: Partial<ReplanInput> = {}): ReplanInput => ({
    appointment: { id: "a1", startsAt, version: 2, kind: "in_person" },
    patient: { preferredLocale: "es", usable: { whatsapp: true, sms: true, email: true } },
    settings: { channels: structuredClone(defaults), reminderLeadHours: 24 },
    now,
    deliveries: [
      {
        id: "r24",
        notificationType: "reminder",
        channel: "whatsapp",
        sendAt: new Date("2026-11-27T16:00:00Z"),
        status: "scheduled",
        idempotencyKey: "appt:a1:v2:reminder:24h:whatsapp",
      },
    ],
    ...overrides,
  });
  const planned = (r: ReturnType<typeof replanPendingDeliveries>) =>
    r.plan.map((p) => `${p.notificationType}/${p.channel}@${p.sendAt.toISOString()} ${p.idempotencyKey}`);

  it("changes nothing when the settings already match what is pending", () => {
    expect(replanPendingDeliveries(base())).toEqual({ cancel: [], plan: [] });
  });

  it("moves a pending reminder to the new lead (24 h → 48 h)", () => {
    const result = replanPendingDeliveries(base({ settings: { channels: structuredClone(defaults), reminderLeadHours: 48 } }));
    expect(result.cancel).toEqual([{ id: "r24", reason: "settings_changed" }]);
    expect(planned(result)).toEqual(["reminder/whatsapp@2026-11-26T16:00:00.000Z appt:a1:v2:reminder:48h:whatsapp"]);
    expect(result.plan[0]).toMatchObject({ appointmentVersion: 2, locale: "es", templateKey: "reminder.in_person.es" });
  });

  it("gives a new row a fresh key when a cancelled row of this version holds the booking's key (48 h → 24 h again)", () => {
    const result = replanPendingDeliveries(
      base({
        deliveries: [
          { ...base().deliveries[0], status: "cancelled" },
          {
            id: "r48",
            notificationType: "reminder",
            channel: "whatsapp",
            sendAt: new Date("2026-11-26T16:00:00Z"),
            status: "scheduled",
            idempotencyKey: "appt:a1:v2:reminder:48h:whatsapp",
          },
        ],
      }),
    );
    expect(result.cancel).toEqual([{ id: "r48", reason: "settings_changed" }]);
    expect(planned(result)).toEqual(["reminder/whatsapp@2026-11-27T16:00:00.000Z appt:a1:v2:reminder:24h:whatsapp:r2"]);
  });

  it("keeps the pending reminder when the new lead's time has already passed", () => {
    const soon = { id: "a1", startsAt: new Date("2026-11-26T20:00:00Z"), version: 2, kind: "in_person" as const };
    const pending = { ...base().deliveries[0], sendAt: new Date("2026-11-25T20:00:00Z") };
    const result = replanPendingDeliveries(
      base({ appointment: soon, deliveries: [pending], settings: { channels: structuredClone(defaults), reminderLeadHours: 48 } }),
    );
    expect(result).toEqual({ cancel: [], plan: [] });
  });

  it("adds the 1 h reminder when it is turned on, and cancels it when it is turned off again", () => {
    const settings = { channels: structuredClone(defaults), reminderLeadHours: 24 };
    settings.channels.reminder_1h.sms = true;
    const on = replanPendingDeliveries(base({ settings }));
    expect(on.cancel).toEqual([]);
    expect(planned(on)).toEqual(["reminder_1h/sms@2026-11-28T15:00:00.000Z appt:a1:v2:reminder_1h:sms"]);
    const oneHour = { ...on.plan[0], id: "r1h", status: "scheduled" };
    const off = replanPendingDeliveries(base({ deliveries: [...base().deliveries, oneHour] }));
    expect(off).toEqual({ cancel: [{ id: "r1h", reason: "setting_off" }], plan: [] });
  });

  it("moves pending messages to the next allowed channel when one is turned off, and back when it is on again", () => {
    const settings = { channels: structuredClone(defaults), reminderLeadHours: 24 };
    settings.channels.reminder.whatsapp = false;
    settings.channels.reminder.email = true;
    const notice = {
      id: "n1",
      notificationType: "reschedule" as const,
      channel: "whatsapp" as const,
      sendAt: new Date("2026-11-25T16:02:00Z"),
      status: "scheduled",
      idempotencyKey: "appt:a1:v2:reschedule:whatsapp",
    };
    settings.channels.reschedule.whatsapp = false;
    const off = replanPendingDeliveries(base({ settings, deliveries: [...base().deliveries, notice] }));
    expect(off.cancel).toEqual([
      { id: "r24", reason: "settings_changed" },
      { id: "n1", reason: "settings_changed" },
    ]);
    expect(planned(off)).toEqual([
      "reminder/email@2026-11-27T16:00:00.000Z appt:a1:v2:reminder:24h:email",
      "reschedule/email@2026-11-25T16:02:00.000Z appt:a1:v2:reschedule:email",
    ]);
  });

  it("cancels a type's pending messages when every channel of it is off", () => {
    const settings = { channels: structuredClone(defaults), reminderLeadHours: 24 };
    settings.channels.reminder.whatsapp = false;
    expect(replanPendingDeliveries(base({ settings }))).toEqual({ cancel: [{ id: "r24", reason: "setting_off" }], plan: [] });
  });

  it("never plans a second reminder of a type that already went out for this version", () => {
    const sent = { ...base().deliveries[0], status: "delivered" };
    const result = replanPendingDeliveries(
      base({ deliveries: [sent], settings: { channels: structuredClone(defaults), reminderLeadHours: 12 } }),
    );
    expect(result).toEqual({ cancel: [], plan: [] });
  });

  it("is idempotent: re-planning its own result changes nothing", () => {
    const settings = { channels: structuredClone(defaults), reminderLeadHours: 48 };
    settings.channels.reminder_1h.whatsapp = true;
    const first = replanPendingDeliveries(base({ settings }));
    const after = [
      ...base().deliveries.map((d) => (first.cancel.some((c) => c.id === d.id) ? { ...d, status: "cancelled" } : d)),
      ...first.plan.map((p, i) => ({ ...p, id: `new${i}`, status: "scheduled" })),
    ];
    expect(first.plan).toHaveLength(2);
    expect(replanPendingDeliveries(base({ settings, deliveries: after }))).toEqual({ cancel: [], plan: [] });
  });
});

describe("the visit time a message names", () => {
  it("is the visit's start, except a cancellation names the time the patient last heard of", () => {
    const told = new Date("2026-11-27T16:00:00Z");
    const [booked] = planAppointmentDeliveries(input());
    expect(booked.startsAt).toEqual(new Date("2026-11-28T16:00:00Z"));
    const [cancellation] = planAppointmentDeliveries(input({ event: "cancelled", toldStartsAt: told }));
    expect(cancellation.startsAt).toEqual(told);
    expect(planAppointmentDeliveries(input({ event: "cancelled", toldStartsAt: null }))[0].startsAt).toEqual(
      new Date("2026-11-28T16:00:00Z"),
    );
  });
});
