/** Messages between the bench orchestrator and its client worker processes. */
export interface ClientSpec {
  readonly room: string;
  readonly token: string;
  /** This client's server, when a target has several processes. */
  readonly wsUrl?: string;
  /** Which provider the client uses: the stock y-websocket one, or Hocuspocus's own. */
  readonly provider?: 'y-websocket' | 'hocuspocus';
}

export type ToWorker =
  | { readonly type: 'connect'; readonly wsUrl: string; readonly clients: readonly ClientSpec[] }
  | { readonly type: 'run'; readonly startAt: number; readonly durationMs: number; readonly editsPerSecond: number }
  | { readonly type: 'report' }
  | { readonly type: 'exit' };

export interface RoomState {
  readonly room: string;
  readonly fingerprint: string;
}

export type FromWorker =
  | { readonly type: 'connected'; readonly setupMs: number[]; readonly failed: number }
  | { readonly type: 'ran'; readonly sent: number }
  | {
      readonly type: 'report';
      readonly latencies: number[];
      readonly received: number;
      readonly sent: number;
      readonly states: RoomState[];
    };
