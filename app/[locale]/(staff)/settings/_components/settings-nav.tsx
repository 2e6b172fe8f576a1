"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "@/i18n/navigation";
import { cn } from "@/components/ui/cn";

/**
 * Account | Schedule › Appointment reminders | Password | Results | Security, Team and (embedded mode) Team emails
 * (admins), the current one marked for eyes and screen readers.
 */
export function SettingsNav({
  labels,
}: {
  labels: {
    account: string;
    schedule: string;
    reminders: string;
    password: string;
    results: string;
    payments: string;
    security?: string;
    team?: string;
    teamEmails?: string;
    doctors?: string;
    messaging?: string;
  };
}) {
  const pathname = usePathname();
  const items = [
    { href: "/settings", group: null, label: labels.account, active: pathname === "/settings" },
    {
      href: "/settings/schedule/reminders",
      group: labels.schedule,
      label: labels.reminders,
      active: pathname.startsWith("/settings/schedule"),
    },
    ...(labels.doctors
      ? [{ href: "/settings/doctors", group: null, label: labels.doctors, active: pathname === "/settings/doctors" }]
      : []),
    { href: "/settings/password", group: null, label: labels.password, active: pathname === "/settings/password" },
    { href: "/settings/results", group: null, label: labels.results, active: pathname === "/settings/results" },
    { href: "/settings/payments", group: null, label: labels.payments, active: pathname === "/settings/payments" },
    ...(labels.security
      ? [{ href: "/settings/security", group: null, label: labels.security, active: pathname === "/settings/security" }]
      : []),
    ...(labels.team ? [{ href: "/settings/team", group: null, label: labels.team, active: pathname === "/settings/team" }] : []),
    ...(labels.messaging
      ? [{ href: "/settings/messaging", group: null, label: labels.messaging, active: pathname === "/settings/messaging" }]
      : []),
    ...(labels.teamEmails
      ? [{ href: "/settings/emails", group: null, label: labels.teamEmails, active: pathname === "/settings/emails" }]
      : []),
  ];
  return (
    <ul className="flex flex-wrap gap-2 border-b border-gray-200">
      {items.map((item) => (
        <li key={item.href}>
          <Link
            href={item.href}
            aria-current={item.active ? "page" : undefined}
            className={cn(
              "-mb-px inline-flex items-center gap-1.5 rounded-t-md border-b-2 px-3 py-2 text-sm font-medium",
              item.active
                ? "border-brand-600 text-brand-900"
                : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900",
            )}
          >
            {item.group && (
              <>
                <span className="text-gray-500">{item.group}</span>
                <span aria-hidden className="text-gray-400">
                  ›
                </span>
              </>
            )}
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
