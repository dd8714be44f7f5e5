import type { TemplateContext } from '../context';
import { fact, p, type Block, type Fact } from '../document';

/** Blocks several notices share. */

export const note = (value: string | null | undefined, label: string): Fact[] =>
  value && value.trim() ? [fact(label, value.trim())] : [];

export const stickerBlockJa = (lent: boolean, c: TemplateContext): Block[] =>
  lent ? [p(`貸与しているセコムWebステッカーは、契約の終了後、直ちに所定の方法で当社にご返却ください（${c.art(12)}）。`)] : [];
export const stickerBlockEn = (lent: boolean, c: TemplateContext): Block[] =>
  lent ? [p(`When the contract ends, please return the SECOM Web Sticker lent to you immediately, by the prescribed method (${c.art(12)}).`)] : [];
