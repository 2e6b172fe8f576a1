import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/session";
import { PatientForm } from "../_components/patient-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("patients"))("new") };
}

export default async function NewPatientPage() {
  await requireStaff("patients:write");
  const t = await getTranslations("patients");
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">{t("new")}</h1>
      <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
        <PatientForm
          initial={{
            firstName: "",
            lastName: "",
            phone: "",
            email: "",
            preferredLocale: "es",
            optOutWhatsapp: false,
            optOutSms: false,
            optOutEmail: false,
          }}
        />
      </div>
    </div>
  );
}
