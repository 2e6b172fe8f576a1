import { describe, expect, it } from "vitest";
import { normalizeReplyText, parseReply, resolveReply, type ReplyChannel } from "./parse-reply";

const APPOINTMENT = "0b7e3c52-6f1d-4d8e-9a0b-2c4f6e8a1b3d";

describe("normalizeReplyText", () => {
  it.each([
    ["  ¡Bája!  ", "BAJA"],
    ["No más mensajes.", "NO MAS MENSAJES"],
    ["cancelar suscripción", "CANCELAR SUSCRIPCION"],
    ["Sí", "SI"],
    ["1️⃣", "1"],
    ["１", "1"],
    ["opt-out", "OPT OUT"],
    ["stop 🛑", "STOP"],
    ["\n\tALTO\n", "ALTO"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normalizeReplyText(input)).toBe(expected);
  });
});

describe("parseReply", () => {
  const cases: [string, ReplyChannel, string][] = [
    // Opt-out: Twilio's SMS keywords, Spanish words, case, accents and punctuation ignored.
    ["STOP", "whatsapp", "opt_out"],
    ["stop", "sms", "opt_out"],
    ["Stop.", "whatsapp", "opt_out"],
    ["STOPALL", "sms", "opt_out"],
    ["UNSUBSCRIBE", "whatsapp", "opt_out"],
    ["end", "sms", "opt_out"],
    ["Quit!", "sms", "opt_out"],
    ["REVOKE", "sms", "opt_out"],
    ["OPTOUT", "whatsapp", "opt_out"],
    ["opt out", "whatsapp", "opt_out"],
    ["BAJA", "whatsapp", "opt_out"],
    ["baja", "sms", "opt_out"],
    ["¡Baja!", "whatsapp", "opt_out"],
    ["Bája", "whatsapp", "opt_out"],
    ["ALTO", "sms", "opt_out"],
    ["alto.", "whatsapp", "opt_out"],
    ["CANCELAR SUSCRIPCIÓN", "whatsapp", "opt_out"],
    ["cancelar suscripcion", "sms", "opt_out"],
    ["Darme de baja", "whatsapp", "opt_out"],
    ["DAR DE BAJA", "sms", "opt_out"],
    ["No más mensajes", "whatsapp", "opt_out"],
    ["NO MAS MENSAJES!!", "sms", "opt_out"],
    ["Baja, por favor", "whatsapp", "opt_out"],
    ["please stop", "sms", "opt_out"],
    // CANCEL: Twilio's SMS opt-out keyword on SMS; on WhatsApp, cancel the appointment.
    ["CANCEL", "sms", "opt_out"],
    ["cancel", "whatsapp", "cancel"],
    // Opt-in.
    ["START", "sms", "opt_in"],
    ["start", "whatsapp", "opt_in"],
    ["UNSTOP", "sms", "opt_in"],
    ["ALTA", "whatsapp", "opt_in"],
    ["Alta.", "sms", "opt_in"],
    ["Darme de alta", "whatsapp", "opt_in"],
    // Confirm.
    ["1", "sms", "confirm"],
    [" 1 ", "whatsapp", "confirm"],
    ["1.", "whatsapp", "confirm"],
    ["1️⃣", "whatsapp", "confirm"],
    ["CONFIRMAR", "whatsapp", "confirm"],
    ["Confirmo", "sms", "confirm"],
    ["confirm", "sms", "confirm"],
    ["Sí", "whatsapp", "confirm"],
    ["si", "sms", "confirm"],
    ["YES", "whatsapp", "confirm"],
    ["yes", "sms", "confirm"],
    ["1 gracias", "sms", "confirm"],
    // Cancel the appointment.
    ["2", "sms", "cancel"],
    ["2", "whatsapp", "cancel"],
    ["CANCELAR", "sms", "cancel"],
    ["cancelar", "whatsapp", "cancel"],
    ["Cancelar mi cita", "whatsapp", "cancel"],
    ["cancel appointment", "sms", "cancel"],
    // Anything else is a message for staff: keywords count only as the whole message.
    ["", "whatsapp", "message"],
    ["Hola, ¿puedo llegar 10 minutos tarde?", "whatsapp", "message"],
    ["Quiero cancelar mi cita del martes porque estoy enferma", "sms", "message"],
    ["stop sending me the wrong times", "sms", "message"],
    ["12", "sms", "message"],
    ["1 2", "sms", "message"],
    ["3", "whatsapp", "message"],
    ["NO", "whatsapp", "message"],
    ["OK", "sms", "message"],
    ["Gracias", "whatsapp", "message"],
    ["bajas", "whatsapp", "message"],
  ];

  it.each(cases)("%j on %s → %s", (text, channel, intent) => {
    expect(parseReply(text, null, channel)).toMatchObject({ intent, appointmentId: null });
  });

  it("takes a WhatsApp button payload over the text, with its appointment", () => {
    expect(parseReply("Confirmar", `confirm:${APPOINTMENT}`, "whatsapp")).toEqual({
      intent: "confirm",
      appointmentId: APPOINTMENT,
      optInIfOptedOut: false,
    });
    expect(parseReply("Cancelar", `cancel:${APPOINTMENT.toUpperCase()}`, "whatsapp")).toEqual({
      intent: "cancel",
      appointmentId: APPOINTMENT,
      optInIfOptedOut: false,
    });
    // A payload names the appointment even when the label says something else.
    expect(parseReply("Sí", `cancel:${APPOINTMENT}`, "whatsapp")).toMatchObject({ intent: "cancel", appointmentId: APPOINTMENT });
  });

  it("ignores a payload that is not ours (or not an id) and reads the text", () => {
    expect(parseReply("BAJA", "unsubscribe", "whatsapp")).toMatchObject({ intent: "opt_out", appointmentId: null });
    expect(parseReply("Confirmar", "confirm:not-a-uuid", "whatsapp")).toMatchObject({ intent: "confirm", appointmentId: null });
    expect(parseReply("hola", "confirm:1; drop table patients", "whatsapp")).toMatchObject({ intent: "message", appointmentId: null });
    expect(parseReply("1", "", "whatsapp")).toMatchObject({ intent: "confirm", appointmentId: null });
  });

  it("marks a bare YES on SMS (Twilio's opt-in keyword) and nothing else", () => {
    expect(parseReply("YES", null, "sms").optInIfOptedOut).toBe(true);
    expect(parseReply("yes!", null, "sms").optInIfOptedOut).toBe(true);
    expect(parseReply("YES", null, "whatsapp").optInIfOptedOut).toBe(false);
    expect(parseReply("SI", null, "sms").optInIfOptedOut).toBe(false);
    expect(parseReply("1", null, "sms").optInIfOptedOut).toBe(false);
  });
});

describe("resolveReply", () => {
  it("turns an SMS YES into an opt-in only for a patient opted out of SMS", () => {
    expect(resolveReply(parseReply("YES", null, "sms"), { optedOut: true })).toBe("opt_in");
    expect(resolveReply(parseReply("YES", null, "sms"), { optedOut: false })).toBe("confirm");
    expect(resolveReply(parseReply("SÍ", null, "whatsapp"), { optedOut: true })).toBe("confirm");
    expect(resolveReply(parseReply("BAJA", null, "whatsapp"), { optedOut: true })).toBe("opt_out");
  });
});
