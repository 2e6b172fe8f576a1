import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { APPOINTMENT_VARIANTS, NOTIFICATION_REGISTRY, NOTIFICATION_TYPES, templateKey } from "../registry";
import { listTemplates, MESSAGE_LOCALES, sampleVariables } from "./catalog";
import { findWhatsAppBodyProblems } from "./check-whatsapp-body";
import { TEMPLATE_VARIABLES } from "./definitions";
import { listPlaceholders } from "./fill-placeholders";
import { formatTemplatesMarkdown } from "./format-templates-markdown";

describe("template catalog", () => {
  const templates = listTemplates();

  it("has es and en for every type × variant, each under a unique key", () => {
    const keys = templates.map((template) => template.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const type of NOTIFICATION_TYPES) {
      for (const variant of APPOINTMENT_VARIANTS) {
        for (const locale of MESSAGE_LOCALES) expect(keys).toContain(templateKey(type, variant, locale));
      }
    }
    // A visit's notices have both variants; every other type (the satisfaction question too) reads the same for both.
    const variantCount = NOTIFICATION_TYPES.reduce((n, t) => n + NOTIFICATION_REGISTRY[t].kind.templateVariants.length, 0);
    expect(templates).toHaveLength(variantCount * 2);
  });

  it.each(templates.map((template) => [template.key, template] as const))("%s obeys Meta's body rules", (_, template) => {
    expect(findWhatsAppBodyProblems(template.body)).toEqual([]);
    expect(listPlaceholders(template.body)).toHaveLength(template.variables.length);
    for (const name of template.variables) expect(TEMPLATE_VARIABLES).toContain(name);
    // Campaigns (the registry's "marketing" rows) are submitted as MARKETING; every other message is UTILITY.
    expect(template.category).toBe(NOTIFICATION_REGISTRY[template.type].category === "marketing" ? "MARKETING" : "UTILITY");
  });

  it("says 'video' in every video template and gives the link in all but the cancellation", () => {
    for (const template of templates.filter(
      (t) => t.variant === "video" && NOTIFICATION_REGISTRY[t.type].kind.subjectType === "appointment",
    )) {
      expect(template.body).toMatch(template.locale === "es" ? /videoconsulta/ : /video visit/);
      expect(template.variables.includes("videoUrl")).toBe(template.type !== "cancellation");
    }
    for (const template of templates.filter((t) => t.variant === "in_person")) {
      // (reply confirmations have no video wording and no link)
      expect(template.variables).not.toContain("videoUrl");
    }
  });

  it("has a sample for every variable", () => {
    for (const locale of MESSAGE_LOCALES) {
      const samples = sampleVariables(locale);
      for (const name of TEMPLATE_VARIABLES) expect(samples[name]).toMatch(/\S/);
    }
  });

  it("is what docs/whatsapp-templates.md lists (regenerate with scripts/print-templates.ts)", () => {
    const file = path.join(import.meta.dirname, "../../../docs/whatsapp-templates.md");
    expect(readFileSync(file, "utf8")).toBe(formatTemplatesMarkdown());
  });
});

describe("findWhatsAppBodyProblems", () => {
  it("accepts a body with text around and between its variables", () => {
    expect(findWhatsAppBodyProblems("Hola {{1}}, tu cita es el {{2}} a las {{3}}. Gracias.")).toEqual([]);
  });

  it.each([
    ["{{1}}, tu cita es mañana.", "starts with a variable"],
    ["Tu cita es {{1}}.", "ends with a variable"],
    ["Hola {{1}} {{2}}, tu cita es mañana.", "has two adjacent variables"],
    ["Hola {{1}}, {{2}} tu cita es mañana.", "has two adjacent variables"],
    ["Hola {{1}}{{2}} tu cita es mañana.", "has two adjacent variables"],
    ["Hola {{2}}, tu cita con {{1}} es mañana.", "placeholders are not {{1}}…{{n}} in order, each once"],
    ["Hola {{1}}, tu cita con {{3}} es mañana.", "placeholders are not {{1}}…{{n}} in order, each once"],
    ["Hola {{1}},\ntu cita es mañana.", "has a newline, a tab or 4+ spaces in a row"],
    ["Hola {{1}},    tu cita es mañana.", "has a newline, a tab or 4+ spaces in a row"],
    ["Hola {{nombre}}, tu cita es mañana.", "has a malformed placeholder"],
    [`Hola {{1}}, ${"a".repeat(1024)} adiós.`, "longer than 1024 characters"],
  ])("rejects %j", (body, problem) => {
    expect(findWhatsAppBodyProblems(body)).toContain(problem);
  });
});
