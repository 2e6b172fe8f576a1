import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { AuthCard } from "@/components/layout/auth-card";
import { Link } from "@/components/ui/link";
import { invitationEmailTaken } from "@/lib/team/accept";
import { resolveInvitation } from "@/lib/team/team";
import { AcceptInvitationForm } from "./_components/accept-invitation-form";

export const metadata: Metadata = { robots: { index: false, follow: false } };

/**
 * /<locale>/invite/<token> (public): the invitee sets name + password. An unknown, used, expired or
 * revoked link, or an address that already has an account, gets a localized page and writes nothing.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t, tStaff] = await Promise.all([params, getTranslations("invite"), getTranslations("team")]);
  const db = await getDb();
  const invitation = await resolveInvitation(db, { token });
  if (!invitation || (await invitationEmailTaken(db, invitation.email))) {
    return (
      <AuthCard title={t("invalidTitle")}>
        <p role="alert" className="text-sm text-gray-700" data-testid="invite-invalid">
          {invitation ? t("alreadyMember") : t("invalid")}
        </p>
        <p className="mt-4 text-sm">
          <Link href="/sign-in" className="font-medium text-brand-700 underline">
            {t("goToSignIn")}
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={t("title", { clinic: invitation.clinicName })}
      subtitle={t("subtitle", { role: tStaff(`roles.${invitation.role}`), email: invitation.email })}
    >
      <AcceptInvitationForm token={token} />
    </AuthCard>
  );
}
