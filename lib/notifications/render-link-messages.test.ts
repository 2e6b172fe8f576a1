import { describe, expect, it } from "vitest";
import { renderMessage, type MessageVars } from "./render-message";

const LINK = "https://luna.example.mx/l/3q2x7RbVwK9mTfA1cLpZ8g";
const vars = (overrides: Partial<MessageVars> = {}): MessageVars => ({
  firstName: "María",
  doctorName: "Dr. García",
  clinicName: "Clínica Luna",
  startsAt: new Date("2026-03-17T16:00:00Z"),
  timeZone: "America/Mexico_City",
  now: new Date("2026-03-16T16:00:00Z"),
  linkUrl: LINK,
  linkDays: 7,
  ...overrides,
});

describe("renderMessage: link messages (prescription, intake form, care instructions)", () => {
  it("reads the prescription message as the product wants, in Spanish and English", async () => {
    // The caller hands the doctor as the message names them (lib/staff/doctor-name.ts doctorPhrase).
    const es = await renderMessage({
      type: "prescription_ready",
      variant: "in_person",
      locale: "es",
      vars: vars({ doctorName: "el Dr. García" }),
    });
    expect(es.templateKey).toBe("prescription_ready.es");
    expect(es.text).toBe(`Hola María, aquí está la receta que te dio el Dr. García. Descárgala aquí: ${LINK}. El enlace vence en 7 días.`);
    expect(es.contentVariables).toEqual({ "1": "María", "2": "el Dr. García", "3": LINK, "4": "7" });
    const dra = await renderMessage({
      type: "prescription_ready",
      variant: "in_person",
      locale: "es",
      vars: vars({ doctorName: "la Dra. López" }),
    });
    expect(dra.text).toContain("aquí está la receta que te dio la Dra. López.");
    expect(es.email.subject).toBe("Tu receta de Clínica Luna está lista");
    expect(es.email.html).toContain(`href="${LINK}"`);

    const en = await renderMessage({ type: "prescription_ready", variant: "in_person", locale: "en", vars: vars({ firstName: "Maria" }) });
    expect(en.templateKey).toBe("prescription_ready.en");
    expect(en.text).toBe(`Hi Maria, here's your prescription from Dr. García. Download it here: ${LINK}. This link expires in 7 days.`);
  });

  it("says only that the clinic asks for a form, with the link and its 7 days", async () => {
    const es = await renderMessage({ type: "intake_form", variant: "in_person", locale: "es", vars: vars(), withEmail: false });
    expect(es.text).toBe(
      `Hola María, en Clínica Luna te pedimos llenar un breve formulario. Llénalo aquí: ${LINK}. El enlace vence en 7 días.`,
    );
    const en = await renderMessage({ type: "intake_form", variant: "in_person", locale: "en", vars: vars(), withEmail: false });
    expect(en.text).toBe(
      `Hi María, the team at Clínica Luna asks you to fill in a short form. Fill it in here: ${LINK}. This link expires in 7 days.`,
    );
  });

  it("says only that the doctor's instructions are ready", async () => {
    const es = await renderMessage({
      type: "care_instructions_ready",
      variant: "in_person",
      locale: "es",
      vars: vars({ doctorName: "la Dra. López" }),
      withEmail: false,
    });
    expect(es.text).toBe(
      `Hola María, están listas las indicaciones que te dejó la Dra. López. Consúltalas aquí: ${LINK}. El enlace vence en 7 días.`,
    );
    const en = await renderMessage({ type: "care_instructions_ready", variant: "in_person", locale: "en", vars: vars(), withEmail: false });
    expect(en.text).toBe(`Hi María, your instructions from Dr. García are ready. Read them here: ${LINK}. This link expires in 7 days.`);
  });

  it("refuses to render a link message without its link, naming the template", async () => {
    for (const type of ["prescription_ready", "intake_form", "care_instructions_ready"] as const) {
      await expect(renderMessage({ type, variant: "in_person", locale: "es", vars: vars({ linkUrl: undefined }) })).rejects.toThrow(
        `template ${type}.es needs vars.linkUrl`,
      );
    }
  });
});
