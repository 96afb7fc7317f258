/** A stored event, as it is in `crisp_webhook_events`. @internal */
export interface CrispStoredEvent {
  readonly id: string;
  readonly websiteId: string;
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly timestamp: number;
}
