import type { CLI_MESSAGES_EN } from './messages-en-cli.js';

/**
 * As mensagens `cli.` do catálogo em português: as palavras das ferramentas de linha de comando,
 * num módulo próprio para que o pacote da página as deixe de fora (web/build.ts).
 */
export const CLI_MESSAGES_PT_BR: { readonly [K in keyof typeof CLI_MESSAGES_EN]: string } = {
  'cli.error': 'erro: {code}: {message}',
  'cli.listJoin': '{first}, {rest}',
  'cli.errorWithStatus': 'erro: {code} ({status}): {message}',
  'cli.helpHint': 'Execute com --help para ver como usar.',
  'cli.usage.unknownOption': 'opção desconhecida {option}.',
  'cli.usage.unknownOptionClosest': 'opção desconhecida {option}; você quis dizer --{closest}?',
  'cli.usage.optionValue': '{option} precisa de um valor.',
  'cli.usage.optionNoValue': '{option} não aceita valor.',
  'cli.usage.unexpectedArgument': 'argumento inesperado "{value}".',
  'cli.usage.commandLine': 'não foi possível ler a linha de comando: {detail}',
  'cli.usage.timeout': '--timeout deve ser um número positivo de segundos, mas veio "{value}".',
  'cli.usage.urlRequired': 'informe a URL do serviço com --url (ou CERTIFICATION_URL).',
  'cli.usage.url': '--url deve ser uma URL http(s), mas veio "{url}".',
  'cli.usage.tokenRequired': 'informe um token de acesso com --token (ou CERTIFICATION_TOKEN).',
  'cli.usage.remoteToken':
    'um serviço remoto exige um token: passe --token ou defina CERTIFICATION_TOKEN.',
  'cli.usage.month':
    '--month deve ser um mês UTC no formato AAAA-MM (YYYY-MM), mas veio "{value}".',
  'cli.usage.statusWithoutList': '--status só vale com --list.',
  'cli.usage.usageTakesNo': '--usage não aceita {options}.',
  'cli.usage.usageFormat': '--usage imprime table, json ou markdown, não junit.',
  'cli.usage.monthWithoutUsage': '--month só vale com --usage.',
  'cli.usage.freshAndReuse':
    '--fresh certifica de novo e --reuse-cache lê o cache: passe só um dos dois.',
  'cli.usage.modelIdsAndCatalog': 'passe ids de modelo ou --catalog, não os dois.',
  'cli.usage.modelIdRequired': 'é preciso um id de modelo (ou --catalog).',
  'cli.usage.invalidModelId':
    '"{modelId}" não é um id de modelo do Bedrock, um id de perfil de inferência nem um ARN.',
  'cli.usage.concurrency':
    '--concurrency deve ser um número inteiro de 1 a {max}, mas veio "{value}".',
  'cli.usage.listTakesNo': '--list não aceita {options}.',
  'cli.usage.listFormat': '--list imprime table, json ou markdown, não junit.',
  'cli.usage.status': '--status deve ser um de {values}, mas veio "{value}".',
  'cli.usage.conflict.modelIds': 'ids de modelo',
  'cli.usage.conflict.gates': 'critérios',
  'cli.usage.conflict.regions': '--regions (use um só --region)',
  'cli.usage.suite': '--suite deve ser um de {suites}, mas veio "{value}".',
  'cli.usage.suiteTooSmallOne':
    '--require {capabilities} precisa de --suite {needed}; a suíte {suite} não testa essa capacidade.',
  'cli.usage.suiteTooSmallOther':
    '--require {capabilities} precisa de --suite {needed}; a suíte {suite} não testa essas capacidades.',
  'cli.usage.regionAndRegions': 'passe --region ou --regions, não os dois.',
  'cli.usage.regionsEmpty': '--regions precisa de nomes de Região (us-east-1,eu-west-1) ou all.',
  'cli.usage.regionOne': '--region aceita uma Região só; use --regions para várias.',
  'cli.usage.regionName': '{flag}: "{value}" não é um nome de Região da AWS como us-east-1.',
  'cli.usage.format': '--format deve ser um de {formats}, mas veio "{value}".',
  'cli.usage.jsonAndFormat': '--json é o mesmo que --format json; conflita com --format {format}.',
  'cli.usage.requireEmpty': '--require precisa de nomes de capacidades: {capabilities}.',
  'cli.usage.requireUnknown':
    'capacidade desconhecida {unknown} em --require; as capacidades são {capabilities}.',
  'cli.usage.limit': '{flag} deve ser um número a partir de 0, mas veio "{value}".',
  'cli.error.noMinter':
    'não há como emitir um token local aqui; passe --token ou defina CERTIFICATION_TOKEN.',
  'cli.error.mintFailed':
    'não foi possível emitir um token local ({reason}); suba a stack com `npm start` ou passe --token.',
  'cli.error.timeout': 'sem resposta em {seconds} s.',
  'cli.error.interrupted': 'interrompido.',
  'cli.error.quotaNotWaited': '{message} Não vale esperar: a cota se renova em {at}.',
  'cli.error.retryAfter': '{message} Tente de novo em {wait}.',
  'cli.error.network': 'Não foi possível falar com o serviço de certificação, ou a conexão caiu.',
  'cli.error.streamIncomplete': 'O stream de eventos terminou antes de a certificação acabar.',
  'cli.error.protocol': 'O serviço não respondeu como o protocolo manda: {detail}',
  'cli.hint.startLocal':
    'Nada responde em {url}: suba a stack local com `npm start` (em outro terminal) ou passe --url.',
  'cli.hint.missingRoute':
    'O serviço em {url} não tem a rota {route}: ele roda uma versão anterior a ela; implante a versão atual.',
  'cli.certify.help': `Uso: npm run -s certify -- <modelId>... [opções]
     npm run -s certify -- --catalog [opções]
     npm run -s certify -- --usage [--month AAAA-MM] [--format table|json|markdown]
     npm run -s certify -- --list [--status S] [--region R] [--format table|json|markdown]

Certifica modelos do Amazon Bedrock com o serviço de certificação. O progresso vai para o
stderr, o resultado para o stdout (-s tira de lá o cabeçalho do próprio npm).

O que certificar:
  <modelId>...        ids de modelo, ids de perfil de inferência ou ARNs; o resultado em cache
                      de um modelo é lido pela rota check (grátis, fora do limite de taxa);
                      vários vão ao serviço como um lote (uma requisição: resultados em cache
                      grátis, cada execução medida), 50 modelos por requisição
  --catalog           todos os modelos do catálogo do serviço, como um lote (modelos de base
                      servidos só por perfis de inferência ficam de fora: os perfis estão
                      listados)
  --region R          certifica na Região R (padrão: a Região padrão do serviço)
  --regions LISTA     certifica em cada uma destas Regiões (us-east-1,eu-west-1), ou em todas
                      as que o serviço lista, com --regions all
  --fresh             certifica de novo mesmo com resultado em cache (conta no limite de taxa
                      e é medido)
  --suite S           {suites};
                      padrão core, ou full quando --require pede uma capacidade que só ela testa
  --concurrency N     aceito por scripts antigos; o próprio serviço certifica um lote poucos
                      de cada vez. Um 429 de limite de taxa é aguardado

Quando um modelo passa (padrão: certified, todos os testes passaram):
  --require CAPS      estas capacidades são true, seja como for nos outros testes; CAPS é uma
                      lista separada por vírgulas de
{capabilities}
  --max-ttft-ms N     tempo até o primeiro token de no máximo N ms
  --max-latency-ms N  latência média dos testes de no máximo N ms
  --max-cost-usd N    custo estimado da certificação de no máximo N dólares americanos

Saída (stdout):
  --format F          table (padrão), json, junit (um testsuite por modelo), markdown
  --json              o mesmo que --format json; para um só id, o objeto da certificação

O catálogo, sem certificar:
  --list              todos os modelos que a conta pode oferecer, com o último resultado
  --status S          com --list, só as entradas cujo último resultado é S:
                      {statuses}
  --region R          com --list, o catálogo da Região R (padrão: a do serviço)

Uso da sua conta:
  --usage             certificações, tokens, custo estimado e cota deste mês
  --month AAAA-MM     outro mês, com --usage

Serviço:
  --url URL           padrão: $CERTIFICATION_URL, senão http://localhost:$PORT, senão a
                      stack que o npm start roda aqui (.local/stack.json), senão localhost:3000
  --token T           padrão: $CERTIFICATION_TOKEN; para uma URL local, um é emitido
  --sub NOME          subject do token local emitido (padrão: {sub})
  --timeout S         desiste de um modelo após S segundos (padrão {timeout})
  --reuse-cache       aceito por scripts antigos: ler o cache primeiro já é o padrão
  --lang L            en ou pt-BR (padrão: LC_ALL, LC_MESSAGES, LANG; senão inglês)
  -h, --help          mostra esta ajuda

Códigos de saída: 0 todo modelo passa, 1 algum modelo não passa (failed, unavailable ou abaixo
de um critério), 2 erro de uso ou do serviço (código no stderr), 130 interrompido (Ctrl+C).
`,
  'cli.certify.suiteSize': '{suite} ({count} testes)',
  'cli.certify.statusList': '{statuses}, ou {last} (nenhum)',
  'cli.certify.one': 'Certificando {modelId}{region}{suite} no serviço {url}',
  'cli.certify.inRegion': ' em {region}',
  'cli.certify.suiteNote': ' (suíte {suite})',
  'cli.certify.cached': 'Resultado em cache de {at}; --fresh certifica de novo.',
  'cli.certify.batch': 'Certificando {models}{suite} no serviço {url} em {batches}',
  'cli.certify.oneBatch': 'um lote',
  'cli.certify.batches': '{count} lotes',
  'cli.certify.modelsOne': '{count} modelo',
  'cli.certify.modelsOther': '{count} modelos',
  'cli.certify.rateLimitedWait':
    'Limite de taxa atingido: aguardando {wait}, como o serviço pede (Ctrl+C para parar).',
  'cli.certify.leavingOutOne':
    'Deixando de fora {count} modelo de base servido só por perfis de inferência (certifique os perfis): {modelIds}',
  'cli.certify.leavingOutOther':
    'Deixando de fora {count} modelos de base servidos só por perfis de inferência (certifique os perfis): {modelIds}',
  'cli.certify.progress': '{status} ({passed}/{finished} aprovados)',
  'cli.certify.progressCached': '{status} ({passed}/{finished} aprovados, do cache)',
  'cli.certify.itemError': 'error ({code})',
  'cli.certify.itemNotRun': 'error ({code}, não executado)',
  'cli.certify.failureAll': '[todos os {count} modelos]',
  'cli.certify.interruptedIdle': 'interrompido; nenhuma certificação estava em andamento.',
  'cli.certify.interruptedOne':
    'parou de ouvir. O serviço ainda termina a certificação de {modelId} em segundo plano (uma função Lambda não fica sabendo que o cliente saiu) e guarda o resultado em cache: {again} para lê-lo.',
  'cli.certify.interruptedMany':
    'parou de ouvir. O serviço ainda termina as certificações de {modelIds} em segundo plano (uma função Lambda não fica sabendo que o cliente saiu) e guarda os resultados em cache: {again} para lê-los.',
  'cli.certify.interruptedBatchOne':
    'parou de ouvir. O serviço ainda termina o lote em segundo plano (uma função Lambda não fica sabendo que o cliente saiu; {modelIds} estava em andamento) e guarda os resultados em cache: {again} para lê-los.',
  'cli.certify.interruptedBatchMany':
    'parou de ouvir. O serviço ainda termina o lote em segundo plano (uma função Lambda não fica sabendo que o cliente saiu; {modelIds} estavam em andamento) e guarda os resultados em cache: {again} para lê-los.',
  'cli.certify.again': 'execute o comando de novo',
  'cli.certify.againWithoutFresh': 'execute o comando de novo sem --fresh',
  'cli.progress.starting': 'Iniciando {total} testes de certificação',
  'cli.progress.summary': '{current} de {total} testes concluídos',
  'cli.progress.running': '{summary}, {count} em andamento',
  'cli.batch.probes': '{done}/{total} testes',
  'cli.batch.certifying': '{modelId}: certificando',
  'cli.batch.done': '{finished}/{total} concluídos',
  'cli.batch.running': '{count} em andamento',
  'cli.batch.resuming': 'limite de taxa atingido, retomando em {wait}',
  'cli.batch.eta': 'previsão {wait}',
  'cli.batch.waiting': 'limite de taxa atingido, aguardando {wait}, como o serviço pede',
  'cli.summary.test': 'TESTE',
  'cli.summary.result': 'RESULTADO',
  'cli.summary.latency': 'LATÊNCIA',
  'cli.summary.detail': 'DETALHE',
  'cli.summary.status': 'Status',
  'cli.summary.statusValue': '{status} ({passed}/{finished} aprovados, {rate})',
  'cli.summary.gate': 'Critério',
  'cli.summary.model': 'Modelo',
  'cli.summary.modelValue': '{modelId} em {region}',
  'cli.summary.avgLatency': 'Latência média',
  'cli.summary.ttft': 'TTFT',
  'cli.summary.outputSpeed': 'Velocidade de saída',
  'cli.summary.tokens': 'Tokens',
  'cli.summary.tokensValue': '{input} de entrada / {output} de saída',
  'cli.summary.cost': 'Custo estimado',
  'cli.summary.certifiedAt': 'Certificado em',
  'cli.summary.checkedAt': 'Verificado em',
  'cli.summary.cachedAt': '{at} (do cache)',
  'cli.summary.expiresAt': 'Expira em',
  'cli.summary.reason': 'Motivo:',
  'cli.summary.reasons': 'Motivos:',
  'cli.summary.hint': 'dica:',
  'cli.summary.allProbes': 'todos os {count} testes',
  'cli.summary.cutNote': 'Texto marcado com … foi cortado para caber: --format json traz tudo.',
  'cli.gate.pass': 'critério: pass',
  'cli.gate.fail': 'critério: fail — {checks}',
  'cli.gate.requires': 'exige {capabilities}',
  'cli.gate.ttft': 'TTFT ≤ {ms} ms',
  'cli.gate.latency': 'latência média ≤ {ms} ms',
  'cli.gate.cost': 'custo estimado ≤ US$ {usd}',
  'cli.gate.finished': '{status} ({passed}/{finished} aprovados)',
  'cli.gate.notMeasured': 'não medido (o teste de streaming não passou)',
  'cli.gate.noPrice': 'desconhecido (sem preço para este modelo)',
  'cli.gate.notDetermined': 'null (não determinado: limitado, sem tempo ou erro do serviço)',
  'cli.gate.notTested': 'não testado (certifique com --suite full)',
  'cli.report.inRegion': '{modelId} em {region}',
  'cli.report.model': 'MODELO',
  'cli.report.region': 'REGIÃO',
  'cli.report.status': 'STATUS',
  'cli.report.gate': 'CRITÉRIO',
  'cli.report.tests': 'TESTES',
  'cli.report.ttft': 'TTFT',
  'cli.report.avgLatency': 'LATÊNCIA MÉDIA',
  'cli.report.cost': 'CUSTO EST.',
  'cli.report.dropped': '({columns} ficaram de fora para caber; --format json traz tudo)',
  'cli.report.verdictOne': '{passing} de {count} modelo passa ({gates})',
  'cli.report.verdictOther': '{passing} de {count} modelos passam ({gates})',
  'cli.report.whyNot': 'Por que não:',
  'cli.report.hint': '{reason} Dica: {hint}',
  'cli.report.md.title': '## Certificação de modelos do Bedrock',
  'cli.report.md.inRegions': '{verdict} em {regions}',
  'cli.report.md.model': 'Modelo',
  'cli.report.md.status': 'Status',
  'cli.report.md.gate': 'Critério',
  'cli.report.md.tests': 'Testes',
  'cli.report.md.ttft': 'TTFT',
  'cli.report.md.avgLatency': 'Latência média',
  'cli.report.md.cost': 'Custo estimado',
  'cli.report.md.legend':
    '✓ os testes mostraram a capacidade, ✗ não mostraram, ? não deu para saber (não determinado).',
  'cli.report.md.whyOne': 'Por que um modelo não passa',
  'cli.report.md.whyOther': 'Por que {count} modelos não passam',
  'cli.report.md.resultsFrom': 'Resultados de {from} a {to}.',
  'cli.capability.streaming': 'Streaming',
  'cli.capability.systemPrompt': 'Prompt de sistema',
  'cli.capability.toolUse': 'Uso de ferramentas',
  'cli.capability.streamingToolUse': 'Ferramentas em streaming',
  'cli.capability.jsonOutput': 'Saída JSON',
  'cli.capability.multiTurn': 'Vários turnos',
  'cli.capability.imageInput': 'Entrada de imagem',
  'cli.capability.documentInput': 'Entrada de documento',
  'cli.capability.citations': 'Citações',
  'cli.capability.reasoning': 'Raciocínio',
  'cli.capability.promptCaching': 'Cache de prompt',
  'cli.capability.structuredOutput': 'Saída estruturada',
  'cli.capability.toolChoice': 'Escolha de ferramenta',
  'cli.myUsage.month': 'Mês',
  'cli.myUsage.certifications': 'Certificações',
  'cli.myUsage.certificationsValue': '{count} (respostas do cache são grátis)',
  'cli.myUsage.tokens': 'Tokens',
  'cli.myUsage.cost': 'Custo estimado',
  'cli.myUsage.quota': 'Cota',
  'cli.myUsage.quotaNone': 'nenhuma',
  'cli.myUsage.quotaValue': '{used} de {limit} usadas, {remaining} restantes neste mês',
  'cli.catalog.kind.foundation-model': 'modelo',
  'cli.catalog.kind.inference-profile': 'perfil',
  'cli.catalog.summaryOne': '{count} modelo em {region}',
  'cli.catalog.summaryOther': '{count} modelos em {region}',
  'cli.catalog.withoutResult': '{count} sem resultado',
  'cli.catalog.profileOnly':
    '* servido só por perfis de inferência: certifique um dos perfis dele.',
  'cli.catalog.model': 'MODELO',
  'cli.catalog.name': 'NOME',
  'cli.catalog.kind': 'TIPO',
  'cli.catalog.status': 'STATUS',
  'cli.catalog.ttft': 'TTFT',
  'cli.catalog.cost': 'CUSTO EST.',
  'cli.catalog.checkedAt': 'VERIFICADO EM',
  'cli.catalog.access': 'ACESSO',
  'cli.catalog.access.AVAILABLE': 'sim',
  'cli.catalog.access.NOT_AVAILABLE': 'não',
  'cli.catalog.access.UNKNOWN': 'desconhecido',
  'cli.catalog.md.access': 'Acesso',
  'cli.catalog.md.title': '## Catálogo de modelos do Bedrock',
  'cli.catalog.md.model': 'Modelo',
  'cli.catalog.md.name': 'Nome',
  'cli.catalog.md.kind': 'Tipo',
  'cli.catalog.md.status': 'Status',
  'cli.catalog.md.ttft': 'TTFT',
  'cli.catalog.md.cost': 'Custo estimado',
  'cli.usageReport.help': `Uso: npm run usage-report -- [--url URL] [--token T] [--month AAAA-MM] [--format table|csv|json]

Imprime as certificações, os tokens e o custo estimado de cada usuário em um mês UTC. O token
deve ser de um membro do grupo "admins" do Cognito.

Opções:
  --url URL       URL base do serviço (padrão: $CERTIFICATION_URL, senão http://localhost:$PORT,
                  senão o npm start em execução, senão http://localhost:3000)
  --token T       token de acesso (padrão: $CERTIFICATION_TOKEN; para uma URL local, um token de admin é emitido)
  --month M       mês UTC, AAAA-MM (padrão: o mês atual)
  --format F      table (padrão), csv (RFC 4180, com cabeçalho) ou json (a resposta do serviço)
  --timeout S     desiste após S segundos (padrão {timeout})
  --lang L        en ou pt-BR (padrão: LC_ALL, LC_MESSAGES, LANG; senão inglês)
  -h, --help      mostra esta ajuda

Códigos de saída: 0 impresso, 2 erro de uso ou do serviço (código no stderr, p. ex. FORBIDDEN).
`,
  'cli.usageReport.format': '--format deve ser {formats}, mas veio "{value}".',
  'cli.usageReport.operators':
    'Operadores são membros do grupo "admins" do Cognito (veja docs/operations.md, "Operators").',
  'cli.usageReport.empty': 'Nenhum uso em {month}.',
  'cli.usageReport.title': 'Uso em {month} ({users})',
  'cli.usageReport.usersOne': '{count} usuário',
  'cli.usageReport.usersOther': '{count} usuários',
  'cli.usageReport.sub': 'usuário (sub)',
  'cli.usageReport.certifications': 'certificações',
  'cli.usageReport.inputTokens': 'tokens de entrada',
  'cli.usageReport.outputTokens': 'tokens de saída',
  'cli.usageReport.cost': 'custo est. (USD)',
  'cli.usageReport.total': 'total geral',
  'cli.smoke.help': `Uso: npm run smoke -- --url URL --token T [--model ID]

Verifica um serviço em execução de ponta a ponta, uma linha por verificação: {checks}.
Certifica o modelo uma vez (fresh, então é cobrado como qualquer certificação), depois o lê de
volta do cache e por um ticket de stream. Sai com 0 quando todas as verificações passam, 1 se não.

  --url URL     a URL base do serviço (padrão: $CERTIFICATION_URL), p. ex. a FunctionUrl da stack
  --token T     um token de acesso (padrão: $CERTIFICATION_TOKEN), p. ex. do initiate-auth do Cognito
  --model ID    o modelo a certificar (padrão: {model});
                escolha um que certifique na Região do serviço
  --lang L      en ou pt-BR (padrão: LC_ALL, LC_MESSAGES, LANG; senão inglês)
`,
  'cli.smoke.title': 'Teste de fumaça de {url} com {modelId}',
  'cli.smoke.allPassed': 'As {count} verificações passaram.',
  'cli.smoke.counts': '{passed} passaram, {failed} falharam, {skipped} puladas.',
  'cli.smoke.check.health': 'saúde',
  'cli.smoke.check.auth refusal': 'recusa sem token',
  'cli.smoke.check.token accepted': 'token aceito',
  'cli.smoke.check.stream framing': 'formato do stream',
  'cli.smoke.check.certification': 'certificação',
  'cli.smoke.check.cached answer': 'resposta do cache',
  'cli.smoke.check.ticket stream': 'stream com ticket',
  'cli.smoke.check.catalog': 'catálogo',
  'cli.smoke.check.usage': 'uso',
  'cli.smoke.skipped': 'pulada: depende de {need}',
  'cli.smoke.needCertification': 'uma certificação vinda do stream',
  'cli.smoke.unexpected': 'inesperado: {message}',
  'cli.smoke.noAnswer': 'sem resposta de {url} em {seconds} s',
  'cli.smoke.unreachable': 'não foi possível alcançar {url}',
  'cli.smoke.unreachableCode': 'não foi possível alcançar {url} ({code})',
  'cli.smoke.answerStopped': 'a resposta parou de chegar',
  'cli.smoke.notJson': 'a resposta não é JSON',
  'cli.smoke.notObject': 'a resposta não é um objeto JSON',
  'cli.smoke.status': '{status}, esperado {expected}',
  'cli.smoke.statusToken': '{status}, esperado {expected} (o token não foi aceito)',
  'cli.smoke.health.notOk': '200, mas não {expected}: {body}',
  'cli.smoke.auth.notRefused': '{status} sem token, esperado 401',
  'cli.smoke.auth.noChallenge': '401 sem WWW-Authenticate: Bearer',
  'cli.smoke.auth.passed': '401 sem token, WWW-Authenticate: {challenge}',
  'cli.smoke.token.noCached': '200, mas sem "cached" na resposta do check',
  'cli.smoke.token.cached': 'check de {modelId}: em cache',
  'cli.smoke.token.notCached': 'check de {modelId}: fora do cache',
  'cli.smoke.framing.contentType': 'content-type {type}, esperado text/event-stream',
  'cli.smoke.framing.missing': 'ausente',
  'cli.smoke.framing.passed':
    '{count} eventos, cada um uma linha "data: <json>"; termina com um só {type}',
  'cli.smoke.framing.passedComments':
    '{count} eventos, cada um uma linha "data: <json>"; termina com um só {type} ({comments} comentários de keep-alive)',
  'cli.smoke.certification.notOpened': 'o stream não abriu',
  'cli.smoke.certification.error': 'o stream terminou com o erro {code}: {message}',
  'cli.smoke.certification.noComplete': 'o stream não terminou com um evento complete',
  'cli.smoke.certification.notCertified': '{modelId} {status} em {region} ({passed}/{total})',
  'cli.smoke.certification.notCertifiedHint':
    '{modelId} {status} em {region} ({passed}/{total}): {hint}',
  'cli.smoke.certification.passed': '{modelId} certificado em {region}, {passed}/{total} testes',
  'cli.smoke.cached.nothingToCompare': 'nenhuma certificação com que comparar',
  'cli.smoke.cached.nothing': 'a rota check não tem nada em cache',
  'cli.smoke.cached.otherRun': 'a rota check responde outra execução, não a que acabou de rodar',
  'cli.smoke.cached.ranAgain':
    'uma segunda requisição rodou o modelo de novo em vez de responder do cache',
  'cli.smoke.cached.passed':
    'a rota check e uma segunda requisição respondem a execução que acabou de rodar',
  'cli.smoke.ticket.noUrl': '201 sem um streamUrl relativo',
  'cli.smoke.ticket.notCached': 'o stream do ticket não terminou com a certificação em cache',
  'cli.smoke.ticket.passed':
    'POST /stream-tickets, depois streamUrl sem Authorization: o resultado em cache',
  'cli.smoke.catalog.malformed': '200 sem region e models',
  'cli.smoke.catalog.passed': '{count} modelos em {region}',
  'cli.smoke.usage.malformed': '200 sem month e certifications',
  'cli.smoke.usage.passedOne': '{count} certificação em {month}',
  'cli.smoke.usage.passedOther': '{count} certificações em {month}',
  'cli.smoke.stream.timeout': 'o stream não terminou a tempo',
  'cli.smoke.stream.cut': 'o stream foi cortado antes do último evento',
  'cli.smoke.stream.cr': 'caracteres CR no stream: os clientes originais só dividem em "\\n\\n"',
  'cli.smoke.stream.noBlankLine': 'o stream não termina com uma linha em branco',
  'cli.smoke.stream.event': 'o evento {number}',
  'cli.smoke.stream.field':
    '{position} tem um campo "{field}:"; os clientes originais só leem linhas "data: "',
  'cli.smoke.stream.lines':
    '{position} tem {count} linhas; cada um deve ser uma só linha "data: <json>"',
  'cli.smoke.stream.noSpace': '{position} não tem espaço depois de "data:"',
  'cli.smoke.stream.notJson': '{position} não é um objeto JSON',
  'cli.smoke.stream.terminals':
    '{count} eventos complete/error; o stream termina com exatamente um',
  'cli.smoke.stream.afterTerminal': 'há eventos depois do evento complete/error',
};
