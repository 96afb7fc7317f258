import type { DynamicModule, Provider } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { Crisp } from 'crisp-api';
import { CRISP_API_CLIENT, CRISP_API_CONFIG, CRISP_API_DATA_SOURCE } from './crisp-api.constants';
import { crispApiConfigProvider } from './crisp-api.config';
import type { CrispApiConfig, CrispApiModuleExtras } from './crisp-api-module-options.interface';
import { CrispApiReplyEntity } from './crisp-api-reply.entity';
import { CrispReplies } from './crisp-replies';

/** The `crisp-api` client, pointed at the configured REST host and authenticated once. @internal */
export const crispApiClientProvider: Provider = {
  provide: CRISP_API_CLIENT,
  inject: [CRISP_API_CONFIG],
  useFactory: ({ restHost, tier, identifier, key }: CrispApiConfig): unknown => {
    const client = new Crisp();
    client.setRestHost(restHost);
    client.authenticateTier(tier, identifier, key);
    return client;
  },
};

/**
 * Adds what every registration needs to the module ConfigurableModuleBuilder generated: the client, the
 * replies and their records' entity. @internal
 */
export function withCrispApiRuntime(definition: DynamicModule, extras: CrispApiModuleExtras): DynamicModule {
  return {
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), TypeOrmModule.forFeature([CrispApiReplyEntity], extras.dataSource)],
    providers: [
      ...(definition.providers ?? []),
      crispApiConfigProvider,
      crispApiClientProvider,
      { provide: CRISP_API_DATA_SOURCE, useExisting: getDataSourceToken(extras.dataSource) },
      CrispReplies,
    ],
    exports: [...(definition.exports ?? []), CRISP_API_CLIENT, CrispReplies],
  };
}
