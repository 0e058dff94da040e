import type { SeededRandom } from "../../random";
import { hex } from "../core/ids";

/**
 * The account's one VPC as the sandbox lays it out: per Availability Zone a small subnet 10.0.<zone index + 1>.0/24,
 * addresses handed out from .4 (AWS reserves the first four), and once it is full a large one,
 * 10.<zone index + 1>.0.0/16, for fleets of thousands of nodes; DNS names in the Region's internal domain.
 */
class Ec2Network {
  readonly vpcId: string;
  readonly #region: string;
  readonly #random: SeededRandom;
  readonly #subnets = new Map<string, { id: string; next: number; large?: { id: string; next: number } }>();
  readonly #taken = new Set<string>();

  constructor(region: string, random: SeededRandom) {
    this.#region = region;
    this.#random = random;
    this.vpcId = `vpc-${hex(random, 17)}`;
  }

  /** `ip-10-0-1-5.eu-west-1.compute.internal`; us-east-1 uses the legacy `ec2.internal` domain. */
  privateDnsName(ip: string): string {
    const domain = this.#region === "us-east-1" ? "ec2.internal" : `${this.#region}.compute.internal`;
    return `ip-${ip.replaceAll(".", "-")}.${domain}`;
  }

  subnetId(availabilityZone: string): string {
    return this.#subnet(availabilityZone).id;
  }

  /** Reserves `requested` (when given) or the zone's next free address. */
  allocateIp(availabilityZone: string, requested?: string): string {
    if (requested !== undefined) {
      this.#taken.add(requested);
      return requested;
    }
    const subnet = this.#subnet(availabilityZone);
    const octet = this.#zoneIndex(availabilityZone) + 1;
    for (;;) {
      const ip = this.#nextAddress(subnet, octet, availabilityZone);
      if (!this.#taken.has(ip)) {
        this.#taken.add(ip);
        return ip;
      }
    }
  }

  #nextAddress(subnet: { next: number; large?: { id: string; next: number } }, octet: number, availabilityZone: string): string {
    if (subnet.next <= 254) return `10.0.${octet}.${subnet.next++}`;
    subnet.large ??= { id: `subnet-${hex(this.#random, 17)}`, next: 4 };
    // /16: .0–.3 of the block and .255.255 are reserved like AWS's first four and last address.
    const offset = subnet.large.next++;
    if (offset > 65_534) throw new RangeError(`subnets of ${availabilityZone} are full`);
    return `10.${octet}.${Math.floor(offset / 256)}.${offset % 256}`;
  }

  #zoneIndex(availabilityZone: string): number {
    const letter = availabilityZone.at(-1) ?? "a";
    return Math.max(0, letter.charCodeAt(0) - "a".charCodeAt(0));
  }

  #subnet(availabilityZone: string): { id: string; next: number } {
    let subnet = this.#subnets.get(availabilityZone);
    if (!subnet) {
      subnet = { id: `subnet-${hex(this.#random, 17)}`, next: 4 };
      this.#subnets.set(availabilityZone, subnet);
    }
    return subnet;
  }
}

export { Ec2Network };
