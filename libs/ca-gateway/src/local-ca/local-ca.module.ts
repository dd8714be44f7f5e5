import { DynamicModule, InjectionToken, Module, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import { CA_GATEWAY } from '../port';
import { LocalCaOptions, LocalCertificateAuthority } from './local-ca';

/**
 * Nest injection token for the local CA itself (not only its gateway face): the HTTP layer injects it to
 * serve `GET /ca/crl` (`currentCrlDer()`) and `GET /ca/certificate` (`caCertificatePem()`).
 */
export const LOCAL_CA = Symbol.for('pfw.LocalCertificateAuthority');
const LOCAL_CA_OPTIONS = Symbol.for('pfw.LocalCertificateAuthority.options');

export interface LocalCaModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => LocalCaOptions | Promise<LocalCaOptions>;
}

/**
 * Provides the built-in local CA as `CA_GATEWAY` and as `LOCAL_CA`. The CA is opened (key, certificate
 * and first CRL created on first start) while the application boots, and closed on shutdown.
 */
@Module({})
export class LocalCaModule {
  static register(options: LocalCaOptions): DynamicModule {
    return LocalCaModule.registerAsync({ useFactory: () => options });
  }

  static registerAsync(options: LocalCaModuleAsyncOptions): DynamicModule {
    return {
      module: LocalCaModule,
      imports: options.imports ?? [],
      providers: [
        { provide: LOCAL_CA_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: LOCAL_CA,
          useFactory: (caOptions: LocalCaOptions) => LocalCertificateAuthority.open(caOptions),
          inject: [LOCAL_CA_OPTIONS],
        },
        { provide: CA_GATEWAY, useExisting: LOCAL_CA },
      ],
      exports: [LOCAL_CA, CA_GATEWAY],
    };
  }
}
