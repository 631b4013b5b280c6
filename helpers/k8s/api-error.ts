// Turns what @kubernetes/client-node throws into one readable line: the HTTP
// code, the Status reason and the API server's own message, instead of the
// ApiException text (which carries every response header).

interface ApiExceptionLike {
  readonly code: number;
  readonly body: unknown;
  readonly message: string;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return error instanceof Error && typeof (error as Partial<ApiExceptionLike>).code === 'number' && 'body' in error;
}

function statusOf(body: unknown): { message?: string; reason?: string } | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() === '' ? undefined : { message: body.trim().slice(0, 300) };
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const status = value as Record<string, unknown>;
  return {
    ...(typeof status['message'] === 'string' ? { message: status['message'] } : {}),
    ...(typeof status['reason'] === 'string' ? { reason: status['reason'] } : {}),
  };
}

export function describeApiError(error: unknown): string {
  if (isApiException(error)) {
    // KubernetesObjectApi prefixes discovery failures ("Failed to fetch resource metadata for v1/Service: HTTP-Code: ...").
    const prefix = error.message.split('HTTP-Code:')[0]?.trim() ?? '';
    const status = statusOf(error.body);
    const reason = status?.reason ? ` ${status.reason}` : '';
    const message = status?.message ? `: ${status.message}` : '';
    return `${prefix ? `${prefix} ` : ''}HTTP ${error.code}${reason}${message}`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
