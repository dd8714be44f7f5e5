import type { ServiceEvent } from './events';
import type { ServiceState } from './state';

export function evolveService(state: ServiceState, event: ServiceEvent): ServiceState {
  switch (event.type) {
    case 'ServiceSuspended':
      return { ...state, suspended: true, suspensionReason: event.data.reason, suspendedSince: event.data.suspendedAt };
    case 'ServiceResumed':
      return { ...state, suspended: false, suspensionReason: null, suspendedSince: null };
    case 'TermsRevised': {
      const d = event.data;
      return { ...state, termsVersions: [...state.termsVersions, { version: d.version, effectiveFrom: d.effectiveFrom, summary: d.summary, documentSha256: d.documentSha256 }] };
    }
  }
}
