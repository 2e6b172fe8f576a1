import { describe, expect, it } from "vitest";
import es from "./es.json";
import en from "./en.json";

function keys(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

describe("UI messages", () => {
  it("es and en have exactly the same keys", () => {
    const esKeys = new Set(keys(es));
    const enKeys = new Set(keys(en));
    expect([...esKeys].filter((k) => !enKeys.has(k)), "missing in en.json").toEqual([]);
    expect([...enKeys].filter((k) => !esKeys.has(k)), "missing in es.json").toEqual([]);
  });

  it("has no empty string in either language", () => {
    for (const [name, messages] of [["es", es], ["en", en]] as const) {
      const empty = leaves(messages).filter(([, v]) => typeof v !== "string" || v.trim() === "");
      expect(empty.map(([k]) => k), `empty in ${name}.json`).toEqual([]);
    }
  });

  it("uses the same placeholders in both languages", () => {
    const placeholders = (s: unknown) => new Set(String(s).match(/\{(\w+)(?=[,}])/g) ?? []);
    const enLeaves = new Map(leaves(en));
    for (const [key, value] of leaves(es)) {
      expect([...placeholders(enLeaves.get(key))].sort(), key).toEqual([...placeholders(value)].sort());
    }
  });
});
