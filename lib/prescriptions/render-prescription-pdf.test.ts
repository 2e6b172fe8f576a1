import { describe, expect, it } from "vitest";
import { zonedDateTime } from "@/lib/dates";
import { extractPdfText } from "@/lib/testing/extract-pdf-text";
import { renderPrescriptionPdf, toWinAnsi } from "./render-prescription-pdf";

const items = [
  { medication: "Amoxicilina 500 mg", dose: "1 cápsula", frequency: "cada 8 horas", duration: "7 días" },
  { medication: "Paracetamol", dose: "1 tableta", frequency: "cada 6 horas si hay dolor", duration: "3 días" },
];

describe("renderPrescriptionPdf", () => {
  it("prints the clinic, doctor, patient, the clinic's date, every item and the instructions, with Spanish characters intact", async () => {
    // 23:30 on 1 March in Tijuana is already 2 March in UTC: the PDF shows the clinic's date.
    const issuedAt = zonedDateTime("America/Tijuana", { year: 2026, month: 3, day: 1, hour: 23, minute: 30 });
    const pdf = await renderPrescriptionPdf({
      clinic: { name: "Clínica Luna", phone: "+52 55 1234 5678" },
      doctorName: "Dr. García",
      patientFullName: "María Ñúñez Peña",
      issuedAt,
      timeZone: "America/Tijuana",
      locale: "es",
      items,
      instructions: "Tomar con alimentos. ¿Dudas? Llámanos — ¡gracias!",
    });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = await extractPdfText(pdf);
    for (const expected of [
      "Clínica Luna",
      "Receta médica",
      "Dr. García",
      "María Ñúñez Peña",
      "1 de marzo de 2026",
      "Amoxicilina 500 mg",
      "Dosis: 1 cápsula",
      "Frecuencia: cada 8 horas",
      "Duración: 7 días",
      "Paracetamol",
      "cada 6 horas si hay dolor",
      "Tomar con alimentos. ¿Dudas? Llámanos — ¡gracias!",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("2 de marzo");
  });

  it("writes the labels in English for an English-speaking patient", async () => {
    const pdf = await renderPrescriptionPdf({
      clinic: { name: "Clínica Luna" },
      doctorName: "Dr. García",
      patientFullName: "John Smith",
      issuedAt: new Date("2026-03-02T18:00:00Z"),
      timeZone: "America/Mexico_City",
      locale: "en",
      items: [items[0]],
    });
    const text = await extractPdfText(pdf);
    expect(text).toContain("Prescription");
    expect(text).toContain("March 2, 2026");
    expect(text).toContain("Dose: 1 cápsula");
    expect(text).not.toContain("Instructions");
  });

  it("keeps Latin-1 and WinAnsi and folds what the standard font cannot print", () => {
    expect(toWinAnsi("Ñandú ¿ü? “sí” – ok")).toBe("Ñandú ¿ü? “sí” – ok");
    expect(toWinAnsi("Łukasz Dvořák ✓")).toBe("Lukasz Dvorák ?");
  });
});
