import { deliverAtTime } from "./deliver-at-time";
import { handOverHorizon } from "./hand-over-horizon";
import { reconcileStatuses } from "./reconcile-statuses";
import { advanceSlotOffersCron } from "./advance-slot-offers";
import { reconcilePayments } from "./reconcile-payments";
import { sendDueEmail, sendDueSms, sendDueWhatsapp } from "./send-due-delivery";
import { sweepDue } from "./sweep-due";

/** Every function the serve route registers with Inngest. */
export const functions = [
  deliverAtTime,
  sendDueWhatsapp,
  sendDueSms,
  sendDueEmail,
  handOverHorizon,
  sweepDue,
  reconcileStatuses,
  advanceSlotOffersCron,
  reconcilePayments,
];

export {
  deliverAtTime,
  sendDueWhatsapp,
  sendDueSms,
  sendDueEmail,
  handOverHorizon,
  sweepDue,
  reconcileStatuses,
  advanceSlotOffersCron,
  reconcilePayments,
};
