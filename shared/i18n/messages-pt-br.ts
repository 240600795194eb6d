import type { MessageCatalog } from './translate.js';

/**
 * O catálogo de mensagens em português do Brasil. O compilador exige toda chave do catálogo
 * em inglês; um teste confere que os parâmetros `{nome}` são os mesmos.
 */
export const MESSAGES_PT_BR: MessageCatalog = {
  'api.invalidModelId':
    'modelId deve ser um id de modelo do Bedrock, um id de perfil de inferência ou um ARN.',
  'api.modelIdEncoding': 'modelId não está em percent-encoding válido.',
  'api.missingModelId': 'modelId é obrigatório.',
  'api.invalidJson': 'O corpo da requisição não é um JSON válido.',
  'api.malformedRequest': 'A requisição está malformada.',
  'api.bodyNotObject': 'O corpo da requisição deve ser um objeto JSON como {example}.',
  'api.freshBoolean': 'fresh deve ser true ou false.',
  'api.pathEncoding': 'O caminho não está em percent-encoding válido.',
  'api.cursorOnce': 'Envie um único cursor, como nextCursor o deu.',
  'api.cursorForeign': 'cursor não é um que esta rota lhe deu; comece de novo sem cursor.',
  'api.suiteQuery': 'suite deve ser um de {suites}, informado uma única vez.',
  'api.suiteBody': 'suite deve ser um de {suites}.',
  'api.requiresUnknown':
    'Capacidade desconhecida {unknown}: requires recebe nomes de capacidades, separados por vírgula, informados uma única vez: {allowed}.',
  'api.requires':
    'requires recebe nomes de capacidades, separados por vírgula, informados uma única vez: {allowed}.',
  'api.historyLimit': 'limit deve ser um número inteiro de 1 a {max}.',
  'api.statusFilter': 'status deve ser um destes valores, informado uma só vez: {values}.',
  'api.unsupported.provisionedThroughputId':
    'Uma variante de janela de contexto como :200k só é vendida como Provisioned Throughput; certifique o id do modelo base, sem ela (este serviço certifica modelos de fundação e perfis de inferência invocados sob demanda, e o papel dele não pode invocar mais nada).',
  'api.unsupported.provisionedModel':
    'ARNs de Provisioned Throughput não podem ser certificados; certifique o modelo que ele serve (este serviço certifica modelos de fundação e perfis de inferência invocados sob demanda, e o papel dele não pode invocar mais nada).',
  'api.unsupported.customModel':
    'ARNs de modelos personalizados não podem ser certificados; certifique o modelo base (este serviço certifica modelos de fundação e perfis de inferência invocados sob demanda, e o papel dele não pode invocar mais nada).',
  'api.unsupported.importedModel':
    'ARNs de modelos importados não podem ser certificados (este serviço certifica modelos de fundação e perfis de inferência invocados sob demanda, e o papel dele não pode invocar mais nada).',
  'api.unauthorized': 'É preciso um token bearer válido.',
  'api.oneStreamTicket': 'Envie um único ticket de stream.',
  'api.badStreamTicket':
    'O ticket de stream é inválido, expirou, já foi usado ou é de outra requisição.',
  'api.invalidMonth': 'month deve ser um mês UTC no formato AAAA-MM, por exemplo 2026-11.',
  'api.oneMonth': 'Envie um único parâmetro month, no formato AAAA-MM.',
  'api.forbidden': 'Esta rota é só para operadores.',
  'api.adminsOnly': 'Só membros do grupo "{group}" podem ver o uso de todos os usuários.',
  'api.notFound': 'Rota inexistente.',
  'api.methodNotAllowed': 'Método não permitido; use {methods}.',
  'api.payloadTooLarge': 'O corpo da requisição deve ter no máximo {limit} bytes.',
  'api.unsupportedMediaType': 'O Content-Type deve ser application/json.',
  'api.readRateLimited':
    'No máximo {limit} leituras a cada {window} s; tente novamente em {retryAfter} s.',
  'api.rateLimited':
    'No máximo {limit} certificações a cada {window} s; tente de novo em {retryAfter} s.',
  'api.quotaExceeded':
    'A cota mensal de {limit} certificações acabou; ela recomeça quando o mês UTC terminar, em {retryAfter} s. Resultados em cache continuam disponíveis.',
  'api.storeUnavailable':
    'O armazenamento de certificações está indisponível; tente de novo em instantes.',
  'api.dependencyUnavailable':
    'Uma dependência do serviço está indisponível; tente de novo em instantes.',
  'api.issuerUnavailable':
    'O emissor de tokens não pode ser contatado; tente de novo em instantes.',
  'api.catalogUnavailable':
    'A listagem de modelos do Bedrock está indisponível; tente de novo em instantes.',
  'api.internal': 'Erro interno; informe o id de requisição {requestId}.',
  'api.or': 'ou',
  'api.atField': '{at}: {detail}',
  'api.regionName': 'region deve ser o nome de uma Região da AWS, como us-east-1.',
  'api.regionQuery': 'region deve ser informado no máximo uma vez.',
  'api.unsupportedRegion': 'Este serviço certifica em {listed}; "{region}" não é uma delas.',
  'api.batch.unknownField': 'Campo desconhecido "{field}"; um lote aceita items, suite e fresh.',
  'api.batch.items': 'items deve ser uma lista de 1 a {max} itens como {example}.',
  'api.batch.itemNotObject': 'deve ser um objeto como {example}.',
  'api.batch.itemUnknownField': 'campo desconhecido "{field}"; um item aceita modelId e region.',
  'api.batch.repeat':
    'repete items[{first}]: {modelId} em {region} é certificado uma vez por lote.',
  'api.batch.timeBudget':
    'Não iniciado: o lote ficou sem tempo antes que este item pudesse rodar; certifique-o de novo (sozinho ou em um lote menor).',
  'api.batch.cancelled': 'Não iniciado: o cliente saiu do lote.',
  'api.waitTimeout': 'A certificação em andamento não terminou a tempo; tente de novo.',
  'web.title': 'Certificação de modelos do Bedrock',
  'web.lead':
    'Executa {total} testes ao vivo em um modelo pela API Converse do Bedrock ({features}) e mostra o que funciona, com que velocidade e a que custo.',
  'web.language': 'Idioma',
  'web.token.label': 'Token de acesso',
  'web.token.help':
    'Um token de acesso do Cognito, enviado como `Authorization: Bearer`. Fica só nesta aba do navegador.',
  'web.modelId.label': 'Id do modelo',
  'web.modelId.help':
    'Um id de modelo de fundação, um id de perfil de inferência (`us.…`, `global.…`) ou o ARN de um modelo; ou escolha um modelo abaixo.',
  'web.suite': 'Conjunto de testes',
  'web.reuseCache': 'Reaproveitar um resultado em cache, se houver',
  'web.streamWith': 'Transmitir com',
  'web.eventSource': 'EventSource (com ticket)',
  'web.certify': 'Certificar',
  'web.cancel': 'Cancelar',
  'web.models': 'Modelos',
  'web.catalog.needToken':
    'Informe um token de acesso para ver os modelos que esta conta pode usar.',
  'web.filter.status': 'Situação',
  'web.filter.all': 'Todos',
  'web.filter.certified': 'Certificados',
  'web.filter.failed': 'Com falha',
  'web.filter.unavailable': 'Indisponíveis',
  'web.filter.uncertified': 'Não certificados',
  'web.filter.provider': 'Provedor',
  'web.filter.allProviders': 'Todos os provedores',
  'web.certifyAll': 'Certificar todos os não certificados',
  'web.stop': 'Parar',
  'web.catalog.caption':
    'Modelos e perfis de inferência com sua certificação. Recursos, nesta ordem: streaming, prompt de sistema, uso de ferramentas, uso de ferramentas em streaming, saída JSON, várias rodadas.',
  'web.catalog.legend':
    'Recursos ✓/✗, nesta ordem: streaming, prompt de sistema, uso de ferramentas, uso de ferramentas em streaming, saída JSON, várias rodadas.',
  'web.catalog.noMatch': 'Nenhum modelo corresponde a estes filtros.',
  'web.recent.heading': 'Resultados recentes',
  'web.recent.help': 'Resultados em cache deste serviço, do mais novo para o mais antigo.',
  'web.back': '← Todos os modelos',
  'web.progress.heading': 'Progresso',
  'web.progress.valueText': '{done} de {total} testes concluídos',
  'web.progress.elapsed': 'Tempo decorrido',
  'web.progress.probes': 'Testes',
  'web.usage.line': 'Este mês: {runs}, {cost}{quota}',
  'web.usage.runsOne': '{count} certificação',
  'web.usage.runsOther': '{count} certificações',
  'web.usage.quota': ' · cota: restam {remaining} de {limit}',
  'web.error.cancelledTitle': 'Você parou de acompanhar',
  'web.error.cancelledDetail':
    'A execução continua em segundo plano (o serviço não fica sabendo que você saiu) e o resultado vai para o cache. Certifique de novo daqui a um minuto com "Reaproveitar um resultado em cache" marcado para vê-lo sem iniciar outra execução.',
  'web.error.rateLimitedBefore':
    'Foram iniciadas certificações demais com este token no último minuto. Você pode certificar de novo',
  'web.error.rateLimitedIn': ' em ',
  'web.error.rateLimitedNow': ' agora.',
  'web.error.expiredTitle': 'Seu token expirou',
  'web.error.expiredDetail':
    'Ele expirou em {at} (há {ago}). Obtenha um novo token de acesso e cole-o acima.',
  'web.error.unauthorizedTitle': 'Sem autenticação (401)',
  'web.error.unauthorizedDetail':
    'O serviço recusou o token de acesso: {message} Confira se é um token de acesso completo deste serviço (e não um token de ID) e tente de novo.',
  'web.error.quotaTitle': 'Cota mensal esgotada (429)',
  'web.error.quotaDetail':
    '{message} Resultados em cache continuam gratuitos; novas execuções voltam a ser possíveis em {wait}.',
  'web.error.rateLimitedTitle': 'Limite de requisições atingido (429)',
  'web.error.invalidTitle': 'Requisição inválida ({code})',
  'web.error.unavailableTitle': 'Serviço indisponível ({code})',
  'web.error.unavailableDetail': '{message} Tente de novo {wait}.',
  'web.error.shortly': 'em instantes',
  'web.error.inWait': 'em {wait}',
  'web.error.reference': ' Referência: {requestId}.',
  'web.error.serviceTitle': 'Erro do serviço {status} ({code})',
  'web.error.streamTitle': 'A certificação não terminou ({code})',
  'web.error.connectionLostTitle': 'Conexão perdida',
  'web.error.connectionLostDetail':
    'A conexão caiu antes de a certificação terminar. Tente de novo: um resultado obtido nesse meio-tempo vem do cache.',
  'web.error.networkTitle': 'Erro de rede',
  'web.error.networkDetail':
    'Não foi possível falar com o serviço de certificação. Verifique sua conexão (e se o serviço está no ar) e tente de novo.',
  'web.error.protocolTitle': 'Resposta inesperada',
  'web.error.protocolDetail': 'O serviço respondeu de um jeito inesperado: {message}',
  'web.error.unexpectedTitle': 'Erro inesperado',
  'format.unknownCost': 'desconhecido',
};
