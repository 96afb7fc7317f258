import { Controller, Get, NotFoundException, Param, Req, Res, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CrispAdminConfig } from '../interfaces';
import { leaveOutOfCrispDocs } from '../openapi/crisp-openapi';
import {
  CRISP_ADMIN_ASSET_HEADERS,
  CRISP_ADMIN_PAGE_HEADERS,
  crispAdminAssetsPath,
  crispAdminSignIn,
  readCrispAdminPage,
} from './crisp-admin-page';

/**
 * Builds the controller of the operator's page at `<path>/admin`, registered beside the admin API and only
 * with it. The page and its assets hold no data (a browser cannot send a bearer token when it loads them), so
 * they are served to anyone who reaches them, through the host's own admin guard when `admin.decorators` sets
 * one; everything the page shows comes from the admin API, with the token the person enters, or with what the
 * host's guard admits the browser by (its session cookie) when no token is configured.
 * @internal
 */
export function createCrispAdminPageController(path: string, config: CrispAdminConfig): Type {
  const signIn = crispAdminSignIn(config);
  @Controller(path)
  class CrispAdminPageController {
    // Read at start-up: a package without its page's build fails then, not at the first visit.
    private readonly page = readCrispAdminPage();

    @Get('admin')
    show(@Req() request: Request, @Res() response: Response): void {
      response.set(CRISP_ADMIN_PAGE_HEADERS).send(this.page.html(crispAdminAssetsPath(request.originalUrl), signIn));
    }

    @Get('admin/assets/:name')
    asset(@Param('name') name: string, @Res() response: Response): void {
      const asset = this.page.asset(name);
      if (!asset) throw new NotFoundException();
      response.set({ ...CRISP_ADMIN_ASSET_HEADERS, 'Content-Type': asset.contentType }).send(asset.body);
    }
  }
  leaveOutOfCrispDocs(CrispAdminPageController);
  for (const decorate of config.decorators) decorate(CrispAdminPageController);
  return CrispAdminPageController;
}
