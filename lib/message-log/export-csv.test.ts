import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import type { Database } from "@/db/client";
import type { Locale } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { loadMessages } from "@/messages/load";
import { CSV_COLUMNS, neutralizeFormula, streamLogCsv } from "./export-csv";
import { buildLogLabels } from "./labels";
import type { LogFilters, LogSort } from "./schemas";
import { insertLogDelivery } from "./testing";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** The export's words in a locale, from the real message files. */
async function words(locale: Locale) {
  const messages = await loadMessages(locale);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = (namespace: string) => createTranslator({ locale, messages, namespace } as any) as any;
  const tl = t("messageLog");
  return {
    labels: buildLogLabels(t("appointments"), tl),
    headers: Object.fromEntries(CSV_COLUMNS.map((c) => [c, tl(`csv.${c}`)])) as Record<(typeof CSV_COLUMNS)[number], string>,
    yes: tl("csv.yes") as string,
    no: tl("csv.no") as string,
  };
}

async function exportCsv(params: { clinicId: string; filters?: LogFilters; sort?: LogSort; locale?: Locale; batchSize?: number }) {
  const stream = streamLogCsv(database.db, {
    clinicId: params.clinicId,
    timeZone: "America/Mexico_City",
    filters: params.filters ?? {},
    sort: params.sort ?? "time.asc",
    batchSize: params.batchSize,
    ...(await words(params.locale ?? "es")),
  });
  const chunks: string[] = [];
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(decoder.decode(chunk, { stream: true }));
  return { text: chunks.join(""), chunks: chunks.length };
}

async function scenario() {
  const { clinicA, clinicB } = await createTwoClinics(database.db);
  const tricky = await createPatient(database.db, { clinicId: clinicA.id, firstName: 'Ana, "La Güera"\nSegunda', phone: "+525533334444" });
  const formula = await createPatient(database.db, { clinicId: clinicA.id, firstName: '=HYPERLINK("http://x")', phone: "+525566667777" });
  const other = await createPatient(database.db, { clinicId: clinicB.id, firstName: "Intrusa", phone: "+525599990000" });
  for (let i = 0; i < 5; i++) {
    await insertLogDelivery(database.db, {
      clinicId: clinicA.id,
      patientId: i % 2 ? formula.id : tricky.id,
      sendAt: new Date(Date.UTC(2026, 2, 10 + i, 16)),
      channel: i < 3 ? "sms" : "whatsapp",
      status: i === 0 ? "failed" : "delivered",
      errorCode: i === 0 ? "30005" : null,
      simulated: i === 4,
    });
  }
  await insertLogDelivery(database.db, {
    clinicId: clinicB.id,
    patientId: other.id,
    sendAt: new Date(Date.UTC(2026, 2, 11, 16)),
    channel: "sms",
  });
  return { clinicA, clinicB };
}

describe("streamLogCsv", () => {
  it("writes a BOM, localized headers, RFC 4180 quoting, masked phones, and only the clinic's rows", async () => {
    const s = await scenario();
    const { text } = await exportCsv({ clinicId: s.clinicA.id });
    expect(
      text.startsWith(
        "\uFEFFFecha y hora,Zona horaria,Paciente,Teléfono,Tipo,Canal,Estado,Motivo,Intentos,Simulado,ID del proveedor,ID del mensaje,Asunto,Texto enviado\r\n",
      ),
    ).toBe(true);
    // The comma, the quotes and the line break stay inside one quoted cell.
    expect(text).toContain('"Ana, ""La Güera""\nSegunda"');
    // A formula is neutralized (and quoted, because of its own quotes).
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain("•••• 4444");
    expect(text).not.toContain("5533334444");
    expect(text).not.toContain("Intrusa");
    const first = text.split("\r\n")[1];
    expect(first).toContain("2026-03-10 10:00,America/Mexico_City");
    expect(first).toContain(",SMS,Falló,");
    expect(first).toMatch(/no se pudo alcanzar al paciente por este canal \(30005\)/);
    // Header + 5 rows + the empty string after the last CRLF (a cell's own \n is not a record break).
    expect(text.split("\r\n")).toHaveLength(7);
  });

  it("pages through the filter in batches, every row once, in the view's order", async () => {
    const s = await scenario();
    const all = await exportCsv({ clinicId: s.clinicA.id, batchSize: 2, sort: "time.desc" });
    const once = await exportCsv({ clinicId: s.clinicA.id, batchSize: 1000, sort: "time.desc" });
    expect(all.text).toBe(once.text);
    expect(all.chunks).toBeGreaterThan(once.chunks);
    const dates = [...all.text.matchAll(/2026-03-(\d\d) 10:00/g)].map((m) => m[1]);
    expect(dates).toEqual(["14", "13", "12", "11", "10"]);

    const sms = await exportCsv({ clinicId: s.clinicA.id, filters: { channel: "sms" } });
    expect(sms.text.split("\r\n").filter((line) => /,SMS,/.test(line))).toHaveLength(3);
    expect(sms.text).not.toContain("WhatsApp");
  });

  it("exports the log's view: what went out, what is still to go, or every row", async () => {
    const s = await scenario();
    const patient = await createPatient(database.db, { clinicId: s.clinicA.id, firstName: "Próxima", phone: "+525512121212" });
    for (const status of ["scheduled", "cancelled"] as const) {
      await insertLogDelivery(database.db, {
        clinicId: s.clinicA.id,
        patientId: patient.id,
        sendAt: new Date(Date.UTC(2026, 2, 20, 16)),
        status,
        attempts: 0,
      });
    }
    const body = (text: string) => text.split("\r\n").slice(1).filter(Boolean);
    const sent = body((await exportCsv({ clinicId: s.clinicA.id, filters: { view: "sent" } })).text);
    expect(sent).toHaveLength(5);
    expect(sent.join("\n")).not.toMatch(/Programado|Cancelado|Próxima/);
    const upcoming = body((await exportCsv({ clinicId: s.clinicA.id, filters: { view: "upcoming" } })).text);
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]).toContain("Próxima");
    expect(upcoming[0]).toContain(",Programado,");
    expect(body((await exportCsv({ clinicId: s.clinicA.id, filters: { view: "all" } })).text)).toHaveLength(7);
  });

  it("speaks English when asked", async () => {
    const s = await scenario();
    const { text } = await exportCsv({ clinicId: s.clinicA.id, locale: "en", filters: { status: "failed" } });
    expect(text.split("\r\n")[0]).toBe(
      "\uFEFFDate and time,Time zone,Patient,Phone,Type,Channel,Status,Reason,Attempts,Simulated,Provider ID,Message ID,Subject,Text sent",
    );
    expect(text).toContain(",SMS,Failed,");
  });

  it("neutralizes anything a spreadsheet would run", () => {
    expect(["=1+1", "+52", "-x", "@SUM", "\tx", "María"].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+52",
      "'-x",
      "'@SUM",
      "'\tx",
      "María",
    ]);
  });
});

describe("log words", () => {
  it("name every notification type of the registry in both languages", async () => {
    const { NOTIFICATION_TYPES } = await import("@/lib/notifications/registry");
    for (const locale of ["es", "en"] as const) {
      const { labels } = await words(locale);
      for (const type of NOTIFICATION_TYPES) expect(labels.type(type), `${locale} ${type}`).not.toBe(type);
    }
  });
});
