export * from './types';
export * from './applicant';
export * from './commands';
export * from './events';
export * from './state';
export * from './evolve';
export * from './decide';
export * from './revocation-table';
export * from './coverage';
export * from './compensation';
export { missingDocumentKinds } from './rules/application';
export { nonPaymentProblem } from './rules/revocation';
export { invoicingRefusal, overdueMarkingRefusal } from './rules/billing';
export { certificateRequestRefusal } from './rules/certificate';
export { terminationRefusal } from './rules/ending';

