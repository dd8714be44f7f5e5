import { placeholder } from '@pfw/config';
it('resolves @pfw path aliases under jest', () => { expect(placeholder).toBe(1); });
