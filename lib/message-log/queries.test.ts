import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { listMessageLog, selectLogRows, type LogRow } from "./queries";
import { DEFAULT_LOG_SORT, parseLogParams, type LogParams } from "./schemas";
import { insertLogDelivery } from "./testing";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const MX = "America/Mexico_City";
const at = (iso: string) => new Date(iso);
const log = (params: Partial<LogParams> = {}): LogParams => ({ sort: DEFAULT_LOG_SORT, ...params });

/** Two clinics; clinic A has two patients and a spread of deliveries, clinic B one look-alike. */
async function scenario() {
  const { clinicA, clinicB, ctxA, ctxB } = await createTwoClinics(database.db);
  const maria = await createPatient(database.db, { clinicId: clinicA.id, firstName: "María", lastName: "Hernández", phone: "+525511115678" });
  const john = await createPatient(database.db, { clinicId: clinicA.id, firstName: "John", lastName: "Smith", phone: "+525522224321" });
  const other = await createPatient(database.db, { clinicId: clinicB.id, firstName: "María", lastName: "Hernández", phone: "+525511115678" });
  const d = (patientId: string, sendAt: string, extra: Parameters<typeof insertLogDelivery>[1] extends infer P ? Partial<P> : never = {}) =>
    insertLogDelivery(database.db, { clinicId: clinicA.id, patientId, sendAt: at(sendAt), ...extra });
  const rows = {
    // 2026-03-10 23:30 in Mexico City is already the 11th in UTC: the date filter must use the clinic's day.
    lateEvening: await d(maria.id, "2026-03-11T05:30:00Z", { channel: "whatsapp", status: "read" }),
    smsFailed: await d(maria.id, "2026-03-12T16:00:00Z", { channel: "sms", status: "failed", errorCode: "30005", attempts: 3 }),
    email: await d(john.id, "2026-03-13T16:00:00Z", { channel: "email", status: "delivered", notificationType: "booking_confirmation", templateKey: "booking_confirmation.in_person.en" }),
    optOut: await d(john.id, "2026-03-14T16:00:00Z", {
      channel: "sms",
      status: "sent",
      notificationType: "opt_out_confirmation",
      templateKey: "opt_out_confirmation.en",
      appointmentId: null,
    }),
  };
  const foreign = await insertLogDelivery(database.db, { clinicId: clinicB.id, patientId: other.id, sendAt: at("2026-03-12T16:00:00Z"), channel: "sms", status: "failed" });
  return { clinicA, clinicB, ctxA, ctxB, maria, john, rows, foreign };
}

const ids = (rows: LogRow[]) => rows.map((r) => r.id);

describe("listMessageLog", () => {
  it("lists a clinic's deliveries newest first, with first name and the last four digits only, never another clinic's", async () => {
    const s = await scenario();
    const page = await listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log() });
    expect(ids(page.rows)).toEqual([s.rows.optOut.id, s.rows.email.id, s.rows.smsFailed.id, s.rows.lateEvening.id]);
    expect(page.total).toEqual({ count: 4, capped: false });
    expect(page.rows[2]).toMatchObject({ patientFirstName: "María", patientPhoneLast4: "5678", status: "failed", errorCode: "30005", attempts: 3 });
    expect(JSON.stringify(page.rows)).not.toContain("+525511115678");
    expect(JSON.stringify(page.rows)).not.toContain("Hernández");
    // The opt-out confirmation is about no visit and is still in the log.
    expect(page.rows[0]).toMatchObject({ notificationType: "opt_out_confirmation", appointmentId: null });

    const pageB = await listMessageLog(database.db, { clinicId: s.clinicB.id, timeZone: MX, log: log() });
    expect(ids(pageB.rows)).toEqual([s.foreign.id]);
  });

  it("filters by channel, status and type, alone and together", async () => {
    const s = await scenario();
    const list = (p: Partial<LogParams>) => listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log(p) }).then((r) => ids(r.rows));
    expect(await list({ channel: "sms" })).toEqual([s.rows.optOut.id, s.rows.smsFailed.id]);
    expect(await list({ status: "failed" })).toEqual([s.rows.smsFailed.id]);
    expect(await list({ channel: "sms", status: "sent" })).toEqual([s.rows.optOut.id]);
    expect(await list({ type: "booking_confirmation" })).toEqual([s.rows.email.id]);
    expect(await list({ type: "opt_out_confirmation", channel: "sms" })).toEqual([s.rows.optOut.id]);
    expect(await list({ channel: "email", status: "failed" })).toEqual([]);
  });

  it("filters by patient name (any part, any case) or phone digits, within the clinic", async () => {
    const s = await scenario();
    const list = (patient: string) => listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log({ patient }) }).then((r) => ids(r.rows));
    expect(await list("maría")).toEqual([s.rows.smsFailed.id, s.rows.lateEvening.id]);
    expect(await list("Hernández")).toEqual([s.rows.smsFailed.id, s.rows.lateEvening.id]);
    expect(await list("john smith")).toEqual([s.rows.optOut.id, s.rows.email.id]);
    expect(await list("4321")).toEqual([s.rows.optOut.id, s.rows.email.id]);
    expect(await list("55 2222")).toEqual([s.rows.optOut.id, s.rows.email.id]);
    // LIKE wildcards are text, not patterns.
    expect(await list("%_")).toEqual([]);
    // Clinic B's María has the same number: clinic B sees only its own delivery.
    const b = await listMessageLog(database.db, { clinicId: s.clinicB.id, timeZone: MX, log: log({ patient: "5678" }) });
    expect(ids(b.rows)).toEqual([s.foreign.id]);
  });

  it("filters a date range by the clinic's calendar days, both ends inclusive", async () => {
    const s = await scenario();
    const list = (from?: string, to?: string, timeZone = MX) =>
      listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone, log: log({ from, to }) }).then((r) => ids(r.rows));
    // 05:30 UTC on the 11th is 23:30 on the 10th in Mexico City.
    expect(await list("2026-03-10", "2026-03-10")).toEqual([s.rows.lateEvening.id]);
    expect(await list("2026-03-11", "2026-03-12")).toEqual([s.rows.smsFailed.id]);
    expect(await list("2026-03-13")).toEqual([s.rows.optOut.id, s.rows.email.id]);
    expect(await list(undefined, "2026-03-12")).toEqual([s.rows.smsFailed.id, s.rows.lateEvening.id]);
    // In UTC the same instant is on the 11th.
    expect(await list("2026-03-11", "2026-03-11", "UTC")).toEqual([s.rows.lateEvening.id]);
  });

  it("sorts by time ascending and by attempts, ties broken by time and id", async () => {
    const s = await scenario();
    const list = (sort: LogParams["sort"]) => listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log({ sort }) }).then((r) => ids(r.rows));
    expect(await list("time.asc")).toEqual([s.rows.lateEvening.id, s.rows.smsFailed.id, s.rows.email.id, s.rows.optOut.id]);
    expect(await list("attempts.desc")).toEqual([s.rows.smsFailed.id, s.rows.optOut.id, s.rows.email.id, s.rows.lateEvening.id]);
    expect(await list("attempts.asc")).toEqual([s.rows.lateEvening.id, s.rows.email.id, s.rows.optOut.id, s.rows.smsFailed.id]);
  });
});

describe("keyset pagination", () => {
  /** 23 rows where many share one send_at (to the microsecond) and attempts vary: ties everywhere. */
  async function crowded() {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const otherPatient = await createPatient(database.db, { clinicId: clinicB.id });
    const times = ["2026-04-01T10:00:00.000Z", "2026-04-01T10:00:00.000Z", "2026-04-01T10:00:00.000Z", "2026-04-02T10:00:00.000Z"];
    for (let i = 0; i < 23; i++) {
      await insertLogDelivery(database.db, { clinicId: clinicA.id, patientId: patient.id, sendAt: at(times[i % times.length]), attempts: i % 3 });
      if (i % 5 === 0) await insertLogDelivery(database.db, { clinicId: clinicB.id, patientId: otherPatient.id, sendAt: at(times[0]) });
    }
    // Two rows a microsecond apart: a JS Date cannot tell them apart, the cursor must.
    const { sql } = await import("drizzle-orm");
    await database.db.execute(sql`
      update deliveries set send_at = send_at + interval '1 microsecond'
      where id in (select id from deliveries where clinic_id = ${clinicA.id} order by id limit 2)`);
    return { clinicA };
  }

  for (const sort of ["time.desc", "time.asc", "attempts.desc", "attempts.asc"] as const) {
    it(`walks every row exactly once forwards and back (${sort}), in the one total order`, async () => {
      const { clinicA } = await crowded();
      const everything = await selectLogRows(database.db, { clinicId: clinicA.id, timeZone: MX, filters: {}, sort, limit: 1000 });
      expect(everything).toHaveLength(23);

      const seen: LogRow[][] = [];
      const cursors: (string | null)[] = [];
      let after: string | null = null;
      do {
        const parsed = parseLogParams({ sort, ...(after ? { after } : {}) });
        expect(parsed.invalid).toEqual([]);
        const page = await listMessageLog(database.db, { clinicId: clinicA.id, timeZone: MX, log: parsed.params, pageSize: 5 });
        seen.push(page.rows);
        cursors.push(page.prevCursor);
        after = page.nextCursor;
      } while (after);
      expect(seen.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(seen.flat().map((r) => r.id)).toEqual(ids(everything));
      expect(cursors[0]).toBeNull();

      // Back from the last page with `before`: the same pages, in reverse.
      for (let i = seen.length - 1; i > 0; i--) {
        const parsed = parseLogParams({ sort, before: cursors[i]! });
        const page = await listMessageLog(database.db, { clinicId: clinicA.id, timeZone: MX, log: parsed.params, pageSize: 5 });
        expect(ids(page.rows)).toEqual(ids(seen[i - 1]));
        if (i === 1) expect(page.prevCursor).toBeNull();
      }
    });
  }

  it("counts up to the cap and says when there are more", async () => {
    const { clinicA } = await crowded();
    const page = await listMessageLog(database.db, { clinicId: clinicA.id, timeZone: MX, log: log(), pageSize: 5, countCap: 10 });
    expect(page.total).toEqual({ count: 10, capped: true });
    const exact = await listMessageLog(database.db, { clinicId: clinicA.id, timeZone: MX, log: log(), pageSize: 5, countCap: 23 });
    expect(exact.total).toEqual({ count: 23, capped: false });
  });
});

describe("parseLogParams", () => {
  it("keeps what is valid and names what it ignored", () => {
    const parsed = parseLogParams({
      channel: "sms",
      status: "nope",
      type: "reminder",
      patient: "x",
      from: "2026-02-30",
      to: "2026-03-05",
      sort: "attempts.sideways",
      after: "DROP TABLE",
    });
    expect(parsed.params).toEqual({ channel: "sms", type: "reminder", to: "2026-03-05", sort: "time.desc" });
    expect(parsed.invalid.sort()).toEqual(["after", "from", "patient", "sort", "status"]);
  });

  it("drops a reversed range, a cursor of the other sort, and takes the first of repeated values", () => {
    const id = "0b6e4c1e-8d51-4a51-9b2a-2f1f3c9d0a11";
    expect(parseLogParams({ from: "2026-03-05", to: "2026-03-01" })).toEqual({ params: { sort: "time.desc" }, invalid: ["from", "to"] });
    expect(parseLogParams({ sort: "attempts.desc", after: `2026-03-05T10:00:00.123456Z_${id}` }).invalid).toEqual(["after"]);
    expect(parseLogParams({ after: `2_2026-03-05T10:00:00Z_${id}` }).invalid).toEqual(["after"]);
    expect(parseLogParams({ sort: "attempts.desc", after: `2_2026-03-05T10:00:00Z_${id}` }).params.after).toEqual({
      attempts: 2,
      time: "2026-03-05T10:00:00Z",
      id,
    });
    expect(parseLogParams(new URLSearchParams("channel=email&channel=sms&status=")).params).toEqual({ channel: "email", sort: "time.desc" });
  });
});
