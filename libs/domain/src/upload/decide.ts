import type { Decider } from '../decider';
import { InvalidInput, RuleViolation } from '../errors';
import { accept, refuse, type Decision } from '../result';
import { HOUR_MS } from '../time/durations';
import type { UploadCommand } from './commands';
import type { UploadEvent } from './events';

export interface UploadState {
  /** The destruction already recorded, if any. */
  readonly destroyedAt: Date | null;
}

export const initialUploadState: UploadState = { destroyedAt: null };

export function evolveUpload(state: UploadState, event: UploadEvent): UploadState {
  switch (event.type) {
    case 'UnattachedUploadDestroyed':
      return { ...state, destroyedAt: event.data.destroyedAt };
  }
}

const validDate = (d: unknown): d is Date => d instanceof Date && Number.isFinite(d.getTime());

/**
 * Art. 4: an upload's destruction is recorded once, and only after the time it was kept for an application:
 * recording it again writes nothing (the store may be asked twice after a crash); before the retention ends it is
 * refused.
 */
export function decideUpload(command: UploadCommand, state: UploadState): Decision<UploadEvent> {
  const { document: d } = command;
  if (!validDate(command.at) || !validDate(command.uploadedAt) || !validDate(command.destroyedAt)) {
    return refuse(new InvalidInput('destroyedAt', 'the upload and destruction instants are required'));
  }
  if (!d || typeof d.id !== 'string' || d.id === '' || typeof d.kind !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256)) {
    return refuse(new InvalidInput('document', 'the document’s id, kind and lowercase hex SHA-256 are required'));
  }
  if (!(command.attachWithinHours > 0)) return refuse(new InvalidInput('attachWithinHours', 'must be a positive number of hours'));
  if (state.destroyedAt !== null) return accept();
  const keptUntil = command.uploadedAt.getTime() + command.attachWithinHours * HOUR_MS;
  if (command.destroyedAt.getTime() < keptUntil) {
    return refuse(new RuleViolation('Art. 4', `an upload waits ${command.attachWithinHours} h to be attached: not before ${new Date(keptUntil).toISOString()}`));
  }
  return accept({
    type: 'UnattachedUploadDestroyed',
    data: { document: { id: d.id, kind: d.kind, sha256: d.sha256 }, uploadedAt: command.uploadedAt, destroyedAt: command.destroyedAt, attachWithinHours: command.attachWithinHours, by: command.actor },
  });
}

export type UploadDecider = Decider<UploadCommand, UploadState, UploadEvent>;

export const uploadDecider: UploadDecider = { initialState: initialUploadState, decide: decideUpload, evolve: evolveUpload };
