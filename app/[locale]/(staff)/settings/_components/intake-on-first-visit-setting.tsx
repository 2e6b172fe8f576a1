import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getIntakeFormOnFirstVisit } from "@/lib/forms/send-intake-form";
import { IntakeOnFirstVisitSwitch } from "./intake-on-first-visit-switch";

/**
 * "Send the intake form with the first visit's confirmation": the clinic's switch, self-contained so a
 * settings page places it with one line (admins edit, everyone else reads).
 */
export async function IntakeOnFirstVisitSetting() {
  const ctx = await requireStaff("settings:read");
  const enabled = await getIntakeFormOnFirstVisit(await getDb(), { clinicId: ctx.clinicId });
  return <IntakeOnFirstVisitSwitch enabled={enabled} canEdit={can(ctx.role, "settings:write")} />;
}
