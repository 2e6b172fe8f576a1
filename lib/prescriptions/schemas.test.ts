import { describe, expect, it } from "vitest";
import { itemsFromFormData, prescriptionInputSchema } from "./schemas";

describe("prescription form rows", () => {
  it("reads items.N.* in index order and drops rows left entirely blank, keeping partly filled ones", () => {
    const rows = itemsFromFormData([
      ["items.10.medication", "C"],
      ["items.2.medication", "A"],
      ["items.2.dose", "1"],
      ["items.5.medication", " "],
      ["items.5.dose", ""],
      ["items.7.dose", "2"],
      ["instructions", "x"],
      ["items.1.evil", "y"],
    ]);
    expect(rows).toEqual([{ medication: "A", dose: "1" }, { dose: "2" }, { medication: "C" }]);
  });

  it("validates every cell with a code, trimmed", () => {
    const parsed = prescriptionInputSchema.safeParse({
      patientId: "00000000-0000-4000-8000-000000000000",
      items: [{ medication: "  Paracetamol ", dose: "1 tableta", frequency: "cada 6 horas", duration: "3 días" }, { dose: "2" }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["items.1.medication", "required"],
      ["items.1.frequency", "required"],
      ["items.1.duration", "required"],
    ]);
    const ok = prescriptionInputSchema.parse({
      patientId: "00000000-0000-4000-8000-000000000000",
      appointmentId: "",
      items: [{ medication: "  Paracetamol ", dose: "1 tableta", frequency: "cada 6 horas", duration: "3 días" }],
    });
    expect(ok).toEqual({
      patientId: "00000000-0000-4000-8000-000000000000",
      items: [{ medication: "Paracetamol", dose: "1 tableta", frequency: "cada 6 horas", duration: "3 días" }],
      instructions: "",
    });
  });
});
