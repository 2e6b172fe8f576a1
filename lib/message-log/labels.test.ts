import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { loadMessages } from "@/messages/load";
import { buildLogLabels } from "./labels";

async function labelsIn(locale: "es" | "en") {
  const messages = await loadMessages(locale);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = (namespace: string) => createTranslator({ locale, messages, namespace } as any) as any;
  return buildLogLabels(t("appointments"), t("messageLog"));
}

describe("the log's reason for a cancelled message", () => {
  it.each([
    ["es", "la cita se canceló", "la cita cambió", "la clínica cambió sus ajustes de mensajes"],
    ["en", "the appointment was cancelled", "the appointment changed", "the clinic changed its message settings"],
  ] as const)("%s: a cancellation, a move and a settings re-plan each say what happened", async (locale, cancelled, changed, settings) => {
    const labels = await labelsIn(locale);
    expect(labels.reason("whatsapp", "appointment_cancelled")).toBe(cancelled);
    expect(labels.reason("whatsapp", "appointment_changed")).toBe(changed);
    expect(labels.reason("sms", "settings_changed")).toBe(settings);
  });
});
