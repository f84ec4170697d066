/** Types for server.js (plain JS so that Node 20 runs it directly as a CLI). */

export interface FakePypiOptions {
  /** Site directory: one folder per host (`pypi.org/`, `test.pypi.org/`) mirroring URL paths. */
  site: string;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Delay before every response, in ms (a round trip to a CDN). @default 0 */
  latencyMs?: number;
  /** Pace of every response body, in bytes per second; 0 = as fast as possible. @default 0 */
  bytesPerSecond?: number;
}

/** Network conditions of a running fake; changes apply to the requests that follow. */
export interface NetworkConditions {
  latencyMs: number;
  bytesPerSecond: number;
}

export interface RecordedRequest {
  /** Host header, lower-cased, without the port (e.g. `pypi.org`). */
  host: string;
  /** Request target as sent, including any query string (e.g. `/simple/foo/`). */
  path: string;
  accept?: string;
  /** How the request came: HTTP/2 (`h2`) or HTTP/1.1. */
  protocol: 'h2' | 'http/1.1';
  /** When it came: ms on the server's `performance.now()` clock. */
  at: number;
  /** When its answer ended (or the connection went), on the same clock. */
  done?: number;
}

export interface FakePypi {
  port: number;
  /** base64 sha256 of the certificate's DER SPKI, for `--ignore-certificate-errors-spki-list`. */
  spkiPin: string;
  /** The self-signed certificate (PEM), e.g. as `ca` for Node clients. */
  certPem: string;
  /** Every request received, in order; tests may clear it with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** Latency and bandwidth, changeable while it runs (e.g. `fake.network.latencyMs = 100`). */
  network: NetworkConditions;
  /** Stops listening and drops open connections; idempotent. */
  close(): Promise<void>;
}

export function startFakePypi(opts: FakePypiOptions): Promise<FakePypi>;

/** A fresh self-signed P-256 certificate for pypi.org + test.pypi.org, with its SPKI pin. */
export function makeCertificate(): { key: string; cert: string; spkiPin: string };

/** Decoded path segments, or null when the path is unsafe (traversal, backslash, NUL, ...). */
export function parsePath(rawPath: string): string[] | null;
