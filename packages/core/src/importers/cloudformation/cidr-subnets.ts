/**
 * The first `count` subnets with `hostBits` host bits inside `block` (`10.0.0.0/16`,
 * `2001:db8::/56`), as `Fn::Cidr` returns them; a string saying what is wrong otherwise. IPv6
 * subnets are written in RFC 5952's compressed form.
 */
export function cidrSubnets(block: string, count: number, hostBits: number): string[] | string {
  const slash = block.indexOf('/');
  const address = slash === -1 ? block : block.slice(0, slash);
  const prefix = slash === -1 ? Number.NaN : Number(block.slice(slash + 1));
  const v6 = address.includes(':');
  const width = v6 ? 128 : 32;
  const parsed = v6 ? parseV6(address) : parseV4(address);
  if (parsed === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
    return `the ipBlock of Fn::Cidr must be an IPv4 or IPv6 CIDR block such as 10.0.0.0/16, got ${JSON.stringify(block)}`;
  }
  if (hostBits < 1 || hostBits > width || width - hostBits < prefix) {
    return `cidrBits ${hostBits} does not fit in ${block}: subnets of ${hostBits} host bits are /${width - hostBits}, not inside a /${prefix}`;
  }
  const available = 1n << BigInt(width - hostBits - prefix);
  if (BigInt(count) > available) {
    return `${block} holds only ${available} subnets of ${hostBits} host bits, not ${count}`;
  }
  const network = (parsed >> BigInt(width - prefix)) << BigInt(width - prefix);
  const out: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    const start = network + (i << BigInt(hostBits));
    out.push(`${v6 ? formatV6(start) : formatV4(start)}/${width - hostBits}`);
  }
  return out;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((sum, p) => (sum << 8n) + BigInt(p), 0n);
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((sum, g) => (sum << 16n) + BigInt(`0x${g}`), 0n);
}

function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952 4.2: the longest run of two or more zero groups (the first of equal runs) becomes "::".
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start === -1) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
