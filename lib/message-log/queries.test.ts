import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createTwoClinics } from "@/db/testing/factories";
import { listMessageLog, selectLogRows, type LogRow } from "./queries";
import { DEFAULT_LOG_SORT, logSearchParams, parseLogParams, type LogParams } from "./schemas";
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
  const maria = await createPatient(database.db, {
    clinicId: clinicA.id,
    firstName: "María",
    lastName: "Hernández",
    phone: "+525511115678",
  });
  const john = await createPatient(database.db, { clinicId: clinicA.id, firstName: "John", lastName: "Smith", phone: "+525522224321" });
  const other = await createPatient(database.db, {
    clinicId: clinicB.id,
    firstName: "María",
    lastName: "Hernández",
    phone: "+525511115678",
  });
  const d = (patientId: string, sendAt: string, extra: Parameters<typeof insertLogDelivery>[1] extends infer P ? Partial<P> : never = {}) =>
    insertLogDelivery(database.db, { clinicId: clinicA.id, patientId, sendAt: at(sendAt), ...extra });
  const rows = {
    // 2026-03-10 23:30 in Mexico City is already the 11th in UTC: the date filter must use the clinic's day.
    lateEvening: await d(maria.id, "2026-03-11T05:30:00Z", { channel: "whatsapp", status: "read" }),
    smsFailed: await d(maria.id, "2026-03-12T16:00:00Z", { channel: "sms", status: "failed", errorCode: "30005", attempts: 3 }),
    email: await d(john.id, "2026-03-13T16:00:00Z", {
      channel: "email",
      status: "delivered",
      notificationType: "booking_confirmation",
      templateKey: "booking_confirmation.in_person.en",
    }),
    optOut: await d(john.id, "2026-03-14T16:00:00Z", {
      channel: "sms",
      status: "sent",
      notificationType: "opt_out_confirmation",
      templateKey: "opt_out_confirmation.en",
      appointmentId: null,
    }),
  };
  const foreign = await insertLogDelivery(database.db, {
    clinicId: clinicB.id,
    patientId: other.id,
    sendAt: at("2026-03-12T16:00:00Z"),
    channel: "sms",
    status: "failed",
  });
  return { clinicA, clinicB, ctxA, ctxB, maria, john, rows, foreign };
}

const ids = (rows: LogRow[]) => rows.map((r) => r.id);

describe("listMessageLog", () => {
  it("lists a clinic's deliveries newest first, with first name and the last four digits only, never another clinic's", async () => {
    const s = await scenario();
    const page = await listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log() });
    expect(ids(page.rows)).toEqual([s.rows.optOut.id, s.rows.email.id, s.rows.smsFailed.id, s.rows.lateEvening.id]);
    expect(page.total).toEqual({ count: 4, capped: false });
    expect(page.rows[2]).toMatchObject({
      patientFirstName: "María",
      patientPhoneLast4: "5678",
      status: "failed",
      errorCode: "30005",
      attempts: 3,
    });
    expect(JSON.stringify(page.rows)).not.toContain("+525511115678");
    expect(JSON.stringify(page.rows)).not.toContain("Hernández");
    // The opt-out confirmation is about no visit and is still in the log.
    expect(page.rows[0]).toMatchObject({ notificationType: "opt_out_confirmation", appointmentId: null });

    const pageB = await listMessageLog(database.db, { clinicId: s.clinicB.id, timeZone: MX, log: log() });
    expect(ids(pageB.rows)).toEqual([s.foreign.id]);
  });

  it("filters by channel, status and type, alone and together", async () => {
    const s = await scenario();
    const list = (p: Partial<LogParams>) =>
      listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log(p) }).then((r) => ids(r.rows));
    expect(await list({ channel: "sms" })).toEqual([s.rows.optOut.id, s.rows.smsFailed.id]);
    expect(await list({ status: "failed" })).toEqual([s.rows.smsFailed.id]);
    expect(await list({ channel: "sms", status: "sent" })).toEqual([s.rows.optOut.id]);
    expect(await list({ type: "booking_confirmation" })).toEqual([s.rows.email.id]);
    expect(await list({ type: "opt_out_confirmation", channel: "sms" })).toEqual([s.rows.optOut.id]);
    expect(await list({ channel: "email", status: "failed" })).toEqual([]);
  });

  it("filters by patient name (any part, any case) or phone digits, within the clinic", async () => {
    const s = await scenario();
    const list = (patient: string) =>
      listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log({ patient }) }).then((r) => ids(r.rows));
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
    const list = (sort: LogParams["sort"]) =>
      listMessageLog(database.db, { clinicId: s.clinicA.id, timeZone: MX, log: log({ sort }) }).then((r) => ids(r.rows));
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
      await insertLogDelivery(database.db, {
        clinicId: clinicA.id,
        patientId: patient.id,
        sendAt: at(times[i % times.length]),
        attempts: i % 3,
      });
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
    expect(parsed.params).toEqual({ view: "sent", channel: "sms", type: "reminder", to: "2026-03-05", sort: "time.desc" });
    expect(parsed.invalid.sort()).toEqual(["after", "from", "patient", "sort", "status"]);
  });

  it("drops a reversed range, a cursor of the other sort, and takes the first of repeated values", () => {
    const id = "0b6e4c1e-8d51-4a51-9b2a-2f1f3c9d0a11";
    expect(parseLogParams({ from: "2026-03-05", to: "2026-03-01" })).toEqual({
      params: { view: "sent", sort: "time.desc" },
      invalid: ["from", "to"],
    });
    expect(parseLogParams({ sort: "attempts.desc", after: `2026-03-05T10:00:00.123456Z_${id}` }).invalid).toEqual(["after"]);
    expect(parseLogParams({ after: `2_2026-03-05T10:00:00Z_${id}` }).invalid).toEqual(["after"]);
    expect(parseLogParams({ sort: "attempts.desc", after: `2_2026-03-05T10:00:00Z_${id}` }).params.after).toEqual({
      attempts: 2,
      time: "2026-03-05T10:00:00Z",
      id,
    });
    expect(parseLogParams(new URLSearchParams("channel=email&channel=sms&status=")).params).toEqual({
      view: "sent",
      channel: "email",
      sort: "time.desc",
    });
  });
});

describe("views", () => {
  /**
   * Two clinics. Clinic A: what went out (read, failed, skipped) in the past, what is still to go
   * (scheduled, one held by quiet hours) in the coming days, and a cancelled reminder; clinic B has one
   * of each kind on the same days, which clinic A must never see.
   */
  async function timeline() {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const otherPatient = await createPatient(database.db, { clinicId: clinicB.id });
    const d = (sendAt: string, extra: Partial<Parameters<typeof insertLogDelivery>[1]>) =>
      insertLogDelivery(database.db, { clinicId: clinicA.id, patientId: patient.id, sendAt: at(sendAt), ...extra });
    const rows = {
      read: await d("2026-05-01T16:00:00Z", { status: "read" }),
      failed: await d("2026-05-02T16:00:00Z", { channel: "sms", status: "failed", errorCode: "30005", attempts: 3 }),
      skipped: await d("2026-05-03T16:00:00Z", { status: "skipped", errorCode: "opted_out", attempts: 0 }),
      cancelled: await d("2026-05-09T16:00:00Z", { status: "cancelled", attempts: 0 }),
      held: await d("2026-05-04T04:00:00Z", {
        status: "scheduled",
        errorCode: "quiet_hours",
        nextAttemptAt: at("2026-05-04T14:00:00Z"),
        attempts: 0,
      }),
      later: await d("2026-05-08T16:00:00Z", { status: "scheduled", attempts: 0 }),
      soon: await d("2026-05-05T16:00:00Z", { status: "scheduled", channel: "sms", attempts: 0 }),
    };
    for (const status of ["delivered", "scheduled", "cancelled"] as const) {
      await insertLogDelivery(database.db, {
        clinicId: clinicB.id,
        patientId: otherPatient.id,
        sendAt: at("2026-05-06T16:00:00Z"),
        status,
      });
    }
    return { clinicA, clinicB, rows };
  }

  const open = (clinicId: string, raw: Record<string, string>, pageSize?: number) => {
    const parsed = parseLogParams(raw);
    expect(parsed.invalid).toEqual([]);
    return listMessageLog(database.db, { clinicId, timeZone: MX, log: parsed.params, pageSize });
  };

  it("opens on what went out and what failed, newest first; what is still to go, soonest first, is its own view", async () => {
    const { clinicA, clinicB, rows } = await timeline();
    const sent = await open(clinicA.id, {});
    expect(ids(sent.rows)).toEqual([rows.skipped.id, rows.failed.id, rows.read.id]);
    expect(sent.total).toEqual({ count: 3, capped: false });

    const upcoming = await open(clinicA.id, { view: "upcoming" });
    // The held row waits for the end of quiet hours and is still to go: it is upcoming, by its send_at.
    expect(ids(upcoming.rows)).toEqual([rows.held.id, rows.soon.id, rows.later.id]);
    expect(upcoming.total.count).toBe(3);

    const all = await open(clinicA.id, { view: "all" });
    expect(all.rows).toHaveLength(7);
    expect(all.rows[0].id).toBe(rows.cancelled.id);

    // Clinic B sees its own rows only, view by view.
    expect((await open(clinicB.id, {})).rows.map((r) => r.status)).toEqual(["delivered"]);
    expect((await open(clinicB.id, { view: "upcoming" })).rows.map((r) => r.status)).toEqual(["scheduled"]);
    expect((await open(clinicB.id, { view: "all" })).total.count).toBe(3);
  });

  it("filters within the view: channel, and a status of the view's own", async () => {
    const { clinicA, rows } = await timeline();
    expect(ids((await open(clinicA.id, { channel: "sms" })).rows)).toEqual([rows.failed.id]);
    expect(ids((await open(clinicA.id, { view: "upcoming", channel: "sms" })).rows)).toEqual([rows.soon.id]);
    expect(ids((await open(clinicA.id, { status: "skipped" })).rows)).toEqual([rows.skipped.id]);
    expect(ids((await open(clinicA.id, { view: "all", status: "cancelled" })).rows)).toEqual([rows.cancelled.id]);
  });

  it("pages by keyset inside a view, forwards and back, in the view's order", async () => {
    const { clinicA, rows } = await timeline();
    for (const [raw, expected] of [
      [{}, [rows.skipped.id, rows.failed.id, rows.read.id]],
      [{ view: "upcoming" }, [rows.held.id, rows.soon.id, rows.later.id]],
    ] as const) {
      const first = await open(clinicA.id, raw, 2);
      expect(ids(first.rows)).toEqual(expected.slice(0, 2));
      const second = await open(clinicA.id, { ...raw, after: first.nextCursor! }, 2);
      expect(ids(second.rows)).toEqual(expected.slice(2));
      expect(second.nextCursor).toBeNull();
      const back = await open(clinicA.id, { ...raw, before: second.prevCursor! }, 2);
      expect(ids(back.rows)).toEqual(expected.slice(0, 2));
    }
  });
});

describe("parseLogParams and views", () => {
  it("reads the view, defaults to what was sent, and orders upcoming messages soonest first", () => {
    expect(parseLogParams({}).params).toEqual({ view: "sent", sort: "time.desc" });
    expect(parseLogParams({ view: "upcoming" }).params).toEqual({ view: "upcoming", sort: "time.asc" });
    expect(parseLogParams({ view: "all" }).params).toEqual({ view: "all", sort: "time.desc" });
    expect(parseLogParams({ view: "later" })).toEqual({ params: { view: "sent", sort: "time.desc" }, invalid: ["view"] });
  });

  it("opens an old link's status in the view that has it; drops a status the chosen view does not show", () => {
    expect(parseLogParams({ status: "scheduled" }).params).toEqual({ view: "upcoming", status: "scheduled", sort: "time.asc" });
    expect(parseLogParams({ status: "cancelled" }).params).toEqual({ view: "all", status: "cancelled", sort: "time.desc" });
    expect(parseLogParams({ status: "failed" }).params).toEqual({ view: "sent", status: "failed", sort: "time.desc" });
    expect(parseLogParams({ view: "upcoming", status: "failed" })).toEqual({
      params: { view: "upcoming", sort: "time.asc" },
      invalid: ["status"],
    });
    expect(parseLogParams({ view: "sent", status: "scheduled" }).invalid).toEqual(["status"]);
  });

  it("writes a view's URL without its defaults, and reads it back the same", () => {
    for (const params of [
      { view: "sent", sort: "time.desc" },
      { view: "upcoming", sort: "time.asc", channel: "sms" },
      { view: "upcoming", sort: "time.desc" },
      { view: "all", sort: "attempts.desc", status: "cancelled" },
    ] as const) {
      const query = logSearchParams(params);
      expect(parseLogParams(query).params).toEqual(params);
    }
    expect(logSearchParams({ view: "sent", sort: "time.desc" }).toString()).toBe("");
    expect(logSearchParams({ view: "upcoming", sort: "time.asc" }).toString()).toBe("view=upcoming");
  });
});
