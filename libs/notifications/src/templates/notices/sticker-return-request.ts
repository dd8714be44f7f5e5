import { NoticeModelError } from '../../errors';
import { parseDate } from '../../format';
import type { StickerReturnRequestNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';
import { CONTRACT_END_LABELS } from '../labels';

// The STICKER_RETURN_REQUEST notice (Art. 12).

export const stickerReturnRequest: Template<StickerReturnRequestNotice> = {
  validate(m) {
    parseDate(m.contractEndedOn, 'contractEndedOn');
    if (!Number.isInteger(m.reminderNumber) || m.reminderNumber < 0) throw new NoticeModelError('reminderNumber', 'must be 0 or more');
  },
  ja(m, c) {
    const again = m.reminderNumber > 0;
    return {
      subject: again ? `セコムWebステッカーご返却のお願い（再送 ${m.reminderNumber}）` : 'セコムWebステッカーご返却のお願い',
      title: 'セコムWebステッカーご返却のお願い',
      blocks: [
        p(`本契約は、${CONTRACT_END_LABELS[m.endReason].ja}により${c.date(m.contractEndedOn, 'contractEndedOn')}に終了しました。`),
        p(`${c.art(12)}に基づき、貸与しているセコムWebステッカーを直ちに所定の方法で当社にご返却ください。${again ? 'ご返却をまだ確認できておりません。' : ''}`),
        ...(m.returnAddress && m.returnAddress.length ? [p(`返却先：\n${m.returnAddress.join('\n')}`)] : []),
        p('本状と行き違いでご返却いただいている場合は、ご容赦ください。'),
      ],
      facts: [
        fact('ステッカーシリアル番号', m.stickerSerial),
        fact('契約終了日', c.date(m.contractEndedOn, 'contractEndedOn')),
        fact('ご返却期限', '直ちに'),
      ],
    };
  },
  en(m, c) {
    const again = m.reminderNumber > 0;
    return {
      subject: again ? `Reminder ${m.reminderNumber}: please return the SECOM Web Sticker` : 'Please return the SECOM Web Sticker',
      title: 'Return of the SECOM Web Sticker',
      blocks: [
        p(`Your contract ended on ${c.date(m.contractEndedOn, 'contractEndedOn')}, by ${CONTRACT_END_LABELS[m.endReason].en}.`),
        p(`Under ${c.art(12)}, please return the SECOM Web Sticker lent to you immediately, by the prescribed method.${again ? ' We have not received it yet.' : ''}`),
        ...(m.returnAddress && m.returnAddress.length ? [p(`Return address:\n${m.returnAddress.join('\n')}`)] : []),
        p('If you have already sent it, please disregard this message.'),
      ],
      facts: [
        fact('Sticker serial', m.stickerSerial),
        fact('Contract ended on', c.date(m.contractEndedOn, 'contractEndedOn')),
        fact('Return by', 'immediately'),
      ],
    };
  },
};
