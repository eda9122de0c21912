import ipaddr from "ipaddr.js";
import type { Keyring } from "../security/encryption.js";

/** The network an address belongs to: /24 for IPv4, /48 for IPv6 (IPv4-mapped IPv6 counts as IPv4). */
export function truncateIp(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === "ipv4") return `${(parsed as ipaddr.IPv4).octets.slice(0, 3).join(".")}.0/24`;
  return `${(parsed as ipaddr.IPv6).parts
    .slice(0, 3)
    .map((p) => p.toString(16))
    .join(":")}::/48`;
}

/** A salted (keyed) hash of the truncated address: proof of roughly where a choice came from, never the IP. */
export function ipHash(keyring: Keyring, address: string | undefined): string | undefined {
  const network = address && truncateIp(address);
  return network ? keyring.pseudonym("ip", network) : undefined;
}
