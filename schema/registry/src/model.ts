/**
 * What the registry keeps and answers, as plain data: the shapes of its HTTP API and of its tables'
 * rows. A subgraph is a record { name, routing URL, SDL } with the event contracts its version
 * produces and consumes; a launch is a composed supergraph put in service.
 */

/** One event contract a tier version produces or consumes: type, version and the checksum of its published JSON. */
export interface EventRef {
  type: string;
  version: number;
  /** sha256 of `schema/events/<type>.v<version>.json` (the lock's checksum): a changed payload schema changes it. */
  checksum?: string | null;
}

/** What a tier prints beside its SDL (`schema/subgraphs/<tier>.events.json`) and sends with it. */
export interface EventsManifest {
  produces: EventRef[];
  consumes: EventRef[];
}

/** A proposed version of one subgraph (check or publish). */
export interface SubgraphProposal {
  name: string;
  url: string;
  sdl: string;
  events: EventsManifest;
  /** A version label, e.g. the git commit. */
  label?: string | null;
}

/** The version of a subgraph in service. */
export interface PublishedSubgraph {
  name: string;
  url: string;
  sdl: string;
  sdlHash: string;
  events: EventsManifest;
  versionId: number;
  label: string | null;
  publishedBy: string;
  publishedAt: string;
}

export interface LaunchSummary {
  id: number;
  supergraphHash: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  subgraphs: { name: string; versionId: number; label: string | null; url: string }[];
}

export interface Launch extends LaunchSummary {
  supergraphSdl: string;
  apiSchema: string;
}

/** One client (name and version) that sends an operation, with how often and when last. */
export interface OperationClient {
  name: string;
  version: string;
  count: number;
  lastSeen: string | null;
}

/** An operation in use: recorded at the gateways, or registered in advance as a trusted document. */
export interface OperationInUse {
  hash: string;
  document: string;
  name: string | null;
  source: 'recorded' | 'trusted';
  clients: OperationClient[];
}

/** A recorded operation as listed for people (`npm run schema -- operations`), most used first. */
export interface RecordedOperation {
  hash: string;
  name: string | null;
  kind: string | null;
  signature: string;
  clients: { name: string; version: string; count: number; lastSeen: string }[];
}

/** What a gateway reports in one flush: each operation it executed, per client, counted. */
export interface OperationReport {
  hash: string;
  document: string;
  signature: string;
  name: string | null;
  kind: string | null;
  clientName: string;
  clientVersion: string;
  count: number;
  lastSeen: string;
}

/** A client's trusted documents for one client version: sha256 of the document → the document. */
export interface TrustedManifest {
  client: string;
  version: string;
  documents: Record<string, string>;
}

/** A gateway that follows the registry, the launch it serves, and when it last polled. */
export interface GatewayInstance {
  id: string;
  launchId: number | null;
  startedAt: string;
  lastSeen: string;
}
