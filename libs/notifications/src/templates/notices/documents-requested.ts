import { NoticeModelError } from '../../errors';
import { parseDate } from '../../format';
import type { DocumentsRequestedNotice } from '../../model';
import type { Template } from '../context';
import { fact, list, p } from '../document';
import { note } from './shared';

// The DOCUMENTS_REQUESTED notice (Art. 4(1)).

export const documentsRequested: Template<DocumentsRequestedNotice> = {
  validate(m) {
    parseDate(m.requestedOn, 'requestedOn');
    if (m.respondBy) parseDate(m.respondBy, 'respondBy');
    if (m.documentKinds.length === 0) throw new NoticeModelError('documentKinds', 'names at least one document', 'Art. 4');
  },
  ja(m, c) {
    return {
      subject: '追加書類ご提出のお願い',
      title: '追加書類ご提出のお願い',
      blocks: [
        p(`${c.sender.serviceName.ja}のお申込みについて、審査に必要な書類（${c.art(4)}）が不足しております。下記の書類を所定の方法でご提出ください。`),
        list(m.documentKinds),
        ...(m.respondBy ? [p(`${c.date(m.respondBy, 'respondBy')}までにご提出くださいますようお願いいたします。`)] : []),
        p('書類の確認後、審査を再開いたします。'),
      ],
      facts: [
        fact('ご依頼日', c.date(m.requestedOn, 'requestedOn')),
        ...(m.respondBy ? [fact('ご提出期限', c.date(m.respondBy, 'respondBy'))] : []),
        ...note(m.note, '備考'),
      ],
    };
  },
  en(m, c) {
    return {
      subject: 'Additional documents requested',
      title: 'Additional documents requested',
      blocks: [
        p(`Your application for ${c.sender.serviceName.en} lacks documents required for screening (${c.art(4, 1)}). Please submit the following by the prescribed method:`),
        list(m.documentKinds),
        ...(m.respondBy ? [p(`Please submit them by ${c.date(m.respondBy, 'respondBy')}.`)] : []),
        p('We will resume screening once we have checked them.'),
      ],
      facts: [
        fact('Requested on', c.date(m.requestedOn, 'requestedOn')),
        ...(m.respondBy ? [fact('Please submit by', c.date(m.respondBy, 'respondBy'))] : []),
        ...note(m.note, 'Note'),
      ],
    };
  },
};
