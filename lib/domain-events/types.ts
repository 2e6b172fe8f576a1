import type { DoctorTitle } from "@/db/schema/enums";
import type { Db } from "@/db/client";
import type { Appointment, Channel, Delivery, InboundMessage, Patient, SecureLink } from "@/db/schema";
import type { SubjectKey } from "@/lib/notifications/drivers/types";
import type { MessageForecast } from "@/lib/notifications/forecast-messages";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import type { ProviderStatus } from "@/lib/notifications/apply-provider-status";

/** Who changed an appointment: a staff member in the app, or the patient by replying to a message. */
export type AppointmentActor = { kind: "staff"; userId: string } | { kind: "patient"; patientId: string };

interface AppointmentChange {
  clinicId: string;
  /** The appointment as the change left it (new version, new status). */
  appointment: Appointment;
  patient: Patient;
  now: Date;
}

/**
 * What happened in the domain, published inside the transaction that made it happen. Listeners
 * (`lib/domain-events/listeners.ts`) run in that transaction; what they return is handed to the
 * notification driver once it has committed.
 */
export type DomainEvent =
  | ({ type: "appointment.booked" } & AppointmentChange)
  /** `previous`: the time the visit left (the waitlist offers it). */
  | ({ type: "appointment.rescheduled"; previous?: { startsAt: Date; endsAt: Date } } & AppointmentChange)
  /** `appointment.startsAt` may have passed (a visit cancelled after it began gets no notice). */
  | ({ type: "appointment.cancelled"; actor: AppointmentActor } & AppointmentChange)
  | ({ type: "appointment.confirmed"; actor: AppointmentActor } & AppointmentChange)
  | ({ type: "appointment.completed" } & AppointmentChange)
  | ({ type: "appointment.no_show" } & AppointmentChange)
  /** Staff shared a patient link (a lab result, a prescription, an intake form, care instructions). */
  | {
      type: "link.shared";
      clinicId: string;
      patientId: string;
      link: Pick<SecureLink, "id" | "purpose"> & { url: string };
      linkDays: number;
      /** The doctor who wrote what the link opens, as the message names them ("la Dra. López"). */
      doctorName?: string;
      doctorTitle?: DoctorTitle | null;
      now: Date;
    }
  /** Staff sent a charge's payment link to the patient (the request, and the reminders the clinic schedules). */
  | {
      type: "payment.requested";
      clinicId: string;
      patientId: string;
      chargeId: string;
      /** The charge's due date on the clinic's calendar ("YYYY-MM-DD"), for the reminder before it. */
      dueDate: string | null;
      link: { id: string; url: string; expiresAt: Date };
      now: Date;
    }
  /** A charge owes nothing any more: paid in full (online or at the desk) or voided. */
  | { type: "charge.settled"; clinicId: string; chargeId: string; reason: "charge_paid" | "charge_void"; now: Date }
  /** A patient's WhatsApp/SMS reply, as handled (`intent` is what Luna did with it). */
  | {
      type: "reply.received";
      clinicId: string;
      patient: Patient;
      channel: Extract<Channel, "whatsapp" | "sms">;
      intent: InboundMessage["intent"];
      messageSid: string;
      now: Date;
    }
  /** A provider reported a status that moved a delivery forward (or, `changed: false`, did not). */
  | {
      type: "provider.status";
      delivery: Delivery;
      status: ProviderStatus;
      errorCode: string | null;
      changed: boolean;
      now: Date;
    };

export type DomainEventType = DomainEvent["type"];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** What a change leaves for after commit, and what staff are told about its messages. */
export interface ChangeEffects {
  /** Subjects whose pending timers are stale (handed to the driver first). */
  changedSubjects: SubjectKey[];
  /** Deliveries written in the transaction (handed to the driver after commit). */
  scheduled: ScheduledDelivery[];
  /** Per message planned (or left out), what will really happen: the booking toast. */
  forecast: MessageForecast[];
}

/** The handle a change's work (and each listener) gets besides its transaction. */
export interface Change {
  /**
   * Runs every listener of the event, in order, in this transaction, and returns what they produced
   * (also kept for after commit, in `effects`). A listener that throws rolls the whole change back.
   */
  publish<E extends DomainEvent>(event: E): Promise<ChangeEffects>;
  /**
   * Rows the changing module wrote itself, for after commit (the engine's own retries and fallbacks after
   * a provider's answer). Effects of another feature come from listeners, never from here.
   */
  handOver(more: Partial<ChangeEffects>): void;
  /** Everything this change produced so far, nested events and changes included. */
  readonly effects: ChangeEffects;
}

/**
 * A listener runs in the change's transaction (`tx`); throwing rolls the whole change back. It returns
 * what it produced itself; what it publishes on `change` (a first visit's intake form shares a link) is
 * recorded by that publish.
 */
export type Listener<E extends DomainEvent = DomainEvent> = (tx: Db, event: E, change: Change) => Promise<Partial<ChangeEffects> | void>;

export type ListenerMap = { [T in DomainEventType]?: Listener<DomainEventOf<T>>[] };
