import { corporateNumberCheckDigit } from '@pfw/domain';
import { DEMO_STATES, demoPlan, ERAS } from '@pfw/demo-data';

describe('the demo plan', () => {
  it('is a function of the seed: the same seed and count plan the same contracts, another seed others', () => {
    expect(demoPlan(40, 7)).toEqual(demoPlan(40, 7));
    const other = demoPlan(40, 8);
    expect(other.contracts.map((c) => c.persona)).not.toEqual(demoPlan(40, 7).contracts.map((c) => c.persona));
  });

  it('reaches every state once the count covers them, each state in exactly one era', () => {
    const plan = demoPlan(DEMO_STATES.length, 1);
    expect(new Set(plan.contracts.map((c) => c.state))).toEqual(new Set(DEMO_STATES));
    const inEras = ERAS.flatMap((era) => [...era.states]);
    expect([...inEras].sort()).toEqual([...DEMO_STATES].sort());
  });

  it('plans applicants the service accepts: Japanese addresses, valid corporate numbers, distinct FQDNs and idempotency keys', () => {
    const plan = demoPlan(200, 3);
    for (const { persona } of plan.contracts) {
      const a = persona.applicant;
      expect(a.address.postalCode).toMatch(/^\d{3}-\d{4}$/);
      expect(a.address.prefecture).toMatch(/[都道府県]$/);
      expect(a.contact.phone.replace(/-/g, '')).toMatch(/^0\d{9}$/);
      expect(a.contact.email).toMatch(/^[a-z]+@[a-z0-9.-]+\.example\.co\.jp$/);
      if (a.organizationType === 'SOLE_PROPRIETOR') expect(a.corporateNumber).toBeNull();
      else expect(Number(a.corporateNumber![0])).toBe(corporateNumberCheckDigit(a.corporateNumber!.slice(1)));
    }
    expect(new Set(plan.contracts.map((c) => c.persona.fqdn)).size).toBe(200);
    expect(new Set(plan.contracts.map((c) => c.idempotencyPrefix)).size).toBe(200);
  });

  it('refuses counts and seeds that are not whole numbers in range', () => {
    expect(() => demoPlan(0, 1)).toThrow(RangeError);
    expect(() => demoPlan(1.5, 1)).toThrow(RangeError);
    expect(() => demoPlan(5, -1)).toThrow(RangeError);
  });
});
