import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, loadConfig } from './env';

/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol.for('pfw.AppConfig');

/**
 * Makes the validated configuration injectable (as APP_CONFIG, and through @nestjs/config's ConfigService
 * under the key `app`). Validation happens once, before the application starts (see apps/api main.ts).
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => ({ app: config })] })],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
