import { customerEmailLink, customerPhoneLink, describeOffering, formatWhen, money, seatsRow, shortWhen } from "./kit/booking-parts";
import { isolate, oneLine } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, details, paragraph, smallPrint, title, type DetailRow, type Part } from "./kit/parts";
import type { EmailContext, RenderedEmail } from "./types";

export type StaffNewBookingOptions = {
  /** The date's roster in the console, where the customer's intake is read (and nowhere else). */
  rosterUrl: string;
};

function places(count: number): string {
  return `${count} ${count === 1 ? "place" : "places"}`;
}

/**
 * To the studio: who booked what. The intake (knee, how long, notes) is not in the email: it is
 * on the roster, so the 12-month deletion reaches every copy of it.
 */
export function renderStaffNewBooking(ctx: EmailContext, options: StaffNewBookingOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const seats = offering.kind === "workshop" ? places(booking.seats) : "One-to-one";
  const instructorRow: DetailRow[] = ctx.slot.instructor ? [["Instructor", [{ name: ctx.slot.instructor }]]] : [];
  const customer = oneLine(booking.customerName);
  const parts: Part[] = [
    title("New booking"),
    paragraph(
      { name: customer, strong: true },
      ` booked ${seats === "One-to-one" ? "a one-to-one" : seats} for ${offering.title} on ${formatWhen(ctx)}.`,
    ),
    details([
      ["Customer", [{ name: customer }]],
      ["Email", [customerEmailLink(booking.customerEmail)]],
      ["Phone", [customerPhoneLink(booking.customerPhone)]],
      ["What", [describeOffering(ctx)]],
      ["When", [formatWhen(ctx)]],
      ["Where", [offering.location]],
      ...instructorRow,
      seatsRow(ctx),
      ["Paid", [money(ctx, booking.amountPaidMinor)]],
      ["Reference", [booking.reference]],
    ]),
    paragraph("What they told us about their knee is on the date's roster in the studio console (sign-in needed)."),
    button(options.rosterUrl, "Open the roster"),
    smallPrint("Health answers stay in the console only, so they are deleted everywhere when the terms say so."),
  ];
  return renderDocument({
    ctx,
    audience: "staff",
    // Isolated, so a right-to-left name keeps "New booking:" before it and the places after it.
    subject: `New booking: ${isolate(customer)}, ${seats.toLowerCase()}, ${offering.title}, ${shortWhen(ctx)}`,
    preheader: `${booking.reference}: ${money(ctx, booking.amountPaidMinor)} paid.`,
    parts,
  });
}
