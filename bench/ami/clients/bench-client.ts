/** Where a client under test connects: the replay server, with the bench's credentials. */
export interface ReplayTarget {
  host: string;
  port: number;
  username: string;
  secret: string;
}

/**
 * One AMI client library under test, wrapped so every library is driven the same way: connect and
 * log in with events on, report every event by name, close.
 */
export interface BenchClient {
  /**
   * Connects and logs in. Resolves once logged in.
   *
   * @param onEvent - called once per AMI event the library delivers, with the event's name
   * @param onError - called for errors the library reports while running (not for the login)
   */
  connect(
    target: ReplayTarget,
    onEvent: (name: string) => void,
    onError: (message: string) => void,
  ): Promise<void>;
  /** Disconnects; resolves when the library has let go of the connection. */
  close(): Promise<void>;
}

/** Makes a fresh, unconnected {@link BenchClient}. */
export type BenchClientFactory = () => BenchClient;
