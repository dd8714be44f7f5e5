import { Logger } from '@nestjs/common';
import { describeError, nestLogger } from '@pfw/logging';

describe('logging', () => {
  it('describeError names the error and its message, and shows any other value as text', () => {
    expect(describeError(new RangeError('too far'))).toBe('RangeError: too far');
    expect(describeError('plain')).toBe('plain');
  });

  it("nestLogger hands the message and the facts as one object to Nest's Logger (pino merges them into its line)", () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const logger = nestLogger('Test');
      logger.info({}, 'started');
      logger.error({ projection: 'contracts', attempts: 2 }, 'projection failed');
      expect(log).toHaveBeenCalledWith({ msg: 'started' });
      expect(error).toHaveBeenCalledWith({ msg: 'projection failed', projection: 'contracts', attempts: 2 });
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
