import ipaddr from "ipaddr.js";

/**
 * The network a booking request came from, as the hold limits count it: the exact IPv4 address,
 * or the /64 of an IPv6 address (one household or phone usually gets a whole /64, so counting
 * single IPv6 addresses would let one visitor hold a class). An IPv4 address seen as IPv6
 * (`::ffff:203.0.113.7`) counts as IPv4. Null when the address can't be read.
 */
export function clientNetworkOf(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${ipaddr.IPv6.parse(`${parts.map((part) => part.toString(16)).join(":")}::`).toString()}/64`;
}
