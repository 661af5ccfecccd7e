import { cidrSubnet, contains, formatCidr, overlaps, parseCidr } from '../cidr';

describe('cidr', () => {
  it('parses a network CIDR and formats it back', () => {
    expect(formatCidr(parseCidr('10.20.0.0/16')!)).toBe('10.20.0.0/16');
  });

  it('rejects host bits, out-of-range octets and missing prefixes', () => {
    expect(parseCidr('10.0.0.1/16')).toBeUndefined();
    expect(parseCidr('10.0.300.0/24')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('carves subnets like terraform cidrsubnet()', () => {
    expect(formatCidr(cidrSubnet(parseCidr('10.0.0.0/16')!, 4, 3))).toBe('10.0.48.0/20');
  });

  it('knows containment and overlap', () => {
    const vpc = parseCidr('10.0.0.0/16')!;
    expect(contains(vpc, parseCidr('10.0.1.0/24')!)).toBe(true);
    expect(contains(vpc, parseCidr('10.1.0.0/24')!)).toBe(false);
    expect(overlaps(parseCidr('10.0.0.0/23')!, parseCidr('10.0.1.0/24')!)).toBe(true);
    expect(overlaps(parseCidr('10.0.0.0/24')!, parseCidr('10.0.1.0/24')!)).toBe(false);
  });
});
