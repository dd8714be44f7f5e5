'use strict';
/** What an admin UI's contract page asks for (API.md's `Contract`, without the certificates' PEM). */
const CONTRACT_SELECTION = `
  id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod
  termsVersion governingTermsVersion submittedAt acceptedAt renewalOf supersedes version position personalDataShredded
  applicant { organizationName organizationType corporateNumber representativeName
    address { postalCode prefecture city street } contact { name email phone } }
  documents { id kind sha256 }
  screening { result reasons note by { id role } }
  invoice { id subtotalJpy taxJpy amountJpy paidJpy outstandingJpy issuedOn dueOn status }
  certificates { serialNumber notBefore notAfter fingerprintSha256 status deliveredAt }
  currentCertificate { serialNumber notAfter }
  sticker { status serial shippedOn }
  revocation { reason crlReason status requestedAt revokedAt deadline }
  notifications { kind channel sentAt }
`;

module.exports = { CONTRACT_SELECTION };
