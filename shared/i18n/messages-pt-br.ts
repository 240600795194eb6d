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
};
