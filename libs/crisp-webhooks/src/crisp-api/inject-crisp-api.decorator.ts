import { Inject } from '@nestjs/common';
import { CRISP_API_CLIENT } from './crisp-api.constants';

/**
 * Injects the `Crisp` client of `crisp-api` that `CrispApiModule` authenticated (type it with `Crisp` from
 * `crisp-api`). A rejection of its calls is a plain object: `crispApiFailure()` makes it the error to throw.
 *
 * @example
 * constructor(@InjectCrispApi() private readonly crisp: Crisp) {}
 * @publicApi
 */
export const InjectCrispApi = (): ParameterDecorator => Inject(CRISP_API_CLIENT);
