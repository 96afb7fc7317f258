import { CRISP_API_REPLIES_TABLE } from './crisp-api-reply.entity';

/**
 * Deletes the reply records of a person's conversations (`$1`: their session ids): what the replies keep of an
 * erased person. Shared by the app's erasure handler and the CLI's `erase`, which runs without the app.
 * @internal
 */
export const ERASE_CRISP_API_REPLIES_SQL = `DELETE FROM "${CRISP_API_REPLIES_TABLE}" WHERE "session_id" = ANY($1::text[])`;
