import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listDoctorSettings } from "@/lib/staff/doctors";
import { DoctorForm } from "./_components/doctor-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("doctors"))("title") };
}

/** Settings → Doctors: each doctor's name, title for messages, specialty, working hours and time off (admins edit). */
export default async function DoctorsSettingsPage() {
  const ctx = await requireStaff("settings:read");
  const [t, db] = await Promise.all([getTranslations("doctors"), getDb()]);
  const doctors = await listDoctorSettings(db, { clinicId: ctx.clinicId });
  const canEdit = can(ctx.role, "settings:write");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro", { timeZone: ctx.clinic.timezone })}</p>
        {!canEdit && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" role="note">
            {t("readOnly")}
          </p>
        )}
      </div>
      {doctors.length === 0 && <p className="text-sm text-gray-600">{t("none")}</p>}
      {doctors.map((doctor) => (
        <DoctorForm key={doctor.id} doctor={doctor} canEdit={canEdit} />
      ))}
    </div>
  );
}
