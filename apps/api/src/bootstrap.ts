import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, prepareDataDir } from '@pfw/config';
import { adminConsole, adminConsoleDir } from './admin-console';
import { AppModule } from './app.module';

/** Builds the api application (not listening yet): used by main.ts and by the e2e tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  prepareDataDir(config.dataDir);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.getHttpAdapter().getInstance().disable?.('x-powered-by');
  app.use('/admin', adminConsole(adminConsoleDir()));
  return app;
}
