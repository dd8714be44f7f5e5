'use strict';
/**
 * Makes what the command runs need and the product must not spend timed work on: one real PKCS #10 request per
 * contract (test/support/csr.ts: ECDSA P-256, CN and SAN = the contract's FQDN) and one real certificate PEM
 * (test/support/api.ts makeCertificate) whose size every CertificateIssued event carries.
 * argv: JSON { out, count }
 */
const fs = require('node:fs');
const { done } = require('../lib/worker');

async function main() {
  const { out, count } = JSON.parse(process.argv[2]);
  const { makeCsrPem } = require('../../test/support/csr.ts');
  const { makeCertificate } = require('../../test/support/api.ts');
  const contracts = [];
  for (let i = 0; i < count; i++) {
    const fqdn = `www.c${i}.bench.example.co.jp`;
    contracts.push({ fqdn, csrPem: await makeCsrPem(fqdn) });
  }
  const c = await makeCertificate('www.bench.example.co.jp', 90);
  fs.writeFileSync(out, JSON.stringify({ contracts, cert: { pem: c.pem, subject: c.subject, issuer: c.issuer } }));
  return { contracts: count };
}

done(main);
