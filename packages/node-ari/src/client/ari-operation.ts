/** Where a parameter of an ARI operation travels. */
export type AriParamLocation = 'path' | 'query' | 'body';

/** One parameter of an ARI operation, as Asterisk's description declares it. */
export interface AriParamSpec {
  /** The name on the wire (ARI's own spelling, e.g. `channelId`, `reason_code`). */
  readonly name: string;
  readonly in: AriParamLocation;
  /** Asterisk refuses the request without it. */
  readonly required?: true;
  /** Several values allowed: an array is sent comma-separated. */
  readonly multiple?: true;
}

/** One ARI operation: enough to build its request at run time, with no description download. */
export interface AriOperationSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below `/ari`, with `{name}` placeholders for path parameters, e.g. `/channels/{channelId}`. */
  readonly path: string;
  readonly params: readonly AriParamSpec[];
  /** The answer is a file (e.g. a stored recording), not JSON. */
  readonly binary?: true;
  /** What Asterisk's description says each error status means for this operation. */
  readonly errors?: Readonly<Record<number, string>>;
}
