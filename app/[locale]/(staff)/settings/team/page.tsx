import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { listPendingInvitations, listTeamMembers } from "@/lib/team/team";
import { InvitationActions } from "./_components/invitation-actions";
import { InviteForm } from "./_components/invite-form";
import { MemberActions } from "./_components/member-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("title") };
}

/**
 * Settings → Team (admins only; others get the not-found page, as Security does): the members with role,
 * status and last seen, a role picker and deactivate / reactivate per member; an invitation form and the
 * pending invitations with resend and revoke.
 */
export default async function TeamSettingsPage() {
  const ctx = await requireStaff("settings:read");
  if (!can(ctx.role, "team:write")) notFound();
  const [t, locale, db] = await Promise.all([getTranslations("team"), getLocale(), getDb()]);
  const [members, invitations] = await Promise.all([
    listTeamMembers(db, { clinicId: ctx.clinicId }),
    listPendingInvitations(db, { clinicId: ctx.clinicId }),
  ]);
  const when = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
    timeZone: ctx.clinic.timezone,
    dateStyle: "medium",
    timeStyle: "short",
  });
  const th = "px-4 py-3";

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro")}</p>
      </div>

      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
        <table className="min-w-full divide-y divide-gray-200 text-sm" aria-label={t("membersLabel")}>
          <thead className="bg-gray-50 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
            <tr>
              <th scope="col" className={th}>
                {t("name")}
              </th>
              <th scope="col" className={`hidden md:table-cell ${th}`}>
                {t("email")}
              </th>
              <th scope="col" className={th}>
                {t("role")}
              </th>
              <th scope="col" className={th}>
                {t("status")}
              </th>
              <th scope="col" className={`hidden md:table-cell ${th}`}>
                {t("lastSeen")}
              </th>
              <th scope="col" className={th}>
                <span className="sr-only">{t("actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {members.map((member) => (
              <tr key={member.userId} data-testid={`member-${member.email}`}>
                <td className="px-4 py-3 font-medium">
                  {member.name} {member.userId === ctx.userId && <span className="font-normal text-gray-500">{t("you")}</span>}
                </td>
                <td className="hidden px-4 py-3 md:table-cell">{member.email}</td>
                <td className="px-4 py-3">{t(`roles.${member.role}`)}</td>
                <td className="px-4 py-3" data-testid="member-status">
                  {member.disabled ? (
                    <span className="text-gray-500">{t("statusDisabled")}</span>
                  ) : (
                    <span className="text-green-700">{t("statusActive")}</span>
                  )}
                </td>
                <td className="hidden px-4 py-3 md:table-cell">{member.lastSeenAt ? when.format(member.lastSeenAt) : t("never")}</td>
                <td className="px-4 py-3 text-right">
                  <MemberActions
                    userId={member.userId}
                    name={member.name}
                    role={member.role}
                    disabled={member.disabled}
                    isSelf={member.userId === ctx.userId}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-gray-200">
        <h2 className="text-lg font-semibold">{t("invite.title")}</h2>
        <InviteForm />
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("invitations.title")}</h2>
        {invitations.length === 0 ? (
          <p className="text-sm text-gray-600">{t("invitations.empty")}</p>
        ) : (
          <ul aria-label={t("invitations.label")} className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
            {invitations.map((invitation) => (
              <li
                key={invitation.id}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm"
                data-testid={`invitation-${invitation.email}`}
              >
                <span>
                  <span className="font-medium">{invitation.email}</span> · {t(`roles.${invitation.role}`)} ·{" "}
                  {invitation.expired ? (
                    <span className="text-red-700">{t("invitations.expired")}</span>
                  ) : (
                    <span className="text-gray-600">
                      {t("invitations.expires")} {when.format(invitation.expiresAt)}
                    </span>
                  )}
                </span>
                <InvitationActions invitationId={invitation.id} email={invitation.email} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
