// Many services' catalogs, generated: what the bundle will hold (sixty services, thousands of
// codes) without depending on which catalogs are bundled. ECS (two families, as its page has
// `Ecs.` and `Common.`), VPC and RDS are named; the rest are `svc-NN` with `SNN.` codes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './files';

interface GeneratedCatalog {
  id: string;
  service: { en: string; 'zh-CN'?: string };
  families: { pattern: string; name: string }[];
  codes: { code: string; httpStatus: number; message: { en: string } }[];
}

/** Words each generated message is made of: a few codes of every service share "quota". */
const SUBJECTS = ['quota', 'flavor', 'subnet', 'volume', 'token', 'bucket', 'image', 'instance', 'policy', 'network'];

function codes(prefix: string, digits: number, count: number, subject: (i: number) => string) {
  return Array.from({ length: count }, (_, i) => ({
    code: `${prefix}${String(1000 + i).padStart(digits, '0')}`,
    httpStatus: 400 + (i % 5),
    message: { en: `The ${subject(i)} request number ${i} was refused.` },
  }));
}

/**
 * `services` catalogs of `perService` codes each (ECS has as many again in its second family).
 * ECS's codes are about flavors, VPC's about subnets, RDS's about instances; every tenth code
 * of every service is about its quota.
 */
export function manyCatalogs(services = 60, perService = 130): GeneratedCatalog[] {
  const subject = (own: string) => (i: number) => (i % 10 === 0 ? 'quota' : i % 10 === 1 ? own : SUBJECTS[i % SUBJECTS.length]);
  const out: GeneratedCatalog[] = [
    {
      id: 'ecs',
      service: { en: 'Elastic Cloud Server (ECS)', 'zh-CN': '弹性云服务器 ECS' },
      families: [
        { pattern: 'Ecs\\.[0-9]{4}', name: 'ECS' },
        { pattern: 'Common\\.[0-9]{4}', name: 'Common' },
      ],
      codes: [...codes('Ecs.', 4, perService, subject('flavor')), ...codes('Common.', 4, perService, subject('flavor'))],
    },
    {
      id: 'vpc',
      service: { en: 'Virtual Private Cloud (VPC)' },
      families: [{ pattern: 'VPC\\.[0-9]{4}', name: 'VPC' }],
      codes: codes('VPC.', 4, perService, subject('subnet')),
    },
    {
      id: 'rds',
      service: { en: 'Relational Database Service (RDS)' },
      families: [{ pattern: 'DBS\\.[0-9]{6}', name: 'DBS' }],
      codes: codes('DBS.', 6, perService, subject('instance')),
    },
  ];
  for (let n = out.length; n < services; n++) {
    const nn = String(n).padStart(2, '0');
    out.push({
      id: `svc-${nn}`,
      service: { en: `Generated Service ${nn}` },
      families: [{ pattern: `S${nn}\\.[0-9]{4}`, name: `S${nn}` }],
      codes: codes(`S${nn}.`, 4, perService, subject('token')),
    });
  }
  return out;
}

/** A new folder holding the catalogs as `ID.json`, as the bundle's folder does (for ERROR_CODES_CATALOGS). */
export function catalogFolder(catalogs: readonly GeneratedCatalog[]): string {
  const dir = tempDir('error-codes-services-');
  for (const c of catalogs) fs.writeFileSync(path.join(dir, `${c.id}.json`), JSON.stringify(c));
  return dir;
}
