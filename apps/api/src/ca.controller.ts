import { Controller, Get, Header, Inject, StreamableFile } from '@nestjs/common';
import { LOCAL_CA, LocalCertificateAuthority } from '@pfw/ca-gateway';

/**
 * Public (no token): the built-in local CA's current CRL (DER) and its certificate (PEM), the URLs issued
 * certificates name in their CRL distribution point and AIA, so `openssl verify -crl_check` works.
 */
@Controller('ca')
export class CaController {
  constructor(@Inject(LOCAL_CA) private readonly ca: LocalCertificateAuthority) {}

  @Get('crl')
  @Header('Cache-Control', 'public, max-age=300')
  async crl(): Promise<StreamableFile> {
    return new StreamableFile(await this.ca.currentCrlDer(), { type: 'application/pkix-crl' });
  }

  @Get('certificate')
  @Header('Content-Type', 'application/x-pem-file')
  @Header('Cache-Control', 'public, max-age=3600')
  certificate(): string {
    return this.ca.caCertificatePem();
  }
}
