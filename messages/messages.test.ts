import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGE_AREAS, loadMessages } from "./load";

function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

function readArea(locale: string, area: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(__dirname, locale, `${area}.json`), "utf8"));
}

describe("UI messages", () => {
  it("loads every area file, and only those", () => {
    for (const locale of ["es", "en"]) {
      const files = readdirSync(path.join(__dirname, locale)).map((f) => f.replace(/\.json$/, ""));
      expect(files.sort(), locale).toEqual([...MESSAGE_AREAS].sort());
    }
  });

  it("gives each top-level namespace to exactly one area", () => {
    const owner = new Map<string, string>();
    for (const area of MESSAGE_AREAS) {
      for (const namespace of Object.keys(readArea("es", area))) {
        expect(owner.get(namespace), `namespace "${namespace}" is in ${owner.get(namespace)} and ${area}`).toBeUndefined();
        owner.set(namespace, area);
      }
    }
  });

  it.each(MESSAGE_AREAS)("%s: es and en have exactly the same keys", (area) => {
    const esKeys = new Set(leaves(readArea("es", area)).map(([k]) => k));
    const enKeys = new Set(leaves(readArea("en", area)).map(([k]) => k));
    expect(
      [...esKeys].filter((k) => !enKeys.has(k)),
      `missing in en/${area}.json`,
    ).toEqual([]);
    expect(
      [...enKeys].filter((k) => !esKeys.has(k)),
      `missing in es/${area}.json`,
    ).toEqual([]);
  });

  it.each(["es", "en"] as const)("%s: has no empty string", async (locale) => {
    const empty = leaves(await loadMessages(locale)).filter(([, v]) => typeof v !== "string" || v.trim() === "");
    expect(empty.map(([k]) => k)).toEqual([]);
  });

  it("uses the same placeholders in both languages", async () => {
    const placeholders = (s: unknown) => new Set(String(s).match(/\{(\w+)(?=[,}])/g) ?? []);
    const enLeaves = new Map(leaves(await loadMessages("en")));
    for (const [key, value] of leaves(await loadMessages("es"))) {
      expect([...placeholders(enLeaves.get(key))].sort(), key).toEqual([...placeholders(value)].sort());
    }
  });

  it.each([
    ["es", "Simulado (outbox)"],
    ["en", "Simulated (outbox)"],
  ] as const)("%s: names a message's simulated (outbox) state with one wording on every screen", async (locale, wording) => {
    const messages = new Map(leaves(await loadMessages(locale)));
    // The badge on a visit's timeline and the message log, the log's detail, the chart's history, a
    // document's messages and Settings' provider list.
    const keys = ["appointments.outbox", "messageLog.detail.outbox", "patients.chart.simulated", "documents.simulated"];
    for (const key of keys) expect(messages.get(key), key).toBe(wording);
    const settings = [...messages].filter(([key]) => key.startsWith("settings.") && key.endsWith(".values.outbox"));
    expect(settings.length).toBe(1);
    expect(settings[0][1]).toBe(wording);
  });
});
