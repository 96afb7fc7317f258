import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { CRISP_WEBHOOKS_PATH } from '../crisp-webhooks.constants';
import { CrispDeliveryObserver } from '../observability/crisp-delivery.observer';
import { CLAIMED_CONTENT_TYPE, type CrispIncomingRequest } from './read-raw-body';

/**
 * Keeps the host's global body parsers off the hook route, so that the module reads the body itself,
 * after the auth guard: with its own limit, and keeping the exact bytes a dedup key or a signature is
 * computed over. Nest registers its JSON parser when the app initialises, before any module
 * middleware; this registers as soon as the HTTP adapter exists, which is earlier. Express's parsers
 * only read a body whose content type they handle, so the header is moved aside where the module's
 * body pipe finds it. Matched by path suffix, so a global prefix is fine. Being the first to see a
 * delivery, it also hands it to the observer, which times its answer, whatever stage gives it.
 */
@Injectable()
export class CrispHookBodyClaimer {
  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(CRISP_WEBHOOKS_PATH) path: string,
    observer: CrispDeliveryObserver,
  ) {
    const suffix = `/${path.replace(/^\/+|\/+$/g, '')}`;
    adapterHost.init$.subscribe(() => {
      adapterHost.httpAdapter.use((request: Request, response: Response, next: NextFunction) => {
        if (request.method === 'POST' && request.path.replace(/\/+$/, '').endsWith(suffix)) {
          observer.observe(request, response);
          (request as CrispIncomingRequest)[CLAIMED_CONTENT_TYPE] = request.headers['content-type'];
          // Emptied, not deleted: deleting a header turns every request's headers into a slower dictionary.
          request.headers['content-type'] = undefined;
        }
        next();
      });
    });
  }
}
