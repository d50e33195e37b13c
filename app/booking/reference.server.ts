import { customAlphabet } from "nanoid";

/** No 0/O, 1/I/L: a reference is read out over the phone. */
const referenceSuffix = customAlphabet("23456789ABCDEFGHJKMNPQRSTUVWXYZ", 4);

/** A short human reference such as PFM-7K3Q (unique in the database; retried on a clash). */
export function newBookingReference(): string {
  return `PFM-${referenceSuffix()}`;
}
