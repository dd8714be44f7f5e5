import { corporateNumberCheckDigit } from '@pfw/domain';
import type { SeededRandom } from './random';

/** What a demo customer submits: the applicant part of SubmitApplicationInput. */
export interface DemoApplicant {
  readonly organizationName: string;
  readonly organizationType: 'CORPORATION' | 'OTHER_LEGAL_ENTITY' | 'APPROVED_ORGANIZATION' | 'SOLE_PROPRIETOR';
  readonly corporateNumber: string | null;
  readonly address: { readonly postalCode: string; readonly prefecture: string; readonly city: string; readonly street: string };
  readonly representativeName: string;
  readonly contact: { readonly name: string; readonly email: string; readonly phone: string };
}

export interface DemoPersona {
  readonly applicant: DemoApplicant;
  /** A host under example.co.jp (RFC 2606-style: never a real customer's domain). */
  readonly fqdn: string;
}

/** Name stems with their romanized form (for the FQDN and the e-mail address). */
const STEMS: readonly (readonly [string, string])[] = [
  ['さくら', 'sakura'], ['みなと', 'minato'], ['あおば', 'aoba'], ['ひかり', 'hikari'], ['やまと', 'yamato'],
  ['東邦', 'toho'], ['北斗', 'hokuto'], ['大和', 'daiwa'], ['富士見', 'fujimi'], ['瀬戸内', 'setouchi'],
  ['若葉', 'wakaba'], ['千代田', 'chiyoda'], ['日向', 'hinata'], ['白樺', 'shirakaba'], ['紀州', 'kishu'],
  ['常磐', 'tokiwa'], ['橘', 'tachibana'], ['銀河', 'ginga'], ['青空', 'aozora'], ['港北', 'kohoku'],
];
const TRADES: readonly (readonly [string, string])[] = [
  ['商事', 'shoji'], ['製作所', 'seisakusho'], ['物産', 'bussan'], ['システムズ', 'systems'], ['電機', 'denki'],
  ['建設', 'kensetsu'], ['食品', 'foods'], ['運輸', 'unyu'], ['ソフト', 'soft'], ['不動産', 'fudosan'],
];

/** Real postal codes with their prefecture, city and a plausible street. */
const PLACES: readonly (readonly [string, string, string, string])[] = [
  ['100-0005', '東京都', '千代田区', '丸の内1-1-1'],
  ['150-0001', '東京都', '渋谷区', '神宮前1-5-1'],
  ['530-0001', '大阪府', '大阪市北区', '梅田3-1-3'],
  ['460-0008', '愛知県', '名古屋市中区', '栄3-4-5'],
  ['060-0001', '北海道', '札幌市中央区', '北一条西2-1'],
  ['812-0011', '福岡県', '福岡市博多区', '博多駅前2-1-1'],
  ['980-0021', '宮城県', '仙台市青葉区', '中央1-3-1'],
  ['220-0012', '神奈川県', '横浜市西区', 'みなとみらい2-2-1'],
  ['600-8216', '京都府', '京都市下京区', '烏丸通七条下ル東塩小路町721-1'],
  ['730-0011', '広島県', '広島市中区', '基町6-78'],
  ['900-0015', '沖縄県', '那覇市', '久茂地1-1-1'],
  ['370-0841', '群馬県', '高崎市', '栄町3-23'],
];
const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田'];
const GIVEN = ['太郎', '花子', '健一', '美咲', '大輔', '陽子', '翔太', '由美', '誠', '恵', '拓也', '彩'];
const ROMAN_GIVEN = ['taro', 'hanako', 'kenichi', 'misaki', 'daisuke', 'yoko', 'shota', 'yumi', 'makoto', 'megumi', 'takuya', 'aya'];

const person = (random: SeededRandom): { name: string; roman: string } => {
  const given = random.int(GIVEN.length);
  return { name: `${random.pick(FAMILY)} ${GIVEN[given]}`, roman: ROMAN_GIVEN[given]! };
};

/** A 13-digit corporate number with a valid check digit (its first digit). */
function corporateNumber(random: SeededRandom): string {
  const base = Array.from({ length: 12 }, () => random.int(10)).join('');
  return `${corporateNumberCheckDigit(base)}${base}`;
}

/** The `index`-th demo customer: a Japanese organization with a base in Japan, its people and its web server. */
export function demoPersona(random: SeededRandom, index: number): DemoPersona {
  const [stem, stemRoman] = random.pick(STEMS);
  const [trade, tradeRoman] = random.pick(TRADES);
  const [postalCode, prefecture, city, street] = random.pick(PLACES);
  const kind = random.int(10);
  const organizationType = kind < 7 ? 'CORPORATION' : kind < 8 ? 'OTHER_LEGAL_ENTITY' : 'SOLE_PROPRIETOR';
  const organizationName =
    organizationType === 'CORPORATION'
      ? random.chance(0.5) ? `株式会社${stem}${trade}` : `${stem}${trade}株式会社`
      : organizationType === 'OTHER_LEGAL_ENTITY' ? `一般社団法人${stem}${trade}協会` : `${stem}${trade}`;
  const representative = person(random);
  const contact = person(random);
  const slug = `${stemRoman}-${tradeRoman}-${index + 1}`;
  const domain = `${slug}.example.co.jp`;
  // Ten digits in all: a two-digit area code takes 4 + 4 more, a three-digit one 3 + 4.
  const area = random.pick(['03', '06', '052', '011', '092']);
  const middle = area.length === 2 ? 1000 + random.int(9000) : 100 + random.int(900);
  return {
    applicant: {
      organizationName,
      organizationType,
      corporateNumber: organizationType === 'SOLE_PROPRIETOR' ? null : corporateNumber(random),
      address: { postalCode, prefecture, city, street },
      representativeName: representative.name,
      contact: { name: contact.name, email: `${contact.roman}@${domain}`, phone: `${area}-${middle}-${1000 + random.int(9000)}` },
    },
    fqdn: `www.${domain}`,
  };
}
