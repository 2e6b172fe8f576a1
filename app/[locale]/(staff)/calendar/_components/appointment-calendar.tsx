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
import { clinicDateOf, scrollTimeFor, shiftDate, viewShowsToday, viewTitle, type CalendarView } from "./calendar-nav";

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
  initialView?: CalendarView;
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
const CONTENT_HEIGHT = 640;
/** The key of the one calendar of the week view, and of the day view of one doctor. */
const SINGLE = "single";
const onlyFuture = (span: { start: Date }) => span.start.getTime() > Date.now();

/** A visit can be moved while it is upcoming and still on. */
const movable = (e: Pick<CalendarEvent, "status" | "start">) =>
  (e.status === "scheduled" || e.status === "confirmed") && new Date(e.start).getTime() > Date.now();

/** One time grid: the week, one doctor's day, or (with every doctor on the day view) one doctor's column. */
interface Column {
  key: string;
  /** The doctor whose visits it shows; "" for every doctor's. */
  doctorId: string;
  /** Their working hours and time off, greyed; null when the column mixes doctors or the doctor has none. */
  schedule: DoctorSchedule | null;
}

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
  const apis = useRef(new Map<string, CalendarRef>());
  const scroller = useRef<HTMLDivElement>(null);
  const wantedDoctorId = initialDoctorId ?? defaultDoctorId;
  const [doctorId, setDoctorId] = useState(wantedDoctorId && doctors.some((d) => d.id === wantedDoctorId) ? wantedDoctorId : "");
  const [view, setView] = useState<CalendarView>(initialView);
  const [date, setDate] = useState(() => initialDate ?? clinicDateOf(new Date(), timeZone));
  // Bumped by "Hoy": scroll to the current time even when today is already on screen.
  const [scrollRequest, setScrollRequest] = useState(0);

  /** The doctor, the date and the view live in the URL, so a link (or a reload) opens the same calendar. */
  const syncUrl = (next: { doctor?: string; date?: string; view?: CalendarView }) => {
    const url = new URL(window.location.href);
    if (next.doctor !== undefined) {
      if (next.doctor) url.searchParams.set("doctor", next.doctor);
      else url.searchParams.delete("doctor");
    }
    if (next.date !== undefined) url.searchParams.set("date", next.date);
    if (next.view !== undefined) url.searchParams.set("view", next.view === "timeGridDay" ? "day" : "week");
    // A null state lets Next.js take the new URL into its router (its own state would be kept as it was).
    window.history.replaceState(null, "", url);
  };
  const selectDoctor = (id: string) => {
    setDoctorId(id);
    syncUrl({ doctor: id });
  };
  const goTo = (next: string) => {
    setDate(next);
    syncUrl({ date: next });
  };
  const changeView = (next: CalendarView) => {
    setView(next);
    syncUrl({ view: next, date });
  };
  const goToday = () => {
    goTo(clinicDateOf(new Date(), timeZone));
    setScrollRequest((n) => n + 1);
  };

  // With every doctor, the day view is one column per doctor: a slot where one is busy is still free in the
  // other's column, and each column greys its own doctor's hours. FullCalendar's resource views would do this
  // but are premium (a paid licence); this is one free time grid per doctor, side by side, scrolling together.
  const perDoctor = view === "timeGridDay" && !doctorId && doctors.length > 1;
  const scheduleOf = useCallback((id: string) => (id && hasHours(schedules[id]) ? schedules[id] : null), [schedules]);
  const columns: Column[] = useMemo(
    () =>
      perDoctor
        ? doctors.map((d) => ({ key: d.id, doctorId: d.id, schedule: scheduleOf(d.id) }))
        : [{ key: SINGLE, doctorId, schedule: scheduleOf(doctorId) }],
    [perDoctor, doctors, doctorId, scheduleOf],
  );
  const schedule = scheduleOf(doctorId);
  const selectedDoctorName = doctors.find((d) => d.id === doctorId)?.name ?? "";
  const today = clinicDateOf(new Date(), timeZone);
  const scrollTime = scrollTimeFor({ now: new Date(), timeZone, showsToday: viewShowsToday({ date, today, view }) });

  const [loadingBy, setLoadingBy] = useState<Record<string, boolean>>({});
  const [countBy, setCountBy] = useState<Record<string, number>>({});
  const [failedBy, setFailedBy] = useState<Record<string, boolean>>({});
  const [booking, setBooking] = useState<{ startsAt: string; doctorId?: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const describe = useDescribePlanned({ locale, timeZone });
  const loading = columns.some((c) => loadingBy[c.key] ?? true);
  const loadFailed = columns.some((c) => failedBy[c.key]);
  const count = columns.every((c) => countBy[c.key] !== undefined) ? columns.reduce((sum, c) => sum + countBy[c.key], 0) : null;

  // FullCalendar reports loading while it first renders, before this component has mounted; a fast first
  // fetch can even end before then. What it reported meanwhile is kept and applied on mount, never dropped
  // (a dropped "done" left the calendar dimmed and aria-busy for good).
  const mounted = useRef(false);
  const early = useRef<{ loading: Record<string, boolean>; count: Record<string, number> }>({ loading: {}, count: {} });
  useEffect(() => {
    mounted.current = true;
    setLoadingBy((now) => ({ ...early.current.loading, ...now }));
    setCountBy((now) => ({ ...early.current.count, ...now }));
    return () => {
      mounted.current = false;
    };
  }, []);

  const refetch = useCallback(() => {
    for (const api of apis.current.values()) api.getApi().refetchEvents();
  }, []);

  // Every grid follows the toolbar's date and view.
  useEffect(() => {
    for (const ref of apis.current.values()) {
      const api = ref.getApi();
      if (api.view.type !== view) api.changeView(view, date);
      else api.gotoDate(date);
    }
  }, [date, view, perDoctor]);

  // "Hoy" (and opening on today) shows the current time. One doctor's grid scrolls itself; the doctors'
  // columns scroll together in one box, so that box is scrolled to the same lane.
  const scrollColumnsTo = useCallback((time: string) => {
    let frames = 0;
    let frame = 0;
    const attempt = () => {
      const box = scroller.current;
      const laneEl = box?.querySelector<HTMLElement>(`[data-time="${time}"]`);
      if (box && laneEl) {
        const header = box.querySelector<HTMLElement>("[data-testid='doctor-columns-header']")?.offsetHeight ?? 0;
        // A few pixels above the lane, so that its hour label is read whole under the doctors' names.
        box.scrollTop += laneEl.getBoundingClientRect().top - box.getBoundingClientRect().top - header - 10;
      }
      // FullCalendar draws its lanes after mounting and sizes them after that: keep the lane in place for a
      // few frames (about half a second) until the grid has settled.
      if (frames++ < 30) frame = requestAnimationFrame(attempt);
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, []);
  useEffect(() => {
    if (scrollRequest === 0) return;
    const time = scrollTimeFor({ now: new Date(), timeZone, showsToday: true });
    if (perDoctor) return scrollColumnsTo(time);
    apis.current.get(SINGLE)?.getApi().scrollToTime(time);
  }, [scrollRequest, perDoctor, timeZone, scrollColumnsTo]);
  // On opening the doctors' columns (or another day in them), their box starts where one grid would.
  useEffect(() => {
    if (perDoctor) return scrollColumnsTo(scrollTime);
    // Only when the columns appear or the day changes: later scrolling is the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [perDoctor, date]);

  const openBooking = useCallback(
    (at: Date, forDoctorId?: string) => {
      if (!canWrite) return;
      setBooking({ startsAt: toZonedInputValue(at, timeZone), doctorId: forDoctorId });
    },
    [canWrite, timeZone, setBooking],
  );

  /** "New appointment" (keyboard and touch friendly): the next whole hour, at least tomorrow 9:00 if it is late. */
  const openBookingNow = () => {
    const api = apis.current.values().next().value?.getApi();
    const visibleStart = api?.view.currentStart ?? new Date();
    const base = new Date(Math.max(Date.now(), visibleStart.getTime()));
    const next = new Date(Math.ceil((base.getTime() + 1) / 3_600_000) * 3_600_000);
    openBooking(next);
  };

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
    (key: string, isLoading: boolean) =>
      queueMicrotask(() => {
        if (mounted.current) setLoadingBy((now) => ({ ...now, [key]: isLoading }));
        else early.current.loading[key] = isLoading;
      }),
    [],
  );
  const onCount = useCallback(
    (key: string, visits: number) =>
      queueMicrotask(() => {
        if (mounted.current) setCountBy((now) => ({ ...now, [key]: visits }));
        else early.current.count[key] = visits;
      }),
    [],
  );
  const onFailed = useCallback((key: string, failed: boolean) => setFailedBy((now) => ({ ...now, [key]: failed })), []);
  const renderEvent = useCallback(
    (arg: EventContentArg) => {
      const e = arg.event.extendedProps as CalendarEvent;
      const status = t(statusLabelKey(e));
      return (
        <div
          className="luna-event-body"
          data-testid="calendar-event"
          data-status={e.status}
          title={t("eventLabel", { time: arg.timeText, patient: e.patientName, doctor: e.doctorName, status })}
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

  const register = useCallback((key: string, ref: CalendarRef | null) => {
    if (ref) apis.current.set(key, ref);
    else apis.current.delete(key);
  }, []);

  const shared = {
    locale,
    timeZone,
    canWrite,
    date,
    view,
    scrollTime,
    onLoading,
    onCount,
    onFailed,
    register,
    openBooking,
    onEventClick,
    onEventDrop,
    renderEvent,
    renderTimeOff,
  };

  const viewButton = (v: CalendarView, label: string) => (
    <button
      type="button"
      aria-pressed={view === v}
      title={t("viewHint", { view: label })}
      onClick={() => changeView(v)}
      className={cn(
        "px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md",
        view === v ? "bg-brand-600 text-white" : "bg-white text-gray-800 hover:bg-gray-50",
      )}
    >
      {label}
    </button>
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
      {perDoctor && columns.some((c) => c.schedule) && (
        <p className="flex items-center gap-2 text-sm text-gray-600" data-testid="outside-hours-legend-columns">
          <span aria-hidden className="luna-non-business-swatch inline-block h-3 w-5 rounded-sm ring-1 ring-gray-300" />
          {t("columns.outsideHoursLegend")}
        </p>
      )}
      <div
        className={cn("luna-calendar rounded-lg bg-white p-2 shadow-sm ring-1 ring-gray-200 sm:p-3", loading && "opacity-70")}
        data-testid="calendar"
        data-view={perDoctor ? "doctors" : view}
        aria-busy={loading}
      >
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2" data-testid="calendar-toolbar">
          <div className="flex items-center gap-2">
            <Button type="button" variant="secondary" className="px-3 py-1.5" onClick={goToday}>
              {t("today")}
            </Button>
            <div className="flex">
              <Button
                type="button"
                variant="secondary"
                className="rounded-r-none px-2.5 py-1.5"
                aria-label={view === "timeGridWeek" ? t("nav.prevWeek") : t("nav.prevDay")}
                onClick={() => goTo(shiftDate(date, view, -1))}
              >
                <span aria-hidden>‹</span>
              </Button>
              <Button
                type="button"
                variant="secondary"
                className="-ml-px rounded-l-none px-2.5 py-1.5"
                aria-label={view === "timeGridWeek" ? t("nav.nextWeek") : t("nav.nextDay")}
                onClick={() => goTo(shiftDate(date, view, 1))}
              >
                <span aria-hidden>›</span>
              </Button>
            </div>
          </div>
          <h2 className="text-base font-semibold first-letter:uppercase" aria-live="polite" data-testid="calendar-title">
            {viewTitle({ date, view, locale })}
          </h2>
          <div role="group" aria-label={t("nav.views")} className="flex rounded-md ring-1 ring-gray-300">
            {viewButton("timeGridDay", t("views.day"))}
            {viewButton("timeGridWeek", t("views.week"))}
          </div>
        </div>
        {perDoctor ? (
          // One box scrolls every doctor's column; the doctors' names stay on top while it scrolls.
          <div ref={scroller} className="overflow-auto" style={{ maxHeight: CONTENT_HEIGHT }} data-testid="doctor-columns">
            <div className="luna-doctor-columns" style={{ minWidth: doctors.length * 180 + 56 }}>
              <div
                className="luna-doctor-columns-header sticky top-0 z-20 flex border-b border-gray-200 bg-white"
                data-testid="doctor-columns-header"
              >
                {columns.map((c, index) => (
                  <div
                    key={c.key}
                    role="columnheader"
                    className={cn("flex-1 px-2 py-2 text-center text-sm font-semibold text-gray-900", index === 0 && "luna-first-column")}
                    data-testid="doctor-column-name"
                  >
                    {doctors.find((d) => d.id === c.doctorId)?.name}
                  </div>
                ))}
              </div>
              <div className="flex">
                {columns.map((c, index) => (
                  <div
                    key={c.key}
                    className={cn("min-w-0 flex-1", index === 0 ? "luna-first-column" : "luna-next-column")}
                    data-testid="doctor-column"
                    data-doctor-id={c.doctorId}
                  >
                    <CalendarColumn {...shared} column={c} height="auto" showAxis={index === 0} dayHeaders={false} />
                  </div>
                ))}
              </div>
            </div>
          </div>
        ) : (
          <CalendarColumn {...shared} column={columns[0]} height={CONTENT_HEIGHT} showAxis dayHeaders />
        )}
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
          defaultDoctorId={booking.doctorId || doctorId || doctors[0]?.id}
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

interface CalendarColumnProps {
  column: Column;
  locale: "es" | "en";
  timeZone: string;
  canWrite: boolean;
  date: string;
  view: CalendarView;
  scrollTime: string;
  height: number | "auto";
  showAxis: boolean;
  dayHeaders: boolean;
  onLoading: (key: string, loading: boolean) => void;
  onCount: (key: string, visits: number) => void;
  onFailed: (key: string, failed: boolean) => void;
  register: (key: string, ref: CalendarRef | null) => void;
  openBooking: (at: Date, doctorId?: string) => void;
  onEventClick: (info: { jsEvent: UIEvent; event: { id: string } }) => void;
  onEventDrop: (info: EventDropInfo) => void;
  renderEvent: (arg: EventContentArg) => React.ReactNode;
  renderTimeOff: (arg: EventContentArg) => React.ReactNode;
}

function CalendarColumn({
  column,
  locale,
  timeZone,
  canWrite,
  date,
  view,
  scrollTime,
  height,
  showAxis,
  dayHeaders,
  onLoading,
  onCount,
  onFailed,
  register,
  openBooking,
  onEventClick,
  onEventDrop,
  renderEvent,
  renderTimeOff,
}: CalendarColumnProps) {
  const t = useTranslations("calendar");
  const { key, doctorId, schedule } = column;
  const businessHours = useMemo(() => (schedule ? toBusinessHours(schedule) : false), [schedule]);
  const setRef = useCallback((ref: CalendarRef | null) => register(key, ref), [register, key]);

  // A new function when the doctor or their schedule changes: FullCalendar refetches the visible range.
  const events = useMemo(
    () =>
      async (info: EventSourceFuncInfo): Promise<EventInput[]> => {
        try {
          const query = new URLSearchParams({ from: info.start.toISOString(), to: info.end.toISOString() });
          if (doctorId) query.set("doctorId", doctorId);
          const response = await fetch(`/api/calendar/events?${query}`, { cache: "no-store" });
          if (!response.ok) throw new Error(`calendar events: ${response.status}`);
          const rows = (await response.json()) as CalendarEvent[];
          onFailed(key, false);
          // The doctor's time off, greyed like the hours outside their schedule.
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
          onFailed(key, true);
          return [];
        }
      },
    [doctorId, canWrite, schedule, key, onFailed],
  );

  const buttons = useMemo(() => ({ today: { text: t("today") } }), [t]);
  const onDateClick = useCallback((info: { date: Date }) => openBooking(info.date, doctorId || undefined), [openBooking, doctorId]);
  const onColumnLoading = useCallback((isLoading: boolean) => onLoading(key, isLoading), [onLoading, key]);
  const onEventsSet = useCallback(
    (all: { display: string }[]) => onCount(key, all.filter((e) => e.display !== "background").length),
    [onCount, key],
  );
  // Only the first of the doctors' columns writes the hours; the others keep a narrow blank axis whose label
  // is one hidden digit, so that their lanes are exactly as tall as the first column's.
  const slotHeaderContent = useMemo(
    () =>
      showAxis
        ? undefined
        : () => (
            <span aria-hidden className="invisible">
              0
            </span>
          ),
    [showAxis],
  );

  return (
    <FullCalendar
      ref={setRef}
      plugins={PLUGINS}
      locale={locale === "es" ? esLocale : "en"}
      timeZone={timeZone}
      initialView={view}
      initialDate={date}
      // Monday, in both languages: the home page's "this week" counts the same days (lib/dates.ts).
      firstDay={WEEK_STARTS_ON}
      headerToolbar={false}
      buttons={buttons}
      dayHeaders={dayHeaders}
      // The whole day (early and late visits exist), scrolled to now on today, else to the morning.
      slotDuration="00:30:00"
      // The week's narrow columns get taller half hours, so a name has room for its lines.
      slotMinHeight={view === "timeGridWeek" ? 44 : undefined}
      scrollTime={scrollTime}
      allDaySlot={false}
      nowIndicator
      contentHeight={height}
      editable={canWrite}
      eventDurationEditable={false}
      eventOverlap
      eventAllow={onlyFuture}
      dateClick={onDateClick}
      eventClick={onEventClick}
      eventDrop={onEventDrop}
      events={events}
      loading={onColumnLoading}
      eventsSet={onEventsSet}
      eventContent={renderEvent}
      backgroundEventContent={renderTimeOff}
      businessHours={businessHours}
      nonBusinessHoursClass="luna-non-business"
      slotHeaderContent={slotHeaderContent}
      slotHeaderClass={showAxis ? undefined : "luna-axis-blank"}
    />
  );
}
