import { accept } from '../../result';
import { toJapanDate } from '../../time/japan-date';
import type { LendSticker, RecordStickerReturned, RequestStickerReturn } from '../commands';
import { ENDED_STATUSES, VALID_CONTRACT_STATUSES } from '../types';
import { invalid, pastDate, text, violation, type Rule } from './common';
import { INPUT_LIMITS } from '../../values/text';

/** Art. 4(5): the sticker is lent only if requested, once the application is accepted. */
export const lendSticker: Rule<LendSticker> = (cmd, c) => {
  if (!c.stickerRequested) return violation('Art. 4', 'the customer did not request the sticker');
  if (!VALID_CONTRACT_STATUSES.includes(c.status)) {
    return violation(c.endedAt ? 'Art. 12' : 'Art. 4', `a sticker is lent only while the contract is valid (it is ${c.status})`);
  }
  if (c.sticker.status !== 'REQUESTED') return violation('Art. 4', `the sticker was already lent (${c.sticker.serial})`);
  const serial = text(cmd.stickerSerial, 'stickerSerial', 'the sticker serial', INPUT_LIMITS.stickerSerial);
  if (!serial.ok) return serial;
  const shippedOn = pastDate(cmd.shippedOn, 'shippedOn', cmd.at);
  if (!shippedOn.ok) return shippedOn;
  return accept({ type: 'StickerLent', data: { stickerSerial: serial.value, shippedOn: shippedOn.value, address: c.deliveryAddress } });
};

/** Art. 12: when the contract ends, a lent sticker is due back at once. */
export const requestStickerReturn: Rule<RequestStickerReturn> = (cmd, c) => {
  if (c.sticker.status !== 'LENT') {
    return violation('Art. 12', c.sticker.status === 'RETURN_REQUESTED' ? 'the return was already requested' : `no sticker is out (sticker ${c.sticker.status})`);
  }
  if (!ENDED_STATUSES.includes(c.status)) return violation('Art. 12', `the sticker is due back only when the contract ends (it is ${c.status})`);
  return accept({
    type: 'StickerReturnRequested',
    data: { stickerSerial: c.sticker.serial!, requestedAt: cmd.at, dueOn: toJapanDate(cmd.at) },
  });
};

/** Art. 12: the sticker came back (at the end, or earlier if the customer sends it). */
export const recordStickerReturned: Rule<RecordStickerReturned> = (cmd, c) => {
  if (c.sticker.status !== 'LENT' && c.sticker.status !== 'RETURN_REQUESTED') return violation('Art. 12', `no sticker is out (sticker ${c.sticker.status})`);
  if (cmd.stickerSerial !== c.sticker.serial) return invalid('stickerSerial', `the sticker lent is ${c.sticker.serial}, not ${String(cmd.stickerSerial)}`);
  const receivedOn = pastDate(cmd.receivedOn, 'receivedOn', cmd.at);
  if (!receivedOn.ok) return receivedOn;
  if (receivedOn.value < c.sticker.shippedOn!) return invalid('receivedOn', `${receivedOn.value} is before the sticker was shipped (${c.sticker.shippedOn})`);
  return accept({ type: 'StickerReturned', data: { stickerSerial: c.sticker.serial!, receivedOn: receivedOn.value } });
};
