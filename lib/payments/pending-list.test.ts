import { describe, expect, it } from "vitest";
import { pendingChargesCsv, PENDING_CSV_COLUMNS } from "./export-csv";
import { clinicToday, formatDueDate } from "./labels";
import { parsePendingParams, pendingSearchParams } from "./pending-params";
import type { PendingChargeRow } from "./balances";
import { eventLabelKey, PAYMENT_EVENT_TYPES } from "./history";
import es from "@/messages/es/payments.json";
import en from "@/messages/en/payments.json";

describe("parsePendingParams", () => {
  it("keeps valid filters, drops and names the rest, and refuses a range the wrong way round", () => {
    expect(parsePendingParams(new URLSearchParams("state=overdue&currency=USD&dueFrom=2026-12-01"))).toEqual({
      filters: { state: "overdue", currency: "USD", dueFrom: "2026-12-01" },
      invalid: [],
    });
    expect(parsePendingParams({ state: "lost", currency: "EUR", dueTo: "2026-02-30" })).toEqual({
      filters: {},
      invalid: ["state", "currency", "dueTo"],
    });
    expect(parsePendingParams({ dueFrom: "2026-12-10", dueTo: "2026-12-01" })).toEqual({ filters: {}, invalid: ["dueFrom", "dueTo"] });
    expect(pendingSearchParams({ state: "pending", currency: "MXN" }).toString()).toBe("state=pending&currency=MXN");
  });
});

describe("clinicToday and formatDueDate", () => {
  it("takes the clinic's calendar day, and shows a due date without shifting it by the zone", () => {
    // 05:30 UTC on Dec 1 is still Nov 30 in Mexico City.
    expect(clinicToday(new Date("2026-12-01T05:30:00Z"), "America/Mexico_City")).toBe("2026-11-30");
    expect(clinicToday(new Date("2026-12-01T06:30:00Z"), "America/Mexico_City")).toBe("2026-12-01");
    expect(formatDueDate("2026-12-01", "en")).toBe("Dec 1, 2026");
    expect(formatDueDate("2026-12-01", "es")).toMatch(/^1 dic 2026$/);
  });
});

describe("pendingChargesCsv", () => {
  it("writes plain amounts beside the currency, the visit on the clinic's clock, and neutralizes formulas", () => {
    const row = {
      id: "c1",
      patientFirstName: "=María",
      patientLastName: "Hernández",
      doctorName: "Dr. García",
      concept: "Consulta",
      currency: "MXN",
      amountMinor: 85_000,
      collectedMinor: 35_000,
      balanceMinor: 50_000,
      dueDate: "2026-12-01",
      state: "partially_paid",
      visitStartsAt: new Date("2026-11-26T16:00:00Z"),
    } as PendingChargeRow;
    const csv = pendingChargesCsv({
      rows: [row],
      timeZone: "America/Mexico_City",
      locale: "es",
      headers: Object.fromEntries(PENDING_CSV_COLUMNS.map((c) => [c, c.toUpperCase()])) as Record<
        (typeof PENDING_CSV_COLUMNS)[number],
        string
      >,
      stateLabel: (s) => `state:${s}`,
    });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "PATIENT,VISIT,DOCTOR,CONCEPT,CURRENCY,AMOUNT,COLLECTED,BALANCE,DUEDATE,STATE,CHARGEID",
      "'=María Hernández,2026-11-26 10:00,Dr. García,Consulta,MXN,850.00,350.00,500.00,2026-12-01,state:partially_paid,c1",
      "",
    ]);
  });
});

describe("history labels", () => {
  it("has a label in es and en for every event type, under a key next-intl can reach (no dots)", () => {
    for (const type of PAYMENT_EVENT_TYPES) {
      const key = eventLabelKey(type) as keyof typeof es.payments.events;
      expect(key).not.toContain(".");
      expect(es.payments.events[key], `es ${type}`).toEqual(expect.any(String));
      expect(en.payments.events[key], `en ${type}`).toEqual(expect.any(String));
    }
  });
});
