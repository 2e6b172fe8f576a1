import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, waitlistEntries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics, staffContext } from "@/db/testing/factories";
import { addWaitlistEntry, getWaitlistEntry, listWaitlist, removeWaitlistEntry, updateWaitlistEntry } from "./entries";
import { DEFAULT_WAITLIST_SETTINGS, getWaitlistSettings, saveWaitlistSettings } from "./settings";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");

async function setup() {
  const two = await createTwoClinics(database.db);
  const doctorA = await createStaff(database.db, { clinicId: two.clinicA.id, role: "doctor", name: "Dra. López", title: "dra" });
  const doctorB = await createStaff(database.db, { clinicId: two.clinicB.id, role: "doctor" });
  const patientA = await createPatient(database.db, { clinicId: two.clinicA.id, firstName: "Ana" });
  const patientA2 = await createPatient(database.db, { clinicId: two.clinicA.id, firstName: "Luis" });
  const patientB = await createPatient(database.db, { clinicId: two.clinicB.id });
  return { ...two, doctorA, doctorB, patientA, patientA2, patientB };
}

describe("waitlist entries", () => {
  it("add an entry with a doctor, days, a window and an expiry; list it for its clinic only, earliest first", async () => {
    const s = await setup();
    const first = await addWaitlistEntry(database.db, s.ctxA, {
      input: {
        patientId: s.patientA.id,
        doctorId: s.doctorA.id,
        kind: "in_person",
        weekdays: "4,2,4",
        fromTime: "09:00",
        toTime: "13:00",
        expiresOn: "2026-12-31",
        notes: "Prefiere temprano",
      },
      now: NOW,
    });
    if (!first.ok) throw new Error(JSON.stringify(first));
    const second = await addWaitlistEntry(database.db, s.ctxA, {
      input: { patientId: s.patientA2.id },
      now: new Date(NOW.getTime() + 60_000),
    });
    if (!second.ok) throw new Error(JSON.stringify(second));

    const entry = await getWaitlistEntry(database.db, { clinicId: s.clinicA.id, entryId: first.entryId });
    expect(entry).toMatchObject({
      doctorId: s.doctorA.id,
      kind: "in_person",
      weekdays: [2, 4],
      fromMinute: 540,
      toMinute: 780,
      expiresOn: "2026-12-31",
      durationMinutes: 30,
      status: "waiting",
    });

    const listA = await listWaitlist(database.db, { clinicId: s.clinicA.id });
    expect(listA.map((r) => [r.patientFirstName, r.doctorName])).toEqual([
      ["Ana", "Dra. López"],
      ["Luis", null],
    ]);
    // Filtered by doctor: that doctor's entries and "any doctor" ones.
    expect((await listWaitlist(database.db, { clinicId: s.clinicA.id, doctorId: s.doctorA.id })).length).toBe(2);
    expect((await listWaitlist(database.db, { clinicId: s.clinicA.id, patientId: s.patientA2.id })).map((r) => r.id)).toEqual([
      second.entryId,
    ]);
    // The other clinic sees none of it, and cannot read, edit or remove it.
    expect(await listWaitlist(database.db, { clinicId: s.clinicB.id })).toEqual([]);
    expect(await getWaitlistEntry(database.db, { clinicId: s.clinicB.id, entryId: first.entryId })).toBeNull();
    expect(await updateWaitlistEntry(database.db, s.ctxB, { entryId: first.entryId, input: {} })).toEqual({ ok: false, error: "notFound" });
    expect(await removeWaitlistEntry(database.db, s.ctxB, { entryId: first.entryId })).toEqual({ ok: false, error: "notFound" });

    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityId, first.entryId));
    expect(audits.map((a) => a.action)).toEqual(["waitlist.add"]);
    expect(JSON.stringify(audits[0].metadata)).not.toContain("temprano");
  });

  it("refuse bad input and another clinic's patient or doctor with an error code per field, writing nothing", async () => {
    const s = await setup();
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ patientId: "nope" }, { patientId: "patientNotFound" }],
      [{ patientId: s.patientB.id }, { patientId: "patientNotFound" }],
      [{ patientId: s.patientA.id, doctorId: s.doctorB.id }, { doctorId: "doctorNotFound" }],
      [{ patientId: s.patientA.id, weekdays: "1,9" }, { "weekdays.1": "invalidWeekday" }],
      [{ patientId: s.patientA.id, fromTime: "09:00" }, { toTime: "timeWindowIncomplete" }],
      [{ patientId: s.patientA.id, fromTime: "13:00", toTime: "09:00" }, { toTime: "timeWindowOrder" }],
      [
        { patientId: s.patientA.id, fromTime: "25:00", toTime: "26:00" },
        { fromTime: "invalidTime", toTime: "invalidTime" },
      ],
      [{ patientId: s.patientA.id, expiresOn: "31/12/2026" }, { expiresOn: "invalidDate" }],
      [{ patientId: s.patientA.id, durationMinutes: "0" }, { durationMinutes: "invalidDuration" }],
      [{ patientId: s.patientA.id, kind: "phone" }, { kind: "invalidKind" }],
      [{ patientId: s.patientA.id, notes: "x".repeat(501) }, { notes: "tooLong" }],
    ];
    for (const [input, fieldErrors] of cases) {
      expect(await addWaitlistEntry(database.db, s.ctxA, { input, now: NOW }), JSON.stringify(input)).toEqual({
        ok: false,
        error: "invalid",
        fieldErrors,
      });
    }
    expect(await database.db.select().from(waitlistEntries).where(eq(waitlistEntries.clinicId, s.clinicA.id))).toEqual([]);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.clinicId, s.clinicA.id))).toEqual([]);
  });

  it("edit a waiting entry and take it off the list; a removed entry cannot be edited or removed again", async () => {
    const s = await setup();
    const added = await addWaitlistEntry(database.db, s.ctxA, { input: { patientId: s.patientA.id }, now: NOW });
    if (!added.ok) throw new Error(JSON.stringify(added));
    const bad = await updateWaitlistEntry(database.db, s.ctxA, { entryId: added.entryId, input: { fromTime: "10:00" } });
    expect(bad).toEqual({ ok: false, error: "invalid", fieldErrors: { toTime: "timeWindowIncomplete" } });
    const edited = await updateWaitlistEntry(database.db, s.ctxA, {
      entryId: added.entryId,
      input: { doctorId: s.doctorA.id, weekdays: ["1"] },
    });
    expect(edited).toEqual({ ok: true, entryId: added.entryId });
    expect(await getWaitlistEntry(database.db, { clinicId: s.clinicA.id, entryId: added.entryId })).toMatchObject({
      doctorId: s.doctorA.id,
      weekdays: [1],
      patientId: s.patientA.id,
    });

    expect(await removeWaitlistEntry(database.db, s.ctxA, { entryId: added.entryId })).toEqual({ ok: true });
    expect(await listWaitlist(database.db, { clinicId: s.clinicA.id })).toEqual([]);
    expect((await listWaitlist(database.db, { clinicId: s.clinicA.id, status: "removed" })).map((r) => r.id)).toEqual([added.entryId]);
    expect(await removeWaitlistEntry(database.db, s.ctxA, { entryId: added.entryId })).toEqual({ ok: false, error: "notFound" });
    expect(await updateWaitlistEntry(database.db, s.ctxA, { entryId: added.entryId, input: {} })).toEqual({ ok: false, error: "notFound" });
  });
});

describe("waitlist settings", () => {
  it("default to 3 a wave, a 15 min hold and a 2 h lead, automatic; an admin saves them per clinic; bad values save nothing", async () => {
    const s = await setup();
    const admin = await createStaff(database.db, { clinicId: s.clinicA.id, role: "admin" });
    const adminCtx = staffContext(admin, s.clinicA);
    expect(await getWaitlistSettings(database.db, { clinicId: s.clinicA.id })).toEqual(DEFAULT_WAITLIST_SETTINGS);
    expect(DEFAULT_WAITLIST_SETTINGS).toEqual({
      autoOffer: true,
      waveSize: 3,
      holdMinutes: 15,
      minLeadMinutes: 120,
      acceptMovesLaterVisit: true,
    });

    expect(await saveWaitlistSettings(database.db, s.ctxA, { input: { waveSize: "2" } })).toEqual({ ok: false, error: "forbidden" });
    const bad = await saveWaitlistSettings(database.db, adminCtx, {
      input: { autoOffer: "on", waveSize: "0", holdMinutes: "1", minLeadMinutes: "-5" },
    });
    expect(bad).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { waveSize: "invalidWaveSize", holdMinutes: "invalidHold", minLeadMinutes: "invalidLead" },
    });
    expect(await getWaitlistSettings(database.db, { clinicId: s.clinicA.id })).toEqual(DEFAULT_WAITLIST_SETTINGS);

    const saved = await saveWaitlistSettings(database.db, adminCtx, { input: { waveSize: "2", holdMinutes: "30", minLeadMinutes: "60" } });
    expect(saved).toEqual({
      ok: true,
      settings: { autoOffer: false, waveSize: 2, holdMinutes: 30, minLeadMinutes: 60, acceptMovesLaterVisit: false },
    });
    expect(await getWaitlistSettings(database.db, { clinicId: s.clinicA.id })).toEqual({
      autoOffer: false,
      waveSize: 2,
      holdMinutes: 30,
      minLeadMinutes: 60,
      acceptMovesLaterVisit: false,
    });
    expect(await getWaitlistSettings(database.db, { clinicId: s.clinicB.id })).toEqual(DEFAULT_WAITLIST_SETTINGS);
  });
});
