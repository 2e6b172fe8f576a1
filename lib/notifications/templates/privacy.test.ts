import { describe, expect, it } from "vitest";
import type { Channel } from "@/db/schema";
import { zonedDateTime } from "@/lib/dates";
import { APPOINTMENT_VARIANTS, NOTIFICATION_TYPES } from "../registry";
import { type MessageVars, renderMessage } from "../render-message";
import { listTemplates, MESSAGE_LOCALES } from "./catalog";
import { findWhatsAppBodyProblems } from "./check-whatsapp-body";
import { listPlaceholders } from "./fill-placeholders";
import { FORBIDDEN_TERMS, findTerms, foldForComparison, forbiddenTermsFor } from "./forbidden-terms";

/**
 * Everything the database knows about a patient and a visit, including what must never reach a message.
 * Some values are messy on purpose (staff typed them), to check the variables Twilio receives.
 */
const MX = "America/Mexico_City";
const record = {
  patient: {
    firstName: "  María\n",
    lastName: "Hernández Ruiz",
    phone: "+525512345678",
    email: "maria.hernandez.ruiz@example.com",
    dateOfBirth: "1984-02-11",
  },
  appointment: {
    startsAt: zonedDateTime(MX, { year: 2026, month: 3, day: 17, hour: 10 }),
    reason: "Control de glucosa y resultado positivo de prueba de embarazo",
    internalNotes: "Sospecha de diabetes tipo 2; pedir biometría hemática",
    videoUrl: "https://meet.example.com/luna-4821",
  },
  doctor: { displayName: "Dr.    García\t", specialty: "Oncología" },
  clinic: { name: "Clínica\r\nLuna ", timeZone: MX },
  // A lab result behind a patient link: its test and values live only in the PDF.
  document: { testName: "Perfil tiroideo", result: "TSH 8.2 mUI/L elevada", fileName: "perfil-tiroideo-maria.pdf" },
  link: { linkUrl: "https://luna.example.mx/l/q3Zk8LwP0aYtV2xN9cRf4A", linkDays: 7 },
  // What the other link messages point at: on the record, and only behind the link.
  prescription: {
    items: [{ medication: "Amoxicilina 500 mg", dose: "1 cápsula", frequency: "cada 8 horas", duration: "7 días" }],
    instructions: "Tomar con alimentos; suspender si aparece sarpullido",
  },
  intakeAnswers: { allergies: "Penicilina", medications: "Losartán 50 mg", conditions: "Asma", emergencyContactName: "Rosa Ortiz" },
  careInstructions: "Reposo relativo tres días y aplicar compresas frías en la rodilla",
  // A charge: its concept is staff-facing (it names the test); a payment message says only the amount owed.
  charge: { concept: "Ultrasonido obstétrico y prueba de VIH", amount: "$850.00 MXN" },
};

// The mapping dispatch does, done sloppily on purpose: the whole patient and appointment records are
// spread in, so the extra fields (last name, notes, reason…) are on the object renderMessage receives.
const fullRecordVars = {
  ...record.patient,
  ...record.appointment,
  ...record.document,
  ...record.link,
  ...record.prescription,
  ...record.intakeAnswers,
  careInstructions: record.careInstructions,
  ...record.charge,
  doctorName: record.doctor.displayName,
  specialty: record.doctor.specialty,
  clinicName: record.clinic.name,
  timeZone: record.clinic.timeZone,
} satisfies Omit<MessageVars, "now"> & Record<string, unknown>;

const NOWS = {
  "the day before": zonedDateTime(MX, { year: 2026, month: 3, day: 16, hour: 10 }),
  "the same morning": zonedDateTime(MX, { year: 2026, month: 3, day: 17, hour: 9 }),
  "a week before": zonedDateTime(MX, { year: 2026, month: 3, day: 10, hour: 10 }),
};

const LAST_NAME_PARTS = record.patient.lastName.split(" ");
const NOTE_WORDS = [record.appointment.internalNotes, ...record.appointment.internalNotes.split(/[\s;]+/)].filter(
  (word) => foldForComparison(word).length >= 5,
);
const CONCEPT_WORDS = [record.charge.concept, ...record.charge.concept.split(/\s+/)].filter((word) => foldForComparison(word).length >= 5);
const REASON_WORDS = record.appointment.reason.split(/\s+/).filter((word) => word.length >= 7);
/** Words (≥ 5 letters) of a prescription, intake answers and care instructions: behind the link only. */
const LINKED_CONTENT_WORDS = [
  ...Object.values(record.prescription.items[0]),
  record.prescription.instructions,
  ...Object.values(record.intakeAnswers),
  record.careInstructions,
]
  .flatMap((text) => text.split(/[\s;,]+/))
  .filter((word) => foldForComparison(word).length >= 5);

/** Undo HTML escaping so a name written as entities would still be caught. */
function decodeHtml(html: string) {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&([a-z])(acute|tilde|uml);/gi, "$1")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"');
}

type Surface = { channel: Channel; part: string; text: string; greets: boolean };

describe("privacy: what every message may say", () => {
  const templatesByKey = new Map(listTemplates().map((template) => [template.key, template]));
  const cases = NOTIFICATION_TYPES.flatMap((type) =>
    APPOINTMENT_VARIANTS.flatMap((variant) =>
      MESSAGE_LOCALES.flatMap((locale) =>
        Object.entries(NOWS).map(([when, now]) => ({ key: `${type}.${variant}.${locale}`, type, variant, locale, when, now })),
      ),
    ),
  );

  it.each(cases)("$key, sent $when", async ({ type, variant, locale, now }) => {
    const message = await renderMessage({ type, variant, locale, vars: { ...fullRecordVars, now } });
    const surfaces: Surface[] = [
      { channel: "whatsapp", part: "variables", text: Object.values(message.contentVariables).join(" | "), greets: true },
      { channel: "whatsapp", part: "text", text: message.text, greets: true },
      { channel: "sms", part: "text", text: message.text, greets: true },
      { channel: "email", part: "subject", text: message.email.subject, greets: false },
      { channel: "email", part: "html", text: decodeHtml(message.email.html), greets: true },
      { channel: "email", part: "raw html", text: message.email.html, greets: true },
      { channel: "email", part: "text", text: message.email.text, greets: true },
    ];

    for (const { channel, part, text, greets } of surfaces) {
      const where = `${channel} ${part}`;
      const folded = foldForComparison(text);
      // The first name greets the patient in the body; the subject carries no name at all.
      if (greets) expect(text, where).toContain("María");
      else expect(folded, where).not.toContain("maria");
      expect(findTerms({ text, terms: LAST_NAME_PARTS }), `${where}: last name`).toEqual([]);
      expect(findTerms({ text, terms: NOTE_WORDS }), `${where}: internal notes`).toEqual([]);
      expect(findTerms({ text, terms: REASON_WORDS }), `${where}: reason for the visit`).toEqual([]);
      expect(findTerms({ text, terms: LINKED_CONTENT_WORDS }), `${where}: what a link opens`).toEqual([]);
      expect(findTerms({ text, terms: [...CONCEPT_WORDS, "VIH"] }), `${where}: a charge's concept`).toEqual([]);
      expect(findTerms({ text, terms: forbiddenTermsFor(type) }), `${where}: medical terms`).toEqual([]);
      expect(findTerms({ text, terms: ["tiroideo", "TSH", "8.2", "elevada", record.document.fileName] }), `${where}: the document`).toEqual(
        [],
      );
      expect(findTerms({ text, terms: [record.doctor.specialty, record.patient.phone, record.patient.dateOfBirth] }), where).toEqual([]);
      expect(folded, `${where}: email address`).not.toContain("example.com/hernandez");
      expect(folded, `${where}: email address`).not.toContain("maria.hernandez");
    }

    // What Twilio receives: a value for each placeholder, each one Twilio and Meta accept.
    const template = templatesByKey.get(message.templateKey)!;
    expect(findWhatsAppBodyProblems(template.body)).toEqual([]);
    const keys = Object.keys(message.contentVariables);
    expect(keys).toEqual(listPlaceholders(template.body).map(String));
    for (const value of Object.values(message.contentVariables)) {
      expect(value.trim()).not.toBe("");
      expect(value).not.toMatch(/[\r\n\t]/);
      expect(value).not.toMatch(/\s{4,}/);
      expect(value).toBe(value.trim());
    }
  });

  it("keeps the forbidden terms out of the template text itself", () => {
    for (const template of listTemplates()) {
      expect(findTerms({ text: template.body, terms: forbiddenTermsFor(template.type) }), template.key).toEqual([]);
    }
  });

  it("permits a medical word only where it is the message's point, and nowhere else", () => {
    expect(forbiddenTermsFor("lab_result_ready")).not.toContain("laboratorio");
    expect(forbiddenTermsFor("lab_result_ready")).toContain("análisis");
    expect(forbiddenTermsFor("reminder")).toEqual(FORBIDDEN_TERMS);
  });

  it("matches terms accent- and case-insensitively, as whole words", () => {
    expect(findTerms({ text: "BIOMETRIA Hematica", terms: ["biometría", "hemática"] })).toEqual(["biometría", "hemática"]);
    expect(findTerms({ text: "Su prueba de VIH", terms: ["VIH", "prueba de"] })).toEqual(["VIH", "prueba de"]);
    expect(findTerms({ text: "Abre el archivo", terms: ["HIV"] })).toEqual([]);
    expect(findTerms({ text: "Tu cita fue cancelada", terms: ["cáncer", "cancer"] })).toEqual([]);
  });
});
