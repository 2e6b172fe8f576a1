import type { StaffRole } from "@/db/schema";

/** What each role may do. Pages and actions ask `can(role, permission)`; nothing checks role names directly. */
export const ROLE_PERMISSIONS = {
  admin: [
    "patients:read",
    "patients:write",
    "appointments:read",
    "appointments:write",
    "settings:read",
    "settings:write",
    "templates:preview",
    "messages:read",
    "documents:read",
    "documents:write",
    "audit:read",
    "prescriptions:write",
    "care_instructions:write",
    // Settings → Security: unlock a staff member's sign-in, end their sessions.
    "security:write",
    // Settings → Team: invite staff, change roles, deactivate and reactivate members.
    "team:write",
    "payments:read",
    "payments:write",
    // Voiding a charge (with a reason) is the admin's: a mistaken charge is taken back by the person who answers for the books.
    "payments:void",
    // Health campaigns: admins build and launch them; everyone else sees them.
    "campaigns:read",
    "campaigns:write",
  ],
  doctor: [
    "patients:read",
    "patients:write",
    "appointments:read",
    "appointments:write",
    "settings:read",
    "templates:preview",
    "messages:read",
    "documents:read",
    "documents:write",
    "prescriptions:write",
    "care_instructions:write",
    "payments:read",
    "payments:write",
    "campaigns:read",
  ],
  // Front desk uploads lab results as they arrive, and can revoke a link sent to the wrong patient.
  staff: [
    "patients:read",
    "patients:write",
    "appointments:read",
    "appointments:write",
    "settings:read",
    "templates:preview",
    "messages:read",
    "documents:read",
    "documents:write",
    // The desk charges visits, sends payment links and records what patients pay in person.
    "payments:read",
    "payments:write",
    "campaigns:read",
  ],
} as const satisfies Record<StaffRole, readonly string[]>;

export type Permission = (typeof ROLE_PERMISSIONS)["admin"][number];

export function can(role: StaffRole, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly string[]).includes(permission);
}
