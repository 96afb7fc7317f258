import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Where the example app serves its OpenAPI UI (`/docs`) and document (`/docs-json`). */
export const DOCS_PATH = 'docs';

/** The app's OpenAPI document: the hook route with one schema per event, and the admin routes when on. */
export function crispOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Crisp web hooks (example app)')
    .setDescription('The hook route Crisp calls, and the admin API (Authorization: Bearer <CRISP_ADMIN_TOKEN>).')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document and its UI; call before `listen()`. */
export function serveCrispDocs(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => crispOpenApiDocument(app));
}
