import type { PainDuration, PainLocation } from "../db/intake";
import { PAIN_DURATION_LABELS, PAIN_LOCATION_CHOICES } from "./content/intake";
import { describeOffering, formatWhen, money, seatsRow, shortWhen } from "./kit/booking-parts";
import { escapeHtml, oneLine } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { details, heading, paragraph, P_STYLE, smallPrint, subheading, title, type DetailRow, type Part } from "./kit/parts";
import { bookingUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

/** The intake as given; a null location means it was erased under the retention rule. */
export type StaffIntake = { painLocation: PainLocation | null; painDuration: PainDuration | null; notes: string | null };

const ERASED = "Erased under our retention rule";
const whereItHurts = (location: PainLocation | null) => (location ? PAIN_LOCATION_CHOICES[location].label : ERASED);

function places(count: number): string {
  return `${count} ${count === 1 ? "place" : "places"}`;
}

/** The customer's notes as they wrote them, line breaks kept; quoted in plain text. */
function notesPart(notes: string | null): Part {
  const trimmed = notes?.trim();
  if (!trimmed) return paragraph("No notes given.");
  return {
    html: `<p class="pfm-text" style="${P_STYLE}">${escapeHtml(trimmed).replace(/\r?\n/g, "<br>")}</p>`,
    text: trimmed
      .split(/\r?\n/)
      .map((line) => `  > ${line}`)
      .join("\n"),
  };
}

/** To the studio: who booked what, and the intake they gave. */
export function renderStaffNewBooking(ctx: EmailContext, options: { intake: StaffIntake }): RenderedEmail {
  const { booking, offering } = ctx;
  const { intake } = options;
  const seats = offering.kind === "workshop" ? places(booking.seats) : "One-to-one";
  const instructorRow: DetailRow[] = ctx.slot.instructor ? [["Instructor", [ctx.slot.instructor]]] : [];
  const parts: Part[] = [
    title("New booking"),
    paragraph(
      { strong: oneLine(booking.customerName) },
      ` booked ${seats === "One-to-one" ? "a one-to-one" : seats} for ${offering.title} on ${formatWhen(ctx)}.`,
    ),
    details([
      ["Customer", [oneLine(booking.customerName)]],
      ["Email", [{ href: `mailto:${booking.customerEmail}`, label: booking.customerEmail }]],
      ["What", [describeOffering(ctx)]],
      ["When", [formatWhen(ctx)]],
      ["Where", [offering.location]],
      ...instructorRow,
      seatsRow(ctx),
      ["Paid", [money(ctx, booking.amountPaidMinor)]],
      ["Reference", [booking.reference]],
    ]),
    heading("Intake"),
    details([
      ["Where it hurts", [whereItHurts(intake.painLocation)]],
      ["For how long", [intake.painDuration ? PAIN_DURATION_LABELS[intake.painDuration] : "Not given"]],
    ]),
    subheading("Notes from the customer"),
    notesPart(intake.notes),
    smallPrint("The customer's booking page: ", { href: bookingUrl(ctx), label: bookingUrl(ctx) }),
  ];
  return renderDocument({
    ctx,
    audience: "staff",
    subject: `New booking: ${oneLine(booking.customerName)}, ${seats.toLowerCase()}, ${offering.title}, ${shortWhen(ctx)}`,
    preheader: `${booking.reference}: ${money(ctx, booking.amountPaidMinor)} paid. Knee: ${whereItHurts(intake.painLocation)}.`,
    parts,
  });
}
