// The one way anything appends to a bsod event stream (a run's events, a jam's events), shared
// by api and worker: the stream's own counter numbers the entry, and the number is the entry id
// (`<seq>-0`) and the SSE id, so a reader resumes with Last-Event-ID directly.

/**
 * KEYS: stream, counter[, once]. ARGV: the event JSON without seq/at (an object), at (epoch ms),
 * maxlen (0: no trim, else an approximate cap), ttl seconds (0: kept). With a third key the entry
 * is appended only if that key did not exist (it is set, with the ttl): an append that may be
 * repeated (a retried result) lands once. Returns the seq, or 0 when the once key held it back.
 * The JSON is spliced, not decoded: cjson would turn an empty array into an object.
 */
export const STREAM_APPEND_LUA = `
local ttl = tonumber(ARGV[4])
if KEYS[3] then
  local set
  if ttl > 0 then set = redis.call('SET', KEYS[3], '1', 'NX', 'EX', ttl) else set = redis.call('SET', KEYS[3], '1', 'NX') end
  if not set then return 0 end
end
local seq = redis.call('INCR', KEYS[2])
local body = string.sub(ARGV[1], 2)
local sep = ','
if body == '}' then sep = '' end
local json = '{"seq":' .. seq .. ',"at":' .. ARGV[2] .. sep .. body
local maxlen = tonumber(ARGV[3])
if maxlen > 0 then
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', maxlen, seq .. '-0', 'e', json)
else
  redis.call('XADD', KEYS[1], seq .. '-0', 'e', json)
end
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
return seq
`;

/** The field of a stream entry that holds the event's JSON. */
export const STREAM_EVENT_FIELD = "e";
