import type {
  BackendDefaults,
  EgressFilterType,
  GrpcGatewayRoute,
  GrpcGatewayRouteRewrite,
  GrpcRoute,
  HttpGatewayRoute,
  HttpGatewayRouteRewrite,
  HttpRoute,
  IpPreference,
  Listener,
  Logging,
  ServiceDiscovery,
  TcpRoute,
  VirtualGatewayBackendDefaults,
  VirtualGatewayListener,
  VirtualGatewayLogging,
  VirtualRouterListener,
} from '@aws-sdk/client-app-mesh';
import type { ListenerOf } from './listeners.js';
import type { BackendOf, WeightedAction } from './targets.js';

/** Tags in the friendly form: `{ team: 'audio' }` becomes `[{ key: 'team', value: 'audio' }]`. */
export type TagsDefinition = Readonly<Record<string, string>>;

/** A virtual node. `backends` may only name virtual services declared in the same mesh. */
export interface NodeDefinition<S extends string> {
  listeners?: readonly Listener[];
  /** Service discovery: {@link dns} or {@link cloudMap}. */
  discovery?: ServiceDiscovery;
  /** Virtual service names, or {@link backend} values when a client policy is needed. */
  backends?: readonly (S | BackendOf<S>)[];
  backendDefaults?: BackendDefaults;
  logging?: Logging;
  tags?: TagsDefinition;
}

/** An HTTP or HTTP/2 route whose targets may only name declared virtual nodes. */
export type HttpRouteDefinition<N extends string> = Omit<HttpRoute, 'action'> & { action: WeightedAction<N> };
/** A gRPC route whose targets may only name declared virtual nodes. */
export type GrpcRouteDefinition<N extends string> = Omit<GrpcRoute, 'action'> & { action: WeightedAction<N> };
/** A TCP route whose targets may only name declared virtual nodes. */
export type TcpRouteDefinition<N extends string> = Omit<TcpRoute, 'action'> & { action: WeightedAction<N> };

/** A route of a virtual router: a priority and exactly one of `http`, `http2`, `grpc`, `tcp`. */
export interface RouteDefinition<N extends string> {
  /** 0 (first) to 1000 (last); routes without one come after those with one. */
  priority?: number;
  http?: HttpRouteDefinition<N>;
  http2?: HttpRouteDefinition<N>;
  grpc?: GrpcRouteDefinition<N>;
  tcp?: TcpRouteDefinition<N>;
  tags?: TagsDefinition;
}

/** A virtual router and its routes, keyed by route name. */
export interface RouterDefinition<N extends string> {
  listeners: readonly VirtualRouterListener[];
  routes?: Readonly<Record<string, RouteDefinition<N>>>;
  tags?: TagsDefinition;
}

/** The provider of a virtual service: a declared router or a declared node. */
export type ProviderDefinition<N extends string, R extends string> = { router: R } | { node: N };

/** A virtual service. Without a provider it is a placeholder that resolves to nothing. */
export interface ServiceDefinition<N extends string, R extends string> {
  provider?: ProviderDefinition<N, R>;
  tags?: TagsDefinition;
}

/** A gateway route target: a declared virtual service name, or the wire shape with a port. */
export type GatewayTargetDefinition<S extends string> =
  | S
  | { readonly virtualService: { readonly virtualServiceName: S }; readonly port?: number };

/** An HTTP/HTTP2 gateway route action, with its target typed by virtual service name. */
export type HttpGatewayRouteDefinition<S extends string> = Omit<HttpGatewayRoute, 'action'> & {
  action: { target: GatewayTargetDefinition<S>; rewrite?: HttpGatewayRouteRewrite };
};
/** A gRPC gateway route action, with its target typed by virtual service name. */
export type GrpcGatewayRouteDefinition<S extends string> = Omit<GrpcGatewayRoute, 'action'> & {
  action: { target: GatewayTargetDefinition<S>; rewrite?: GrpcGatewayRouteRewrite };
};

/** A gateway route: a priority and exactly one of `http`, `http2`, `grpc`. */
export interface GatewayRouteDefinition<S extends string> {
  priority?: number;
  http?: HttpGatewayRouteDefinition<S>;
  http2?: HttpGatewayRouteDefinition<S>;
  grpc?: GrpcGatewayRouteDefinition<S>;
  tags?: TagsDefinition;
}

/** A virtual gateway and its gateway routes, keyed by gateway route name. */
export interface GatewayDefinition<S extends string> {
  listeners: readonly (VirtualGatewayListener | ListenerOf<'http' | 'http2' | 'grpc'>)[];
  backendDefaults?: VirtualGatewayBackendDefaults;
  logging?: VirtualGatewayLogging;
  gatewayRoutes?: Readonly<Record<string, GatewayRouteDefinition<S>>>;
  tags?: TagsDefinition;
}

/**
 * The friendly form of a whole mesh. The type parameters are the declared node (`N`), router
 * (`R`) and service (`S`) names, inferred from the keys of `nodes`, `routers` and `services`, so
 * that a reference to anything undeclared is a compile error.
 */
export interface MeshDefinition<
  N extends string = never,
  R extends string = never,
  S extends string = never,
> {
  name: string;
  /** `DROP_ALL` (the API default when set) lets nodes reach only mesh resources. */
  egressFilter?: EgressFilterType;
  /** The mesh-wide IP preference for service discovery. */
  ipPreference?: IpPreference;
  tags?: TagsDefinition;
  nodes?: { readonly [K in N]: NodeDefinition<NoInfer<S>> };
  routers?: { readonly [K in R]: RouterDefinition<NoInfer<N>> };
  services?: { readonly [K in S]: ServiceDefinition<NoInfer<N>, NoInfer<R>> };
  gateways?: Readonly<Record<string, GatewayDefinition<NoInfer<S>>>>;
}
