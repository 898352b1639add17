/**
 * What `npm run quotas` calls "low". A quota of 0 always fails the command
 * (Bedrock refuses every call); a low one is a warning to request an increase
 * before users arrive. The numbers are sized for one Dify environment serving
 * a team:
 *
 * - Tokens per minute: one RAG chat turn in Dify sends the retrieved chunks,
 *   the history and the question, and gets an answer back: about 4,000-8,000
 *   tokens. 100,000 tokens per minute is a dozen or so turns a minute, a
 *   handful of people typing at once.
 * - Requests per minute: Dify makes one rerank call per retrieval and one
 *   embedding call per chunk while indexing. Under 20 a minute, two or three
 *   users searching at once are throttled and indexing a document set takes
 *   hours. (New accounts have shown 3 for Cohere Rerank 3.5.)
 * - Tokens per day: new accounts can get a reduced daily cap; under
 *   1,000,000 tokens a day is a few hundred chat turns.
 */
export const LOW_TOKENS_PER_MINUTE = 100_000;
export const LOW_REQUESTS_PER_MINUTE = 20;
export const LOW_TOKENS_PER_DAY = 1_000_000;
