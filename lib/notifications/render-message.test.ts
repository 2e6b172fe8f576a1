import { describe, expect, it } from "vitest";
import { zonedDateTime } from "@/lib/dates";
import { APPOINTMENT_VARIANTS, NOTIFICATION_TYPES } from "./registry";
import { type MessageVars, renderMessage } from "./render-message";
import { WHATSAPP_BODY_MAX_CHARS } from "./templates/check-whatsapp-body";
import { listTemplates, MESSAGE_LOCALES } from "./templates/catalog";
import { fillPlaceholders } from "./templates/fill-placeholders";

const MX = "America/Mexico_City";
const startsAt = zonedDateTime(MX, { year: 2026, month: 3, day: 17, hour: 10 });
const dayBefore = zonedDateTime(MX, { year: 2026, month: 3, day: 16, hour: 10 });

const vars = (overrides: Partial<MessageVars> = {}): MessageVars => ({
  firstName: "María",
  doctorName: "Dr. García",
  clinicName: "Clínica Luna",
  startsAt,
  timeZone: MX,
  now: dayBefore,
  videoUrl: "https://meet.example.com/luna-4821",
  linkUrl: "https://luna.example.mx/l/q3Zk8LwP0aYtV2xN9cRf4A",
  linkDays: 7,
  amount: "$850.00 MXN",
  ...overrides,
});

describe("renderMessage: asking for a reply", () => {
  it("gives confirmations, reschedules and reminders two buttons naming the visit and an SMS line; a cancellation asks nothing", async () => {
    const id = "7b0c3c1e-2f4a-4d7e-9a51-0c2b7e9d4f10";
    for (const type of ["booking_confirmation", "reschedule", "reminder", "reminder_1h"] as const) {
      const en = await renderMessage({ type, variant: "in_person", locale: "en", vars: vars({ replyTo: id }), withEmail: false });
      expect(en.buttons).toEqual([
        { id: `confirm:${id}`, title: "Confirm" },
        { id: `cancel:${id}`, title: "Cancel visit" },
      ]);
      expect(en.smsText).toBe(`${en.text} Reply 1 to confirm or 2 to cancel.`);
      const count = Object.keys(en.contentVariables).length;
      expect(en.contentVariables[String(count)]).toBe(id);
      expect(en.text).not.toContain(id);
    }
    const cancelled = await renderMessage({
      type: "cancellation",
      variant: "in_person",
      locale: "es",
      vars: vars({ replyTo: id }),
      withEmail: false,
    });
    expect(cancelled.buttons).toEqual([]);
    expect(cancelled.smsText).toBe(cancelled.text);
    expect(Object.values(cancelled.contentVariables)).not.toContain(id);
  });
});

describe("renderMessage: the reminder", () => {
  it("says a la 1:05 p.m. in Spanish (one o'clock takes the singular article) and at 1:05 PM in English", async () => {
    const startsAt = new Date("2026-03-17T19:05:00Z"); // 13:05 in Mexico City
    const es = await renderMessage({ type: "reminder", variant: "in_person", locale: "es", vars: vars({ startsAt }) });
    expect(es.text).toContain("para mañana a la 1:05 p.m. Si necesitas");
    const cancelled = await renderMessage({ type: "cancellation", variant: "in_person", locale: "es", vars: vars({ startsAt }) });
    expect(cancelled.text).toContain("a la 1:05 p.m. fue cancelada");
    const en = await renderMessage({ type: "reminder", variant: "in_person", locale: "en", vars: vars({ startsAt }) });
    expect(en.text).toContain("at 1:05 PM");
  });

  it("reads as the product wants in Spanish, on every channel", async () => {
    const message = await renderMessage({ type: "reminder", variant: "in_person", locale: "es", vars: vars() });
    const sentence = "Hola María, te recordamos tu cita con Dr. García para mañana a las 10:00 a.m. Si necesitas reprogramar, avísanos.";
    expect(message.templateKey).toBe("reminder.in_person.es");
    expect(message.text).toBe(sentence);
    // The article travels with the hour ("a la 1:05 p.m."): the template says "a {{4}}".
    expect(message.contentVariables).toEqual({ "1": "María", "2": "Dr. García", "3": "mañana", "4": "las 10:00 a.m." });
    expect(message.email.subject).toBe("Recordatorio de tu cita en Clínica Luna");
    expect(message.email.html).toContain("Hola María, te recordamos tu cita con Dr. García para mañana a las 10:00 a.m.");
    expect(message.email.html).toContain("Si necesitas reprogramar, avísanos.");
    expect(message.email.html).toContain('lang="es"');
    expect(message.email.html).toContain("<title>Recordatorio de tu cita en Clínica Luna</title>");
    expect(message.email.text).toContain("Hola María, te recordamos tu cita con Dr. García para mañana a las 10:00 a.m.");
    expect(message.email.text).toContain("Este es un mensaje automático de Clínica Luna.");
  });

  it("reads as the product wants in English, on every channel", async () => {
    const message = await renderMessage({
      type: "reminder",
      variant: "in_person",
      locale: "en",
      vars: vars({ firstName: "Maria" }),
    });
    const sentence =
      "Hi Maria, just a reminder about your appointment tomorrow at 10:00 AM with Dr. García. If you need to reschedule, let us know!";
    expect(message.templateKey).toBe("reminder.in_person.en");
    expect(message.text).toBe(sentence);
    expect(message.contentVariables).toEqual({ "1": "Maria", "2": "tomorrow", "3": "10:00 AM", "4": "Dr. García" });
    expect(message.email.subject).toBe("Reminder of your appointment at Clínica Luna");
    expect(message.email.html).toContain("<title>Reminder of your appointment at Clínica Luna</title>");
    expect(message.email.text).toContain("Hi Maria, just a reminder about your appointment tomorrow at 10:00 AM with Dr. García.");
    expect(message.email.text).toContain("If you need to reschedule, let us know!");
    expect(message.email.text).toContain("This is an automated message from Clínica Luna.");
  });

  it("says today or the date when the reminder lead is not a day", async () => {
    const sameDay = await renderMessage({
      type: "reminder_1h",
      variant: "in_person",
      locale: "es",
      vars: vars({ now: zonedDateTime(MX, { year: 2026, month: 3, day: 17, hour: 9 }) }),
    });
    expect(sameDay.text).toBe(
      "Hola María, tu cita con Dr. García en Clínica Luna es hoy a las 10:00 a.m. Te esperamos. Si no puedes llegar, avísanos.",
    );
    const twoDaysBefore = await renderMessage({
      type: "reminder",
      variant: "in_person",
      locale: "en",
      vars: vars({ firstName: "Maria", now: zonedDateTime(MX, { year: 2026, month: 3, day: 15, hour: 10 }) }),
    });
    expect(twoDaysBefore.text).toContain("your appointment on Tuesday, March 17 at 10:00 AM with Dr. García.");
  });
});

describe("renderMessage: other types", () => {
  it("gives the new date on a reschedule and how to book again on a cancellation", async () => {
    const reschedule = await renderMessage({ type: "reschedule", variant: "in_person", locale: "es", vars: vars() });
    expect(reschedule.text).toContain("La nueva fecha es el martes 17 de marzo, 10:00 a.m.");
    const cancellation = await renderMessage({ type: "cancellation", variant: "in_person", locale: "en", vars: vars() });
    expect(cancellation.text).toBe(
      "Hi María, your appointment with Dr. García on March 17, 2026 at 10:00 AM has been cancelled. To book a new appointment, contact Clínica Luna anytime.",
    );
    expect(cancellation.email.subject).toBe("Your appointment at Clínica Luna has been cancelled");
  });

  it("carries the join link of a video visit, with a button in the email", async () => {
    const message = await renderMessage({ type: "booking_confirmation", variant: "video", locale: "es", vars: vars() });
    expect(message.text).toContain("videoconsulta");
    expect(message.text).toContain("https://meet.example.com/luna-4821");
    expect(Object.values(message.contentVariables)).toContain("https://meet.example.com/luna-4821");
    expect(message.email.html).toContain('href="https://meet.example.com/luna-4821"');
    expect(message.email.html).toContain("Entrar a la videoconsulta");
    expect(message.email.text).toContain("https://meet.example.com/luna-4821");
  });

  it("gives an in-person visit's email the clinic's address and a maps link; not WhatsApp or SMS, a video visit or a cancellation", async () => {
    const address = "Av. Insurgentes Sur 1234,  Col. Del Valle, CDMX";
    const withPlace = vars({ clinicAddress: address });
    const booked = await renderMessage({ type: "booking_confirmation", variant: "in_person", locale: "es", vars: withPlace });
    const maps = "https://www.google.com/maps/search/?api=1&amp;query=Av.+Insurgentes+Sur+1234%2C+Col.+Del+Valle%2C+CDMX";
    expect(booked.email.html).toContain(maps);
    expect(booked.email.html).toContain("Cómo llegar");
    expect(booked.email.text).toContain("Dirección: Av. Insurgentes Sur 1234, Col. Del Valle, CDMX");
    const plain = await renderMessage({ type: "booking_confirmation", variant: "in_person", locale: "es", vars: vars() });
    expect(booked.text).toBe(plain.text);
    expect(booked.contentVariables).toEqual(plain.contentVariables);
    expect(plain.email.text).not.toContain("Dirección");

    const reminder = await renderMessage({ type: "reminder", variant: "in_person", locale: "en", vars: withPlace });
    expect(reminder.email.text).toContain("Address: Av. Insurgentes Sur 1234, Col. Del Valle, CDMX");
    expect(reminder.email.html).toContain("Get directions");
    for (const [type, variant] of [
      ["booking_confirmation", "video"],
      ["cancellation", "in_person"],
    ] as const) {
      const message = await renderMessage({ type, variant, locale: "es", vars: withPlace });
      expect(message.email.text, `${type}/${variant}`).not.toContain("Insurgentes");
    }
  });

  it("refuses a video template without a join link, naming the template", async () => {
    for (const type of ["booking_confirmation", "reminder", "reminder_1h", "reschedule"] as const) {
      for (const videoUrl of [undefined, null, "", "  \n "]) {
        await expect(renderMessage({ type, variant: "video", locale: "es", vars: vars({ videoUrl }) })).rejects.toThrow(
          `template ${type}.video.es needs vars.videoUrl`,
        );
      }
    }
  });

  it("sends a video cancellation without a link (there is nothing left to join)", async () => {
    const message = await renderMessage({
      type: "cancellation",
      variant: "video",
      locale: "en",
      vars: vars({ videoUrl: undefined }),
    });
    expect(message.text).toContain("your video visit with Dr. García on March 17, 2026 at 10:00 AM has been cancelled");
    expect(message.email.html).not.toContain("meet.example.com");
  });
});

describe("renderMessage: variable hygiene", () => {
  it("collapses whitespace, trims, and never leaves a variable empty", async () => {
    const message = await renderMessage({
      type: "booking_confirmation",
      variant: "in_person",
      locale: "es",
      vars: vars({ firstName: "  María\n\tJosé  ", doctorName: "   ", clinicName: "Clínica\r\n\r\nLuna      Centro" }),
    });
    expect(message.contentVariables).toEqual({
      "1": "María José",
      "2": "-",
      "3": "Clínica Luna Centro",
      "4": "martes 17 de marzo, 10:00 a.m.",
    });
    expect(message.text).toBe(
      "Hola María José, tu cita con - en Clínica Luna Centro quedó confirmada para el martes 17 de marzo, 10:00 a.m. Si necesitas reprogramar, avísanos.",
    );
    expect(message.email.subject).toBe("Tu cita en Clínica Luna Centro está confirmada");
  });

  it("prints the first-name field as given and parses no names", async () => {
    // The caller passes the first-name field only (see MessageVars); whatever it holds is printed as is.
    const message = await renderMessage({
      type: "reminder",
      variant: "in_person",
      locale: "es",
      vars: vars({ firstName: "María José" }),
    });
    expect(message.text.startsWith("Hola María José, ")).toBe(true);
  });

  it("says lab results are ready with the link and its lifetime, in the patient's language", async () => {
    const es = await renderMessage({ type: "lab_result_ready", variant: "in_person", locale: "es", vars: vars() });
    expect(es.text).toBe(
      "Hola María, tus resultados de laboratorio de Clínica Luna están listos. Consúltalos aquí: https://luna.example.mx/l/q3Zk8LwP0aYtV2xN9cRf4A. El enlace vence en 7 días.",
    );
    expect(es.templateKey).toBe("lab_result_ready.es");
    expect(es.contentVariables).toEqual({
      "1": "María",
      "2": "Clínica Luna",
      "3": "https://luna.example.mx/l/q3Zk8LwP0aYtV2xN9cRf4A",
      "4": "7",
    });
    expect(es.email.subject).toBe("Tienes un documento nuevo de Clínica Luna");
    expect(es.email.html).toContain('href="https://luna.example.mx/l/q3Zk8LwP0aYtV2xN9cRf4A"');
    const en = await renderMessage({ type: "lab_result_ready", variant: "video", locale: "en", vars: vars() });
    expect(en.text).toBe(
      "Hi María, your lab results from Clínica Luna are ready. View them here: https://luna.example.mx/l/q3Zk8LwP0aYtV2xN9cRf4A. The link expires in 7 days.",
    );
    await expect(
      renderMessage({ type: "lab_result_ready", variant: "in_person", locale: "es", vars: vars({ linkUrl: null }) }),
    ).rejects.toThrow(/linkUrl/);
  });

  it("renders every template the same way on WhatsApp and SMS, in one line within Meta's limit", async () => {
    const byKey = new Map(listTemplates().map((template) => [template.key, template]));
    for (const type of NOTIFICATION_TYPES) {
      for (const variant of APPOINTMENT_VARIANTS) {
        for (const locale of MESSAGE_LOCALES) {
          const message = await renderMessage({ type, variant, locale, vars: vars() });
          const template = byKey.get(message.templateKey)!;
          const values = template.variables.map((_, index) => message.contentVariables[String(index + 1)]);
          expect(message.text).toBe(fillPlaceholders({ body: template.body, values }));
          expect(message.text.length).toBeLessThanOrEqual(WHATSAPP_BODY_MAX_CHARS);
          expect(message.text).not.toMatch(/\.\.|\s[.,]|\n/);
        }
      }
    }
  });
});
