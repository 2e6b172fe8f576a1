"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import FullCalendar, {
  type CalendarRef,
  type EventDisplayInfo as EventContentArg,
  type EventDropInfo,
  type EventInput,
  type EventSourceFuncInfo,
} from "@fullcalendar/react";
import monarchTheme from "@fullcalendar/react/themes/monarch";
import timeGridPlugin from "@fullcalendar/react/timegrid";
import interactionPlugin from "@fullcalendar/react/interaction";
import esLocale from "@fullcalendar/react/locales/es";
import "@fullcalendar/react/skeleton.css";
import "@fullcalendar/react/themes/monarch/theme.css";
import "@fullcalendar/react/themes/monarch/palettes/purple.css";
import "./calendar.css";
import { rescheduleFromCalendarAction } from "@/lib/appointments/actions";
import type { CalendarEvent } from "@/lib/appointments/queries";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { toZonedInputValue, WEEK_STARTS_ON } from "@/lib/dates";
import { cn } from "@/components/ui/cn";
import { BookingDialog } from "./booking-dialog";
import { AppointmentDialog } from "./appointment-dialog";
import { useDescribePlanned } from "@/lib/notifications/use-describe-forecast";
import { statusLabelKey } from "./status";
import { hasHours, nextDate, toBusinessHours, type DoctorSchedule } from "@/lib/staff/doctor-hours";

export interface AppointmentCalendarProps {
  locale: "es" | "en";
  timeZone: string;
  doctors: { id: string; name: string }[];
  canWrite: boolean;
  videoRoomBaseUrl: string | null;
  defaultDoctorId?: string;
  /** Each doctor's working hours and time off, by id: the selected doctor's other hours are greyed out. */
  schedules: Record<string, DoctorSchedule>;
  /** The doctor from `?doctor=`, when it is one of the clinic's: the calendar opens on their visits. */
  initialDoctorId?: string;
  /** A clinic-local date ("2026-12-15") to open at, from `?date=`; today otherwise. */
  initialDate?: string;
  initialView?: "timeGridDay" | "timeGridWeek";
}

const STATUS_CLASS: Record<CalendarEvent["status"], string> = {
  scheduled: "luna-event--scheduled",
  confirmed: "luna-event--confirmed",
  cancelled: "luna-event--cancelled",
  completed: "luna-event--completed",
  no_show: "luna-event--no-show",
};

// Stable option values: FullCalendar reinitialises (and refetches) when it receives new plugin or toolbar objects.
const PLUGINS = [monarchTheme, timeGridPlugin, interactionPlugin];
const TOOLBAR = { start: "today prev,next", center: "title", end: "timeGridDay,timeGridWeek" };
const CONTENT_HEIGHT = 640;
const onlyFuture = (span: { start: Date }) => span.start.getTime() > Date.now();

/** A visit can be moved while it is upcoming and still on. */
const movable = (e: Pick<CalendarEvent, "status" | "start">) =>
  (e.status === "scheduled" || e.status === "confirmed") && new Date(e.start).getTime() > Date.now();

export function AppointmentCalendar({
  locale,
  timeZone,
  doctors,
  canWrite,
  videoRoomBaseUrl,
  defaultDoctorId,
  schedules,
  initialDoctorId,
  initialDate,
  initialView = "timeGridWeek",
}: AppointmentCalendarProps) {
  const t = useTranslations("calendar");
  const ta = useTranslations("appointments");
  const th = useTranslations("doctors.calendar");
  const calendarRef = useRef<CalendarRef>(null);
  const wantedDoctorId = initialDoctorId ?? defaultDoctorId;
  const [doctorId, setDoctorId] = useState(wantedDoctorId && doctors.some((d) => d.id === wantedDoctorId) ? wantedDoctorId : "");
  const selectDoctor = (id: string) => {
    setDoctorId(id);
    // The filter lives in the URL, so a link (or a reload) opens the same doctor's calendar.
    const url = new URL(window.location.href);
    if (id) url.searchParams.set("doctor", id);
    else url.searchParams.delete("doctor");
    // A null state lets Next.js take the new URL into its router (its own state would be kept as it was).
    window.history.replaceState(null, "", url);
  };
  const schedule = doctorId && hasHours(schedules[doctorId]) ? schedules[doctorId] : null;
  const businessHours = useMemo(() => (schedule ? toBusinessHours(schedule) : false), [schedule]);
  const selectedDoctorName = doctors.find((d) => d.id === doctorId)?.name ?? "";
  const [loading, setLoading] = useState(true);
  const [loadFailed, setLoadFailed] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  const [booking, setBooking] = useState<{ startsAt: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const describe = useDescribePlanned({ locale, timeZone });

  // FullCalendar reports loading while it first renders, before this component has mounted; a fast first
  // fetch can even end before then. What it reported meanwhile is kept and applied on mount, never dropped
  // (a dropped "done" left the calendar dimmed and aria-busy for good).
  const mounted = useRef(false);
  const early = useRef<{ loading?: boolean; count?: number }>({});
  useEffect(() => {
    mounted.current = true;
    const { loading: wasLoading, count: wasCount } = early.current;
    if (wasLoading !== undefined) setLoading(wasLoading);
    if (wasCount !== undefined) setCount(wasCount);
    return () => {
      mounted.current = false;
    };
  }, []);

  const refetch = useCallback(() => calendarRef.current?.getApi().refetchEvents(), []);

  // A new function when the doctor filter changes: FullCalendar refetches the visible range.
  const events = useMemo(
    () =>
      async (info: EventSourceFuncInfo): Promise<EventInput[]> => {
        try {
          const query = new URLSearchParams({ from: info.start.toISOString(), to: info.end.toISOString() });
          if (doctorId) query.set("doctorId", doctorId);
          const response = await fetch(`/api/calendar/events?${query}`, { cache: "no-store" });
          if (!response.ok) throw new Error(`calendar events: ${response.status}`);
          const rows = (await response.json()) as CalendarEvent[];
          setLoadFailed(false);
          // The selected doctor's time off, greyed like the hours outside their schedule.
          const timeOff: EventInput[] = (schedule?.timeOff ?? []).map((off, index) => ({
            id: `time-off-${index}`,
            start: `${off.from}T00:00:00`,
            end: `${nextDate(off.to)}T00:00:00`,
            display: "background",
            title: off.reason ?? "",
            className: "luna-time-off",
          }));
          return [
            ...timeOff,
            ...rows.map((e) => ({
              id: e.id,
              title: e.patientName,
              start: e.start,
              end: e.end,
              editable: canWrite && movable(e),
              className: `luna-event ${STATUS_CLASS[e.status]}`,
              extendedProps: e,
            })),
          ];
        } catch {
          setLoadFailed(true);
          return [];
        }
      },
    [doctorId, canWrite, schedule],
  );

  const openBooking = useCallback(
    (at: Date) => {
      if (!canWrite) return;
      setBooking({ startsAt: toZonedInputValue(at, timeZone) });
    },
    [canWrite, timeZone, setBooking],
  );

  /** "New appointment" (keyboard and touch friendly): the next whole hour, at least tomorrow 9:00 if it is late. */
  const openBookingNow = () => {
    const api = calendarRef.current?.getApi();
    const visibleStart = api?.view.currentStart ?? new Date();
    const base = new Date(Math.max(Date.now(), visibleStart.getTime()));
    const next = new Date(Math.ceil((base.getTime() + 1) / 3_600_000) * 3_600_000);
    openBooking(next);
  };

  const buttons = useMemo(
    () => ({ today: { text: t("today") }, timeGridDay: { text: t("views.day") }, timeGridWeek: { text: t("views.week") } }),
    [t],
  );
  const viewHint = useCallback((buttonText: string) => t("viewHint", { view: buttonText }), [t]);
  const onDateClick = useCallback((info: { date: Date }) => openBooking(info.date), [openBooking]);
  const onEventClick = useCallback(
    (info: { jsEvent: UIEvent; event: { id: string } }) => {
      info.jsEvent.preventDefault();
      if (info.event.id.startsWith("time-off-")) return;
      setOpenId(info.event.id);
    },
    [setOpenId],
  );
  // FullCalendar reports these while it renders: defer the state updates to after its render.
  const onLoading = useCallback(
    (isLoading: boolean) =>
      queueMicrotask(() => {
        if (mounted.current) setLoading(isLoading);
        else early.current.loading = isLoading;
      }),
    [],
  );
  const onEventsSet = useCallback(
    (all: { display: string }[]) =>
      queueMicrotask(() => {
        const visits = all.filter((e) => e.display !== "background").length;
        if (mounted.current) setCount(visits);
        else early.current.count = visits;
      }),
    [],
  );
  const renderEvent = useCallback(
    (arg: EventContentArg) => {
      const e = arg.event.extendedProps as CalendarEvent;
      const status = t(statusLabelKey(e));
      return (
        <div
          className="luna-event-body"
          data-testid="calendar-event"
          data-status={e.status}
          aria-label={t("eventLabel", { time: arg.timeText, patient: e.patientName, doctor: e.doctorName, status })}
        >
          <div className="luna-event-title">{e.patientName}</div>
          <div className="luna-event-meta">
            <span className="luna-event-status">{status}</span>
            {e.kind === "video" && <span> · {t("video")}</span>}
            <span> · {arg.timeText}</span>
          </div>
        </div>
      );
    },
    [t],
  );
  const renderTimeOff = useCallback(
    (arg: EventContentArg) => (
      <div className="luna-time-off-label" data-testid="calendar-time-off">
        {th("timeOffEvent")}
        {arg.event.title ? ` · ${arg.event.title}` : ""}
      </div>
    ),
    [th],
  );

  const onEventDrop = useCallback(
    async (info: EventDropInfo) => {
      const data = info.event.extendedProps as CalendarEvent;
      const startsAt = info.event.start!.toISOString();
      const result = await rescheduleFromCalendarAction({ appointmentId: info.event.id, startsAt });
      if (!result.ok && result.fieldErrors?.startsAt === "outsideHours") {
        // Outside the doctor's hours: put it back, and move it only if staff confirm.
        info.revert();
        toast.warning(th("moveOutsideHours"), {
          duration: 15_000,
          action: {
            label: th("moveOutsideHoursConfirm"),
            onClick: async () => {
              const confirmed = await rescheduleFromCalendarAction({ appointmentId: info.event.id, startsAt, confirmOutsideHours: true });
              if (!confirmed.ok) {
                const code = confirmed.formError ?? Object.values(confirmed.fieldErrors ?? {})[0] ?? "form";
                toast.error(ta(`errors.${code}` as "errors.form"));
                return;
              }
              toast.success(t("detail.moved"), { description: describe(confirmed.forecast, data.kind) });
              refetch();
            },
          },
        });
        return;
      }
      if (!result.ok) {
        info.revert();
        const code = result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? "form";
        toast.error(ta(`errors.${code}` as "errors.form"));
        return;
      }
      toast.success(t("detail.moved"), { description: describe(result.forecast, data.kind) });
      refetch();
    },
    [describe, refetch, t, ta, th],
  );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="w-64">
          <label htmlFor="calendar-doctor" className="block text-sm font-medium text-gray-800">
            {t("doctorFilter")}
          </label>
          <Select id="calendar-doctor" value={doctorId} onChange={(e) => selectDoctor(e.target.value)}>
            <option value="">{t("allDoctors")}</option>
            {doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex items-center gap-3">
          <p role="status" aria-live="polite" className="text-sm text-gray-600">
            {loading ? t("loading") : loadFailed ? t("loadError") : count === 0 ? t("empty") : ""}
          </p>
          {canWrite && (
            <Button type="button" onClick={openBookingNow}>
              {t("newAppointment")}
            </Button>
          )}
        </div>
      </div>
      {schedule && (
        <p className="flex items-center gap-2 text-sm text-gray-600" data-testid="outside-hours-legend">
          <span aria-hidden className="luna-non-business-swatch inline-block h-3 w-5 rounded-sm ring-1 ring-gray-300" />
          {th("outsideHoursLegend", { doctor: selectedDoctorName })}
        </p>
      )}
      <div
        className={cn("luna-calendar rounded-lg bg-white p-2 shadow-sm ring-1 ring-gray-200 sm:p-3", loading && "opacity-70")}
        data-testid="calendar"
        aria-busy={loading}
      >
        <FullCalendar
          ref={calendarRef}
          plugins={PLUGINS}
          locale={locale === "es" ? esLocale : "en"}
          timeZone={timeZone}
          initialView={initialView}
          initialDate={initialDate}
          // Monday, in both languages: the home page's "this week" counts the same days (lib/dates.ts).
          firstDay={WEEK_STARTS_ON}
          viewHint={viewHint}
          headerToolbar={TOOLBAR}
          buttons={buttons}
          // The whole day (early and late visits exist), scrolled to the morning; the grid scrolls inside a fixed height.
          slotDuration="00:30:00"
          scrollTime="07:00:00"
          allDaySlot={false}
          nowIndicator
          contentHeight={CONTENT_HEIGHT}
          editable={canWrite}
          eventDurationEditable={false}
          eventOverlap
          eventAllow={onlyFuture}
          dateClick={onDateClick}
          eventClick={onEventClick}
          eventDrop={onEventDrop}
          events={events}
          loading={onLoading}
          eventsSet={onEventsSet}
          eventContent={renderEvent}
          backgroundEventContent={renderTimeOff}
          businessHours={businessHours}
          nonBusinessHoursClass="luna-non-business"
        />
      </div>
      {booking && (
        <BookingDialog
          open
          onClose={() => setBooking(null)}
          onBooked={() => {
            setBooking(null);
            refetch();
          }}
          initialStartsAt={booking.startsAt}
          doctors={doctors}
          defaultDoctorId={doctorId || doctors[0]?.id}
          timeZone={timeZone}
          locale={locale}
          videoRoomBaseUrl={videoRoomBaseUrl}
        />
      )}
      {openId && (
        <AppointmentDialog
          appointmentId={openId}
          onClose={() => setOpenId(null)}
          onChanged={refetch}
          timeZone={timeZone}
          locale={locale}
          canWrite={canWrite}
        />
      )}
    </div>
  );
}
