import { getDb } from "@/db/client";
import { getStaffContext } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { calendarRangeSchema, listCalendarEvents } from "@/lib/appointments/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The calendar's events for its visible range (GET ?from=&to=[&doctorId=]), for the signed-in staff member's
 * clinic only. A plain GET rather than a server action: the calendar fetches on every navigation, and a
 * server action would run each fetch through the router.
 */
export async function GET(request: Request) {
  const ctx = await getStaffContext();
  if (!ctx) return Response.json({ error: "unauthorized" }, { status: 401 });
  if (!can(ctx.role, "appointments:read")) return Response.json({ error: "forbidden" }, { status: 403 });
  const url = new URL(request.url);
  const parsed = calendarRangeSchema.safeParse({
    from: url.searchParams.get("from") ?? undefined,
    to: url.searchParams.get("to") ?? undefined,
    doctorId: url.searchParams.get("doctorId") || undefined,
  });
  if (!parsed.success) return Response.json({ error: "invalidRange" }, { status: 400 });
  const events = await listCalendarEvents(await getDb(), {
    clinicId: ctx.clinicId,
    from: new Date(parsed.data.from),
    to: new Date(parsed.data.to),
    doctorId: parsed.data.doctorId,
  });
  return Response.json(events, { headers: { "cache-control": "no-store" } });
}
