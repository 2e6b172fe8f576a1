import type { NotificationType } from "../registry";

/**
 * Words that must never appear in a patient message: diagnoses, conditions, tests, results, drugs and
 * specialties that reveal a condition (INTEGRATIONS.md §9; WhatsApp previews show on lock screens). The
 * privacy test compares them accent- and case-insensitively, as whole words, against every template
 * rendered on every channel. Extend it when a new message type could tempt someone to add detail.
 */
export const FORBIDDEN_TERMS = [
  // Conditions and diagnoses
  "diabetes",
  "diabético",
  "diabetic",
  "VIH",
  "HIV",
  "sida",
  "AIDS",
  "cáncer",
  "cancer",
  "tumor",
  "embarazo",
  "embarazada",
  "pregnancy",
  "pregnant",
  "hipertensión",
  "hypertension",
  "depresión",
  "depression",
  "ansiedad",
  "anxiety",
  "diagnóstico",
  "diagnosis",
  "sospecha",
  "enfermedad",
  "disease",
  // Tests and results
  "biometría",
  "hemática",
  "glucosa",
  "glucose",
  "colesterol",
  "cholesterol",
  "prueba de",
  "blood test",
  "análisis",
  "laboratorio",
  "resultado positivo",
  "resultado negativo",
  "positive result",
  "negative result",
  "test results",
  "ultrasonido",
  "mastografía",
  "papanicolaou",
  // Drugs and treatments
  "insulina",
  "insulin",
  "metformina",
  "metformin",
  "antibiótico",
  "antibiotic",
  "antidepresivo",
  "antidepressant",
  "quimioterapia",
  "chemotherapy",
  "tratamiento",
  // Medications and doses (a prescription's lines live in its PDF, never in the message)
  "amoxicilina",
  "amoxicillin",
  "paracetamol",
  "ibuprofeno",
  "ibuprofen",
  "mg",
  "cápsula",
  "capsule",
  "tableta",
  "tablet",
  "dosis",
  "dose",
  // Specialties that reveal a condition
  "oncología",
  "oncology",
  "psiquiatría",
  "psychiatry",
  "infectología",
] as const;

/**
 * The one exception per type, where naming the kind of document is the message's whole point: "your lab
 * results are ready" (the test's name and its values never appear; they live only behind the link).
 */
export const PERMITTED_TERMS: Partial<Record<NotificationType, readonly string[]>> = {
  lab_result_ready: ["laboratorio"],
};

/** FORBIDDEN_TERMS minus the type's permitted ones. */
export function forbiddenTermsFor(type: NotificationType): readonly string[] {
  const permitted = new Set(PERMITTED_TERMS[type] ?? []);
  return FORBIDDEN_TERMS.filter((term) => !permitted.has(term));
}

/** Lower case without accents, for comparisons that ignore both ("Biometría" ≈ "biometria"). */
export function foldForComparison(text: string) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The terms of `terms` found in `text` as whole words (so "HIV" does not match "archivo"). */
export function findTerms(params: { text: string; terms: readonly string[] }): string[] {
  const text = foldForComparison(params.text);
  return params.terms.filter((term) => {
    const escaped = foldForComparison(term).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(text);
  });
}
