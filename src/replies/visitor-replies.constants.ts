/** Token of the example app's `VisitorRepliesConfig`. */
export const VISITOR_REPLIES_CONFIG = Symbol('VISITOR_REPLIES_CONFIG');
