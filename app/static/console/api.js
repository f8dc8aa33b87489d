// The public GraphQL API over HTTP, with the key kept in this tab's session storage.

const KEY_NAME = "promo-console-api-key";

export function storedKey() {
  return sessionStorage.getItem(KEY_NAME);
}

export function rememberKey(key) {
  sessionStorage.setItem(KEY_NAME, key.trim());
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_NAME);
}

/** An error the API answered with (GraphQL errors, a typed error result, or an HTTP failure). */
export class ApiError extends Error {}

export async function graphql(query, variables = {}) {
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${storedKey() ?? ""}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError(`The API did not answer: ${error.message}`);
  }
  let payload;
  try {
    payload = await response.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without JSON.`);
  }
  if (payload.errors?.length) {
    throw new ApiError(payload.errors.map((error) => error.message).join("; "));
  }
  if (!response.ok || !payload.data) {
    throw new ApiError(`The API answered HTTP ${response.status}.`);
  }
  return payload.data;
}

/** The success member of a mutation's result union, or an ApiError made of its typed error. */
export function succeeded(result, successType) {
  if (result.__typename === successType) {
    return result;
  }
  const where = result.field ? ` (${result.field})` : "";
  throw new ApiError(`${result.code ?? result.__typename}: ${result.message ?? "refused"}${where}`);
}

/** The fields every mutation asks for on its typed errors. */
export const ERROR_FIELDS = "__typename ... on Error { code message field }";
