// JSON text to data, with a syntax error as a value: each reader of a JSON file (a catalog, a
// recipe, an annotations file, a sample response body) says in its own error which file it was.

type ParsedJson = { value: unknown; problem?: undefined } | { value?: undefined; problem: string };

/** The data of `text`, or the problem in words (`expected JSON: Unexpected end of JSON input`). */
export function parseJson(text: string): ParsedJson {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    // JSON.parse throws a SyntaxError for any text that is not JSON, and nothing else.
    if (err instanceof SyntaxError) return { problem: `expected JSON: ${err.message}` };
    throw err;
  }
}
