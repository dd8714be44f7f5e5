import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';

/** The 47 prefectures by official Japanese name, in JIS X 0401 order, with their romanized names. */
export const PREFECTURES = [
  ['北海道', 'Hokkaido'], ['青森県', 'Aomori'], ['岩手県', 'Iwate'], ['宮城県', 'Miyagi'], ['秋田県', 'Akita'],
  ['山形県', 'Yamagata'], ['福島県', 'Fukushima'], ['茨城県', 'Ibaraki'], ['栃木県', 'Tochigi'], ['群馬県', 'Gunma'],
  ['埼玉県', 'Saitama'], ['千葉県', 'Chiba'], ['東京都', 'Tokyo'], ['神奈川県', 'Kanagawa'], ['新潟県', 'Niigata'],
  ['富山県', 'Toyama'], ['石川県', 'Ishikawa'], ['福井県', 'Fukui'], ['山梨県', 'Yamanashi'], ['長野県', 'Nagano'],
  ['岐阜県', 'Gifu'], ['静岡県', 'Shizuoka'], ['愛知県', 'Aichi'], ['三重県', 'Mie'], ['滋賀県', 'Shiga'],
  ['京都府', 'Kyoto'], ['大阪府', 'Osaka'], ['兵庫県', 'Hyogo'], ['奈良県', 'Nara'], ['和歌山県', 'Wakayama'],
  ['鳥取県', 'Tottori'], ['島根県', 'Shimane'], ['岡山県', 'Okayama'], ['広島県', 'Hiroshima'], ['山口県', 'Yamaguchi'],
  ['徳島県', 'Tokushima'], ['香川県', 'Kagawa'], ['愛媛県', 'Ehime'], ['高知県', 'Kochi'], ['福岡県', 'Fukuoka'],
  ['佐賀県', 'Saga'], ['長崎県', 'Nagasaki'], ['熊本県', 'Kumamoto'], ['大分県', 'Oita'], ['宮崎県', 'Miyazaki'],
  ['鹿児島県', 'Kagoshima'], ['沖縄県', 'Okinawa'],
] as const;

export type Prefecture = (typeof PREFECTURES)[number][0];

const BY_JAPANESE = new Map<string, Prefecture>();
const BY_ROMAJI = new Map<string, Prefecture>();
for (const [ja, romaji] of PREFECTURES) {
  BY_JAPANESE.set(ja, ja);
  // Without the suffix too (東京 → 東京都), except 北海道 whose 道 is part of the name.
  if (ja !== '北海道') BY_JAPANESE.set(ja.slice(0, -1), ja);
  BY_ROMAJI.set(romaji.toLowerCase(), ja);
}
// Common spellings that long-vowel romanization produces.
for (const [alias, ja] of [
  ['hokkaidou', '北海道'], ['toukyou', '東京都'], ['tokyou', '東京都'], ['kyouto', '京都府'], ['oosaka', '大阪府'],
  ['ohsaka', '大阪府'], ['hyougo', '兵庫県'], ['kouchi', '高知県'], ['ooita', '大分県'], ['gumma', '群馬県'],
] as const) {
  BY_ROMAJI.set(alias, ja);
}

function romajiKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // macrons: Tōkyō → Tokyo
    .toLowerCase()
    .replace(/\b(prefecture|metropolis|metropolitan|pref\.?)\b/g, '')
    .replace(/[\s\-_.,]/g, '')
    .replace(/(?<=.{3})(to|fu|ken)$/, (suffix, _i, whole: string) => (BY_ROMAJI.has(whole) ? suffix : ''));
}

/**
 * Accepts the official Japanese name (東京都), the name without its suffix (東京), or a romanized name
 * (Tokyo, Tokyo-to, Tōkyō, Osaka Prefecture, hokkaido) and answers the official Japanese name.
 */
export function parsePrefecture(input: unknown, field = 'prefecture'): Result<Prefecture, InvalidInput> {
  if (typeof input !== 'string' || input.trim() === '') return fail(new InvalidInput(field, 'one of the 47 prefectures is required'));
  const s = input.normalize('NFKC').trim();
  const ja = BY_JAPANESE.get(s) ?? BY_ROMAJI.get(romajiKey(s));
  if (!ja) return fail(new InvalidInput(field, `"${input}" is not one of the 47 prefectures of Japan (e.g. 東京都, Tokyo)`));
  return ok(ja);
}
