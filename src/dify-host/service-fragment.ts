/**
 * The Compose override file the hosts write next to upstream's compose file
 * (COMPOSE_OVERRIDE_FILE). It is built from fragments, one per reason, so
 * that further per-service entries (mounts, extra variables) are one more
 * fragment; fragments for the same service merge.
 */
export interface ServiceFragment {
  readonly service: string;
  /** Why the entry exists: rendered as a comment above the service. */
  readonly why: string;
  /** Variables set on the container; `${KEY}` is interpolated by Compose from `.env`. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Extra mounts, in Compose's short syntax ("./file:/path:ro"). */
  readonly volumes?: readonly string[];
}
