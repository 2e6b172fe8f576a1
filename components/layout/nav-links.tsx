"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "@/i18n/navigation";
import { cn } from "@/components/ui/cn";

export function NavLinks({
  labels,
}: {
  labels: {
    home: string;
    calendar: string;
    patients: string;
    waitlist?: string;
    payments?: string;
    campaigns?: string;
    messages: string;
    results: string;
    settings: string;
  };
}) {
  const pathname = usePathname();
  const items = [
    { href: "/", label: labels.home, active: pathname === "/" },
    { href: "/calendar", label: labels.calendar, active: pathname.startsWith("/calendar") },
    { href: "/patients", label: labels.patients, active: pathname.startsWith("/patients") },
    ...(labels.waitlist ? [{ href: "/waitlist", label: labels.waitlist, active: pathname.startsWith("/waitlist") }] : []),
    ...(labels.payments ? [{ href: "/payments", label: labels.payments, active: pathname.startsWith("/payments") }] : []),
    ...(labels.campaigns ? [{ href: "/campaigns", label: labels.campaigns, active: pathname.startsWith("/campaigns") }] : []),
    { href: "/messages", label: labels.messages, active: pathname.startsWith("/messages") },
    { href: "/results", label: labels.results, active: pathname.startsWith("/results") },
    { href: "/settings", label: labels.settings, active: pathname.startsWith("/settings") },
  ];
  return (
    <ul className="flex flex-wrap gap-1 md:flex-col">
      {items.map((item) => (
        <li key={item.href}>
          <Link
            href={item.href}
            aria-current={item.active ? "page" : undefined}
            className={cn(
              "block rounded-md px-3 py-2 text-sm font-medium",
              item.active ? "bg-brand-100 text-brand-900" : "text-gray-700 hover:bg-gray-100",
            )}
          >
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
