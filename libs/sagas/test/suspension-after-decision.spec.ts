import { randomUUID } from 'node:crypto';
import { Deciders, ServiceStateReader, StreamCommandExecutor } from '@pfw/application';
import type { CaGateway, IssuanceRequest, LocalCertificateAuthority } from '@pfw/ca-gateway';
import { SERVICE_STREAM_ID, type ServiceCommand } from '@pfw/domain';
import { createHarness, staff, type Harness } from './support/harness';

/**
 * Commands decide on a cached service state (ServiceStateReader.read); the request to the CA is what Art. 6
 * forbids while suspended, and its saga step reads the service stream as it is now.
 */
describe('Art. 6: a suspension decided after a command started', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('still refuses the CA request at the saga step; the request goes out on resume', async () => {
    const submitted: string[] = [];
    const recording = (ca: LocalCertificateAuthority): CaGateway =>
      new Proxy(ca, {
        get(target, prop) {
          if (prop === 'submitIssuance') {
            return (request: IssuanceRequest) => {
              submitted.push(request.orderId);
              return target.submitIssuance(request);
            };
          }
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    // Commands may decide on a service state read up to an hour before: the window is made wide on purpose.
    h = await createHarness({ serviceStateMaxAgeMs: 3_600_000, wrapCa: recording });
    const deciders = h.module.get(Deciders);
    const reader = h.module.get(ServiceStateReader);

    // Given an application submitted and screened while the service runs (its commands read the service state)
    const id = await h.submit();
    await h.pass(id);
    // When another process suspends the service (this process's cached state does not know yet) …
    const elsewhere = new StreamCommandExecutor(h.store, h.serializer);
    const serviceCommand = (command: { readonly type: 'SuspendService' | 'ResumeService'; readonly reason: string }) =>
      elsewhere.execute(deciders.service, SERVICE_STREAM_ID, { ...command, at: h.clock.now(), actor: staff.admin } as ServiceCommand, {
        actor: staff.admin, commandName: command.type, correlationId: randomUUID(), causationId: null, at: h.clock.now(), termsVersion: null,
      });
    await serviceCommand({ type: 'SuspendService', reason: 'CA outage' });
    expect((await reader.read(h.clock.now())).suspended).toBe(false);
    // … and the certificate request is decided on the state this process read before: it is recorded
    await h.exec({ type: 'RequestCertificate', contractId: id, caOrderId: `order-${id}` }, { id: 'saga:issuance', role: 'SYSTEM' }, `test:${id}`);
    expect(await h.types(id)).toContain('CertificateRequested');

    // Then the saga step that would hand the order to the CA waits: nothing reaches the CA while suspended
    await h.advance({ days: 2 });
    expect(submitted).toEqual([]);
    expect((await h.contract(id)).status).toBe('CERTIFICATE_REQUESTED');
    const pending = await h.sagaStore.listDeadlines({ contractId: id, status: 'pending' });
    expect(pending.map((d) => d.kind)).toContain('ca.submitIssuance');

    // And once the service resumes (again elsewhere), the order goes out and the certificate is issued
    await serviceCommand({ type: 'ResumeService', reason: 'CA back' });
    await h.advance({ days: 0 });
    expect(submitted).toEqual([`order-${id}`]);
    expect((await h.contract(id)).status).toBe('ACTIVE');
  });
});
