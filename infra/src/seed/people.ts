import type { QuotaType } from '@bianzhi/contracts/ledger';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { retirementMonthStart } from '@bianzhi/domain/retirement';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const given = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娟建文辉力宁海燕鹏飞慧颖晨阳雪梅琳倩浩宇凯欣怡';
const educations = ['研究生', '本科', '本科', '本科', '大专'];
const DAY = 86_400_000;
const AGE_SPAN_DAYS = 38 * 365;

export interface SyntheticPerson {
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  education: string;
  postCategory: 'management' | 'professional' | 'worker';
  retiresOn: string;
  entryKind: 'exam' | 'transfer_in';
  enteredOn: string;
}

/**
 * Generated people for the demo seed and the benchmark data sets. Per division code a running
 * number k gives a distinct (birth date, sequence) pair, so ID numbers never repeat (valid GB 11643
 * check characters, born up to 60 years before `today`); anyone the 2025 schedule has already
 * retired is skipped. The post category follows the quota type.
 */
export function syntheticPeople(today: Date): (divisionCode: string, ledger: QuotaType) => SyntheticPerson {
  const oldest = Date.UTC(today.getUTCFullYear() - 60, today.getUTCMonth(), 1);
  const thisMonth = `${today.toISOString().slice(0, 7)}-01`;
  const lastYear = today.getUTCFullYear() - 1;
  const serials = new Map<string, number>();
  return (divisionCode, ledger) => {
    let k = serials.get(divisionCode) ?? 0;
    const postCategory = ledger === 'organ_worker' ? 'worker' : ledger === 'institution' && k % 4 !== 0 ? 'professional' : 'management';
    let male: boolean, birth: Date, birthDate: string, body: string, retiresOn: string;
    do {
      male = k % 2 === 1;
      const half = Math.floor(k / 2);
      // A stride coprime to the span visits every day of it once per block, spreading ages from the first person on.
      birth = new Date(oldest + ((half * 7919) % AGE_SPAN_DAYS) * DAY);
      const sequence = Math.floor(half / AGE_SPAN_DAYS) * 2 + (male ? 1 : 0);
      birthDate = birth.toISOString().slice(0, 10);
      body = `${divisionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
      retiresOn = retirementMonthStart({ birthDate, sex: male ? 'male' : 'female', postCategory });
      k += 1;
    } while (retiresOn <= thisMonth);
    serials.set(divisionCode, k);
    const entered = Math.min(Math.max(birth.getUTCFullYear() + 23, 1990), lastYear);
    return {
      idNumber: body + idNumberCheckCharacter(body)!,
      name: surnames[k % surnames.length]! + given[(k * 7) % given.length]! + (k % 3 === 0 ? '' : given[(k * 13) % given.length]!),
      sex: male ? 'male' : 'female',
      birthDate,
      education: educations[k % educations.length]!,
      postCategory,
      retiresOn,
      entryKind: k % 10 === 0 ? 'transfer_in' : 'exam',
      enteredOn: `${entered}-0${1 + (k % 9)}-01`,
    };
  };
}
