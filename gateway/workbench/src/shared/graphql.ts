import { authorizationHeader, getSession, signOut } from './session';

/** The names this frontend gives itself on every request (`apollographql-client-name`), as a frontend of the one endpoint should. */
export const CLIENTS = { ide: 'cso-workbench-ide', dashboard: 'cso-dashboard' } as const;
export const ENDPOINT = '/graphql';

export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLErrorLike[];
}

export interface GraphQLRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Sends one operation to the gateway, signed in as the current session. */
export async function postOperation<T = Record<string, unknown>>(
  client: keyof typeof CLIENTS,
  request: GraphQLRequest,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<GraphQLResult<T>> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'apollographql-client-name': CLIENTS[client],
      'apollographql-client-version': __WORKBENCH_VERSION__,
      ...authorizationHeader(),
      ...headers,
    },
    body: JSON.stringify(request),
  });
  const result = (await response.json()) as GraphQLResult<T>;
  // A token the gateway refuses (expired, revoked key) ends the session instead of failing every request.
  if (response.status === 401 && getSession() && !('authorization' in headers))
    signOut('令牌无效或已过期，已退出 The token was refused (expired or invalid): signed out.');
  return result;
}
