import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getClinicBookingSettings, listDoctors } from "@/lib/appointments/queries";
import { listDoctorSchedules } from "@/lib/staff/doctors";
import { CalendarClient } from "./_components/calendar-client";
import { ToCloseSection } from "../_components/to-close-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("calendar"))("title") };
}

export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ date?: string; view?: string; doctor?: string }> }) {
  const ctx = await requireStaff("appointments:read");
  const { date, view, doctor } = await searchParams;
  const [t, locale, db] = await Promise.all([getTranslations("calendar"), getLocale(), getDb()]);
  const [doctors, settings, schedules] = await Promise.all([
    listDoctors(db, { clinicId: ctx.clinicId, locale: locale === "en" ? "en" : "es" }),
    getClinicBookingSettings(db, { clinicId: ctx.clinicId }),
    listDoctorSchedules(db, { clinicId: ctx.clinicId }),
  ]);
  const timeZone = settings?.timezone ?? ctx.clinic.timezone;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-gray-600">
          {t("description")} {t("timeZoneNote", { timeZone })}
        </p>
      </div>
      <CalendarClient
        locale={locale === "en" ? "en" : "es"}
        timeZone={timeZone}
        doctors={doctors}
        canWrite={can(ctx.role, "appointments:write")}
        videoRoomBaseUrl={settings?.videoRoomBaseUrl ?? null}
        defaultDoctorId={ctx.role === "doctor" ? ctx.userId : undefined}
        // `?doctor=<id>` opens one doctor's calendar; an id that is not this clinic's doctor is ignored.
        initialDoctorId={typeof doctor === "string" && doctors.some((d) => d.id === doctor) ? doctor : undefined}
        schedules={schedules}
        initialDate={typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined}
        initialView={view === "day" ? "timeGridDay" : "timeGridWeek"}
      />
      <ToCloseSection ctx={ctx} />
    </div>
  );
}
