import { Test } from '@nestjs/testing';
import { CA_GATEWAY, CaGateway, LOCAL_CA, LocalCaModule, LocalCertificateAuthority } from '@pfw/ca-gateway';
import { caSystems, makeTempDir, PUBLIC_BASE_URL, removeDir } from './helpers';

describe('LocalCaModule', () => {
  it('provides the local CA as CA_GATEWAY and LOCAL_CA, opened at boot and closed at shutdown', async () => {
    const dir = makeTempDir();
    const systems = await caSystems(dir);
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          LocalCaModule.registerAsync({
            useFactory: () => ({ ...systems, publicBaseUrl: PUBLIC_BASE_URL }),
          }),
        ],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      const gateway = app.get<CaGateway>(CA_GATEWAY);
      const localCa = app.get<LocalCertificateAuthority>(LOCAL_CA);
      expect(gateway).toBe(localCa);
      expect(localCa).toBeInstanceOf(LocalCertificateAuthority);
      expect(localCa.caCertificatePem()).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect((await localCa.currentCrlDer())[0]).toBe(0x30); // a DER SEQUENCE
      await app.close();
      await expect(gateway.pollStatus(['x'])).rejects.toThrow(/closed/);
    } finally {
      await systems.db.destroy();
      removeDir(dir);
    }
  });
});
