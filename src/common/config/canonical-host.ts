// Java's InetAddress.getLocalHost().getCanonicalHostName(), which Kafka 2.4.1 advertises for a
// listener with an empty host: resolve this machine's host name to an address, then reverse-look
// that address up; fall back to the address text (as Java does) or the bare host name.

import { promises as dns } from 'dns';
import * as os from 'os';

export async function canonicalLocalHostName(): Promise<string> {
  const hostName = os.hostname();
  let address: string;
  try {
    address = (await dns.lookup(hostName)).address;
  } catch {
    return hostName;
  }
  try {
    return (await dns.lookupService(address, 0)).hostname;
  } catch {
    return address;
  }
}
