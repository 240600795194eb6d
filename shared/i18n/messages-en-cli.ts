/**
 * The English catalog's `cli.` messages: the command-line tools' words, in a module of their own
 * so that the page's bundle can leave them out (web/build.ts). Part of {@link MESSAGES_EN}.
 */
export const CLI_MESSAGES_EN = {
  'cli.error': 'error: {code}: {message}',
  'cli.listJoin': '{first}, {rest}',
  'cli.errorWithStatus': 'error: {code} ({status}): {message}',
  'cli.helpHint': 'Run with --help for usage.',
  'cli.usage.unknownOption': 'unknown option {option}.',
  'cli.usage.unknownOptionClosest': 'unknown option {option}; did you mean --{closest}?',
  'cli.usage.optionValue': '{option} needs a value.',
  'cli.usage.optionNoValue': '{option} takes no value.',
  'cli.usage.unexpectedArgument': 'unexpected argument "{value}".',
  'cli.usage.commandLine': 'the command line cannot be read: {detail}',
  'cli.usage.timeout': '--timeout must be a positive number of seconds, got "{value}".',
  'cli.usage.urlRequired': 'give the service URL with --url (or CERTIFICATION_URL).',
  'cli.usage.url': '--url must be an http(s) URL, got "{url}".',
  'cli.usage.tokenRequired': 'give an access token with --token (or CERTIFICATION_TOKEN).',
  'cli.usage.remoteToken':
    'a token is required for a remote service: pass --token or set CERTIFICATION_TOKEN.',
  'cli.usage.month': '--month must be a UTC month written YYYY-MM, got "{value}".',
  'cli.usage.statusWithoutList': '--status goes with --list.',
  'cli.usage.usageTakesNo': '--usage takes no {options}.',
  'cli.usage.usageFormat': '--usage prints table, json or markdown, not junit.',
  'cli.usage.monthWithoutUsage': '--month goes with --usage.',
  'cli.usage.freshAndReuse':
    '--fresh certifies anew and --reuse-cache reads the cache: pass one of them.',
  'cli.usage.modelIdsAndCatalog': 'pass model ids or --catalog, not both.',
  'cli.usage.modelIdRequired': 'a model id (or --catalog) is required.',
  'cli.usage.invalidModelId': '"{modelId}" is not a Bedrock model id, inference profile id or ARN.',
  'cli.usage.concurrency': '--concurrency must be a whole number from 1 to {max}, got "{value}".',
  'cli.usage.listTakesNo': '--list takes no {options}.',
  'cli.usage.listFormat': '--list prints table, json or markdown, not junit.',
  'cli.usage.status': '--status must be one of {values}, got "{value}".',
  'cli.usage.conflict.modelIds': 'model ids',
  'cli.usage.conflict.gates': 'gates',
  'cli.usage.conflict.regions': '--regions (one --region)',
  'cli.usage.suite': '--suite must be one of {suites}, got "{value}".',
  'cli.usage.suiteTooSmallOne':
    '--require {capabilities} needs --suite {needed}; the {suite} suite does not test it.',
  'cli.usage.suiteTooSmallOther':
    '--require {capabilities} needs --suite {needed}; the {suite} suite does not test them.',
  'cli.usage.regionAndRegions': 'pass --region or --regions, not both.',
  'cli.usage.regionsEmpty': '--regions needs Region names (us-east-1,eu-west-1) or all.',
  'cli.usage.regionOne': '--region takes one Region; use --regions for several.',
  'cli.usage.regionName': '{flag}: "{value}" is not an AWS Region name like us-east-1.',
  'cli.usage.format': '--format must be one of {formats}, got "{value}".',
  'cli.usage.jsonAndFormat': '--json is --format json; it conflicts with --format {format}.',
  'cli.usage.requireEmpty': '--require needs capability names: {capabilities}.',
  'cli.usage.requireUnknown':
    'unknown capability {unknown} in --require; capabilities are {capabilities}.',
  'cli.usage.limit': '{flag} must be a number from 0, got "{value}".',
  'cli.error.noMinter': 'no local token minter here; pass --token or set CERTIFICATION_TOKEN.',
  'cli.error.mintFailed':
    'could not mint a local token ({reason}); start the stack with `npm start` or pass --token.',
  'cli.error.timeout': 'no answer within {seconds} s.',
  'cli.error.interrupted': 'interrupted.',
  'cli.error.quotaNotWaited': '{message} Not waited for: the quota renews {at}.',
  'cli.error.retryAfter': '{message} Retry after {wait}.',
  'cli.error.network': 'The certification service could not be reached, or the connection failed.',
  'cli.error.streamIncomplete': 'The event stream ended before the certification finished.',
  'cli.error.protocol': 'The service did not answer as its protocol says: {detail}',
  'cli.hint.startLocal':
    'Nothing answers at {url}: start the local stack with `npm start` (in another terminal), or pass --url.',
  'cli.hint.missingRoute':
    'The service at {url} has no {route} route: it runs a version from before it; deploy the current one.',
  'cli.certify.help': `Usage: npm run -s certify -- <modelId>... [options]
       npm run -s certify -- --catalog [options]
       npm run -s certify -- --usage [--month YYYY-MM] [--format table|json|markdown]
       npm run -s certify -- --list [--status S] [--region R] [--format table|json|markdown]

Certifies Amazon Bedrock models with the certification service. Progress goes to stderr, the
result to stdout (-s keeps npm's own banner out of it).

What to certify:
  <modelId>...        model ids, inference profile ids or ARNs; one model's cached result is
                      read through the check route (free, not rate limited); several go to
                      the service as one batch (one request: cached results free, each run
                      metered), 50 models per request
  --catalog           every model of the service's catalog, as one batch (foundation models
                      served only through inference profiles are left out: their profiles
                      are listed)
  --region R          certify in Region R (default: the service's default Region)
  --regions LIST      certify in each of these Regions (us-east-1,eu-west-1), or in every
                      Region the service lists with --regions all
  --fresh             certify anew although a result is cached (rate limited and metered)
  --suite S           {suites};
                      default core, or full when --require names a capability only it tests
  --concurrency N     accepted for old scripts; the service certifies a batch a few at a
                      time itself. A rate-limit 429 is waited out

When a model passes (default: certified, every probe passed):
  --require CAPS      these capabilities are true, whatever other probes do; CAPS is a
                      comma-separated list of
{capabilities}
  --max-ttft-ms N     time to first token at most N ms
  --max-latency-ms N  average probe latency at most N ms
  --max-cost-usd N    estimated cost of the certification at most N US dollars

Output (stdout):
  --format F          table (default), json, junit (one testsuite per model), markdown
  --json              same as --format json; for one model id, the certification object

The catalog, without certifying:
  --list              every model the account can offer, with its latest result
  --status S          with --list, only the entries whose latest result is S:
                      {statuses}
  --region R          with --list, the catalog of Region R (default: the service's)

Usage of your account:
  --usage             this month's certifications, tokens, estimated cost and quota
  --month YYYY-MM     another month, with --usage

Service:
  --url URL           default: $CERTIFICATION_URL, else http://localhost:$PORT, else the
                      stack npm start runs here (.local/stack.json), else localhost:3000
  --token T           default: $CERTIFICATION_TOKEN; for a local URL one is minted
  --sub NAME          subject of the minted local token (default: {sub})
  --timeout S         give up on a model after S seconds (default {timeout})
  --reuse-cache       accepted for old scripts: reading the cache first is the default
  --lang L            en or pt-BR (default: LC_ALL, LC_MESSAGES, LANG; else English)
  -h, --help          show this help

Exit codes: 0 every model passes, 1 a model does not pass (failed, unavailable or below a
gate), 2 usage or service error (code on stderr), 130 interrupted (Ctrl+C).
`,
  'cli.certify.suiteSize': '{suite} ({count} probes)',
  'cli.certify.statusList': '{statuses}, or {last} (none)',
  'cli.certify.one': 'Certifying {modelId}{region}{suite} at {url}',
  'cli.certify.inRegion': ' in {region}',
  'cli.certify.suiteNote': ' ({suite} suite)',
  'cli.certify.cached': 'Cached result from {at}; --fresh certifies anew.',
  'cli.certify.batch': 'Certifying {models}{suite} at {url} in {batches}',
  'cli.certify.oneBatch': 'one batch',
  'cli.certify.batches': '{count} batches',
  'cli.certify.modelsOne': '{count} model',
  'cli.certify.modelsOther': '{count} models',
  'cli.certify.rateLimitedWait':
    'Rate limited: waiting {wait}, as the service asks (Ctrl+C to stop).',
  'cli.certify.leavingOutOne':
    'Leaving out {count} foundation model served only through inference profiles (certify the profiles): {modelIds}',
  'cli.certify.leavingOutOther':
    'Leaving out {count} foundation models served only through inference profiles (certify the profiles): {modelIds}',
  'cli.certify.progress': '{status} ({passed}/{finished} passed)',
  'cli.certify.progressCached': '{status} ({passed}/{finished} passed, cached)',
  'cli.certify.itemError': 'error ({code})',
  'cli.certify.itemNotRun': 'error ({code}, not run)',
  'cli.certify.failureAll': '[all {count} models]',
  'cli.certify.interruptedIdle': 'interrupted; no certification was running.',
  'cli.certify.interruptedOne':
    'stopped listening. The service still finishes the certification of {modelId} in the background (a Lambda function is not told that its client left) and caches the result: {again} to read it.',
  'cli.certify.interruptedMany':
    'stopped listening. The service still finishes the certifications of {modelIds} in the background (a Lambda function is not told that its client left) and caches their results: {again} to read them.',
  'cli.certify.interruptedBatchOne':
    'stopped listening. The service still finishes the batch in the background (a Lambda function is not told that its client left; {modelIds} was running) and caches the results: {again} to read them.',
  'cli.certify.interruptedBatchMany':
    'stopped listening. The service still finishes the batch in the background (a Lambda function is not told that its client left; {modelIds} were running) and caches the results: {again} to read them.',
  'cli.certify.again': 'run the command again',
  'cli.certify.againWithoutFresh': 'run the command again without --fresh',
  'cli.progress.starting': 'Starting {total} certification tests',
  'cli.progress.summary': '{current} of {total} probes finished',
  'cli.progress.running': '{summary}, {count} running',
  'cli.batch.probes': '{done}/{total} probes',
  'cli.batch.certifying': '{modelId}: certifying',
  'cli.batch.done': '{finished}/{total} done',
  'cli.batch.running': '{count} running',
  'cli.batch.resuming': 'rate limited, resuming in {wait}',
  'cli.batch.eta': 'ETA {wait}',
  'cli.batch.waiting': 'rate limited, waiting {wait}, as the service asks',
  'cli.summary.test': 'TEST',
  'cli.summary.result': 'RESULT',
  'cli.summary.latency': 'LATENCY',
  'cli.summary.detail': 'DETAIL',
  'cli.summary.status': 'Status',
  'cli.summary.statusValue': '{status} ({passed}/{finished} passed, {rate})',
  'cli.summary.gate': 'Gate',
  'cli.summary.model': 'Model',
  'cli.summary.modelValue': '{modelId} in {region}',
  'cli.summary.avgLatency': 'Avg latency',
  'cli.summary.ttft': 'TTFT',
  'cli.summary.outputSpeed': 'Output speed',
  'cli.summary.tokens': 'Tokens',
  'cli.summary.tokensValue': '{input} in / {output} out',
  'cli.summary.cost': 'Est. cost',
  'cli.summary.certifiedAt': 'Certified at',
  'cli.summary.checkedAt': 'Checked at',
  'cli.summary.cachedAt': '{at} (cached)',
  'cli.summary.expiresAt': 'Expires at',
  'cli.summary.reason': 'Reason:',
  'cli.summary.reasons': 'Reasons:',
  'cli.summary.hint': 'hint:',
  'cli.summary.allProbes': 'all {count} probes',
  'cli.summary.cutNote': 'Text marked … was cut to fit: --format json has it in full.',
  'cli.gate.pass': 'gate: pass',
  'cli.gate.fail': 'gate: fail — {checks}',
  'cli.gate.requires': 'requires {capabilities}',
  'cli.gate.ttft': 'TTFT ≤ {ms} ms',
  'cli.gate.latency': 'avg latency ≤ {ms} ms',
  'cli.gate.cost': 'est. cost ≤ ${usd}',
  'cli.gate.finished': '{status} ({passed}/{finished} passed)',
  'cli.gate.notMeasured': 'not measured (the streaming probe did not pass)',
  'cli.gate.noPrice': 'unknown (no price for this model)',
  'cli.gate.notDetermined': 'null (not determined: throttled, timed out or a service error)',
  'cli.gate.notTested': 'not tested (certify with --suite full)',
  'cli.report.inRegion': '{modelId} in {region}',
  'cli.report.model': 'MODEL',
  'cli.report.region': 'REGION',
  'cli.report.status': 'STATUS',
  'cli.report.gate': 'GATE',
  'cli.report.tests': 'TESTS',
  'cli.report.ttft': 'TTFT',
  'cli.report.avgLatency': 'AVG LATENCY',
  'cli.report.cost': 'EST. COST',
  'cli.report.dropped': '({columns} left out to fit; --format json has them)',
  'cli.report.verdictOne': '{passing} of {count} model passes ({gates})',
  'cli.report.verdictOther': '{passing} of {count} models pass ({gates})',
  'cli.report.whyNot': 'Why not:',
  'cli.report.hint': '{reason} Hint: {hint}',
  'cli.report.md.title': '## Bedrock model certification',
  'cli.report.md.inRegions': '{verdict} in {regions}',
  'cli.report.md.model': 'Model',
  'cli.report.md.status': 'Status',
  'cli.report.md.gate': 'Gate',
  'cli.report.md.tests': 'Tests',
  'cli.report.md.ttft': 'TTFT',
  'cli.report.md.avgLatency': 'Avg latency',
  'cli.report.md.cost': 'Est. cost',
  'cli.report.md.legend':
    '✓ the probes showed the capability, ✗ they did not, ? they could not tell (not determined).',
  'cli.report.md.whyOne': 'Why one model does not pass',
  'cli.report.md.whyOther': 'Why {count} models do not pass',
  'cli.report.md.resultsFrom': 'Results from {from} to {to}.',
  'cli.capability.streaming': 'Streaming',
  'cli.capability.systemPrompt': 'System prompt',
  'cli.capability.toolUse': 'Tool use',
  'cli.capability.streamingToolUse': 'Streaming tool use',
  'cli.capability.jsonOutput': 'JSON output',
  'cli.capability.multiTurn': 'Multi-turn',
  'cli.capability.imageInput': 'Image input',
  'cli.capability.documentInput': 'Document input',
  'cli.capability.citations': 'Citations',
  'cli.capability.reasoning': 'Reasoning',
  'cli.capability.promptCaching': 'Prompt caching',
  'cli.capability.structuredOutput': 'Structured output',
  'cli.capability.toolChoice': 'Tool choice',
  'cli.myUsage.month': 'Month',
  'cli.myUsage.certifications': 'Certifications',
  'cli.myUsage.certificationsValue': '{count} (cache hits are free)',
  'cli.myUsage.tokens': 'Tokens',
  'cli.myUsage.cost': 'Est. cost',
  'cli.myUsage.quota': 'Quota',
  'cli.myUsage.quotaNone': 'none',
  'cli.myUsage.quotaValue': '{used} of {limit} used, {remaining} left this month',
  'cli.catalog.kind.foundation-model': 'model',
  'cli.catalog.kind.inference-profile': 'profile',
  'cli.catalog.summaryOne': '{count} model in {region}',
  'cli.catalog.summaryOther': '{count} models in {region}',
  'cli.catalog.withoutResult': '{count} without a result',
  'cli.catalog.profileOnly':
    '* served only through inference profiles: certify one of its profiles instead.',
  'cli.catalog.model': 'MODEL',
  'cli.catalog.name': 'NAME',
  'cli.catalog.kind': 'KIND',
  'cli.catalog.status': 'STATUS',
  'cli.catalog.ttft': 'TTFT',
  'cli.catalog.cost': 'EST. COST',
  'cli.catalog.checkedAt': 'CHECKED AT',
  'cli.catalog.access': 'ACCESS',
  'cli.catalog.access.AVAILABLE': 'yes',
  'cli.catalog.access.NOT_AVAILABLE': 'no',
  'cli.catalog.access.UNKNOWN': 'unknown',
  'cli.catalog.md.access': 'Access',
  'cli.catalog.md.title': '## Bedrock model catalog',
  'cli.catalog.md.model': 'Model',
  'cli.catalog.md.name': 'Name',
  'cli.catalog.md.kind': 'Kind',
  'cli.catalog.md.status': 'Status',
  'cli.catalog.md.ttft': 'TTFT',
  'cli.catalog.md.cost': 'Est. cost',
  'cli.usageReport.help': `Usage: npm run usage-report -- [--url URL] [--token T] [--month YYYY-MM] [--format table|csv|json]

Prints every user's certifications, tokens and estimated cost in a UTC month. The token must
belong to a member of the Cognito group "admins".

Options:
  --url URL       service base URL (default: $CERTIFICATION_URL, else http://localhost:$PORT,
                  else the running npm start, else http://localhost:3000)
  --token T       access token (default: $CERTIFICATION_TOKEN; for a local URL an admin token is minted)
  --month M       UTC month, YYYY-MM (default: the current month)
  --format F      table (default), csv (RFC 4180, header row) or json (the service's answer)
  --timeout S     give up after S seconds (default {timeout})
  --lang L        en or pt-BR (default: LC_ALL, LC_MESSAGES, LANG; else English)
  -h, --help      show this help

Exit codes: 0 printed, 2 usage or service error (code on stderr, e.g. FORBIDDEN).
`,
  'cli.usageReport.format': '--format must be {formats}, got "{value}".',
  'cli.usageReport.operators':
    'Operators are members of the Cognito group "admins" (see docs/operations.md, "Operators").',
  'cli.usageReport.empty': 'No usage in {month}.',
  'cli.usageReport.title': 'Usage in {month} ({users})',
  'cli.usageReport.usersOne': '{count} user',
  'cli.usageReport.usersOther': '{count} users',
  'cli.usageReport.sub': 'user (sub)',
  'cli.usageReport.certifications': 'certifications',
  'cli.usageReport.inputTokens': 'input tokens',
  'cli.usageReport.outputTokens': 'output tokens',
  'cli.usageReport.cost': 'est. cost (USD)',
  'cli.usageReport.total': 'total',
  'cli.smoke.help': `Usage: npm run smoke -- --url URL --token T [--model ID]

Checks a running service end to end, one line per check: {checks}.
Certifies the model once (fresh, so it is billed like any certification), then reads it back
from the cache and through a stream ticket. Exit 0 when every check passes, 1 otherwise.

  --url URL     the service's base URL (default: $CERTIFICATION_URL), e.g. the stack's FunctionUrl
  --token T     an access token (default: $CERTIFICATION_TOKEN), e.g. from Cognito's initiate-auth
  --model ID    the model to certify (default: {model});
                pick one that certifies in the service's Region
  --lang L      en or pt-BR (default: LC_ALL, LC_MESSAGES, LANG; else English)
`,
  'cli.smoke.title': 'Smoke test of {url} with {modelId}',
  'cli.smoke.allPassed': 'All {count} checks passed.',
  'cli.smoke.counts': '{passed} passed, {failed} failed, {skipped} skipped.',
  'cli.smoke.check.health': 'health',
  'cli.smoke.check.auth refusal': 'auth refusal',
  'cli.smoke.check.token accepted': 'token accepted',
  'cli.smoke.check.stream framing': 'stream framing',
  'cli.smoke.check.certification': 'certification',
  'cli.smoke.check.cached answer': 'cached answer',
  'cli.smoke.check.ticket stream': 'ticket stream',
  'cli.smoke.check.catalog': 'catalog',
  'cli.smoke.check.usage': 'usage',
  'cli.smoke.skipped': 'skipped: needs {need}',
  'cli.smoke.needCertification': 'a certification from the stream',
  'cli.smoke.unexpected': 'unexpected: {message}',
  'cli.smoke.noAnswer': 'no answer within {seconds} s from {url}',
  'cli.smoke.unreachable': 'cannot reach {url}',
  'cli.smoke.unreachableCode': 'cannot reach {url} ({code})',
  'cli.smoke.answerStopped': 'the answer stopped arriving',
  'cli.smoke.notJson': 'the answer is not JSON',
  'cli.smoke.notObject': 'the answer is not a JSON object',
  'cli.smoke.status': '{status}, expected {expected}',
  'cli.smoke.statusToken': '{status}, expected {expected} (the token is not accepted)',
  'cli.smoke.health.notOk': '200 but not {expected}: {body}',
  'cli.smoke.auth.notRefused': '{status} without a token, expected 401',
  'cli.smoke.auth.noChallenge': '401 without WWW-Authenticate: Bearer',
  'cli.smoke.auth.passed': '401 without a token, WWW-Authenticate: {challenge}',
  'cli.smoke.token.noCached': '200 but no "cached" in the check answer',
  'cli.smoke.token.cached': 'check {modelId}: cached',
  'cli.smoke.token.notCached': 'check {modelId}: not cached',
  'cli.smoke.framing.contentType': 'content-type {type}, expected text/event-stream',
  'cli.smoke.framing.missing': 'missing',
  'cli.smoke.framing.passed': '{count} events, each one "data: <json>" line; ends with one {type}',
  'cli.smoke.framing.passedComments':
    '{count} events, each one "data: <json>" line; ends with one {type} ({comments} keep-alive comments)',
  'cli.smoke.certification.notOpened': 'the stream did not open',
  'cli.smoke.certification.error': 'the stream ended with error {code}: {message}',
  'cli.smoke.certification.noComplete': 'the stream did not end with a complete event',
  'cli.smoke.certification.notCertified': '{modelId} {status} in {region} ({passed}/{total})',
  'cli.smoke.certification.notCertifiedHint':
    '{modelId} {status} in {region} ({passed}/{total}): {hint}',
  'cli.smoke.certification.passed': '{modelId} certified in {region}, {passed}/{total} tests',
  'cli.smoke.cached.nothingToCompare': 'no certification to compare with',
  'cli.smoke.cached.nothing': 'the check route has nothing cached',
  'cli.smoke.cached.otherRun': 'the check route answers another run than the one just made',
  'cli.smoke.cached.ranAgain':
    'a second request ran the model again instead of answering the cache',
  'cli.smoke.cached.passed': 'the check route and a second request answer the run just made',
  'cli.smoke.ticket.noUrl': '201 without a relative streamUrl',
  'cli.smoke.ticket.notCached': 'the ticket stream did not end with the cached certification',
  'cli.smoke.ticket.passed':
    'POST /stream-tickets, then streamUrl without Authorization: the cached result',
  'cli.smoke.catalog.malformed': '200 without region and models',
  'cli.smoke.catalog.passed': '{count} models in {region}',
  'cli.smoke.usage.malformed': '200 without month and certifications',
  'cli.smoke.usage.passedOne': '{count} certification in {month}',
  'cli.smoke.usage.passedOther': '{count} certifications in {month}',
  'cli.smoke.stream.timeout': 'the stream did not end in time',
  'cli.smoke.stream.cut': 'the stream was cut before its last event',
  'cli.smoke.stream.cr': 'CR characters in the stream: the original clients split on "\\n\\n" only',
  'cli.smoke.stream.noBlankLine': 'the stream does not end with a blank line',
  'cli.smoke.stream.event': 'event {number}',
  'cli.smoke.stream.field':
    '{position} has an "{field}:" field; the original clients read only "data: " lines',
  'cli.smoke.stream.lines': '{position} is {count} lines; each must be one "data: <json>" line',
  'cli.smoke.stream.noSpace': '{position} has no space after "data:"',
  'cli.smoke.stream.notJson': '{position} is not one JSON object',
  'cli.smoke.stream.terminals': '{count} complete/error events; the stream ends with exactly one',
  'cli.smoke.stream.afterTerminal': 'events follow the complete/error event',
} as const;
