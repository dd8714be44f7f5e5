/** The e2e suites make their CSRs the way the demo data does. */
export { makeCsrPem } from '@pfw/demo-data';
