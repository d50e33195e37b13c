import type { BookingStatus } from "../../db/schema";

/** Each booking state's chip: the words say it; the colour only repeats them. */
const STATUS_CHIP: Record<BookingStatus, string> = {
  confirmed: "chip",
  pending_payment: "chip chip--full",
  expired: "chip chip--muted",
  cancelled: "chip chip--cancelled",
};

export function StatusChip({ status, words }: { status: BookingStatus; words: string }) {
  return <span className={STATUS_CHIP[status]}>{words}</span>;
}
