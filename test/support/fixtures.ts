// Source text several tiers check: one definition each, so the tiers test the same thing.

/** A case label whose service is misspelled (SRW for SWR): one diagnostic, fixed to `FIXED_CODE`. */
export const TYPO_CODE = 'SVCSTG.SRW.4040010';
export const FIXED_CODE = 'SVCSTG.SWR.4040010';

/** A TypeScript handler with one misspelled case label (`TYPO_CODE`) and nothing else to report. */
export const HANDLER = `switch (code) {\n  case "${TYPO_CODE}":\n    break;\n}\n`;

/** A one-family user catalog (`APIGW.0301`) whose one message is `message`: hostile texts go in there. */
export const goodCatalog = (message: string): string =>
  JSON.stringify({
    id: 'team',
    service: { en: 'Team' },
    families: [{ pattern: 'APIGW\\.[0-9]{4}', name: 'APIGW' }],
    codes: [{ code: 'APIGW.0301', httpStatus: 401, message: { en: message } }],
  });
