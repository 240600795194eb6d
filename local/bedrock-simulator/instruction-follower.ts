/**
 * A small deterministic "model": it reads the conversation and answers the kinds of
 * instruction the certification probes give (see the prompt conventions in the team brief):
 * reply with an exact word, obey a system code word, recall a code from an earlier turn, call
 * the offered tool with arguments built from its JSON schema, answer with a JSON object with
 * the asked keys. Everything it says is derived from the request, never canned, so a probe
 * with a fresh nonce can tell a real answer from a cached one.
 *
 * Three seams: `intent.ts` decides what is asked, `tool-arguments.ts` synthesizes argument and
 * key values, and this module words the answer (and the reasoning before it).
 */
import { detectIntent, systemRule, type CitedPassage, type Intent } from './intent.js';
import { findNonce, hash, pick, topicOf } from './prompt-text.js';
import type { ConverseRequest, Turn } from './request.js';
import { guessValue, inputFromSchema } from './tool-arguments.js';

/** How the simulated model behaves when it answers. */
export interface Persona {
  /** False for a model that answers fluently but ignores instructions. */
  obedient: boolean;
  /** Says a few words before a tool call (Claude does). */
  prefacesToolUse: boolean;
  /** Wraps JSON in a Markdown fence (Llama and Titan tend to). */
  fencesJson: boolean;
  /** When set, the model thinks about this many words (give or take) before answering. */
  reasoningWords?: number;
}

/** What the model decided to say, before token limits are applied. */
export interface Answer {
  reasoning?: string;
  /** The text block; before the tool call when there is one. */
  text?: string;
  /** The passage of an attached document the text is drawn from (citations enabled). */
  citation?: CitedPassage;
  toolUse?: { name: string; input: Record<string, unknown> };
}

/** One short sentence on the topic of the question; probes ask for brevity and give few tokens. */
const CHAT_TEMPLATES: readonly ((topic: string) => string)[] = [
  (topic) => `Here is a short answer about ${topic}: it depends on the context.`,
  (topic) => `On ${topic}, the simple answer is that it depends on your goal.`,
  (topic) => `In short, ${topic} is best handled one small step at a time.`,
  (topic) => `About ${topic}: start simple, then refine what matters most.`,
];

function chatText(text: string): string {
  return pick(CHAT_TEMPLATES, hash(text))(topicOf(text));
}

function jsonText(
  keys: string[],
  text: string,
  nonce: string | undefined,
  fenced: boolean,
): string {
  const object: Record<string, unknown> = {};
  for (const key of keys.length > 0 ? keys : ['answer']) object[key] = guessValue(key, text, nonce);
  return fenced ? `\`\`\`json\n${JSON.stringify(object, null, 2)}\n\`\`\`` : JSON.stringify(object);
}

function obedientAnswer(
  request: ConverseRequest,
  intent: Intent,
  persona: Persona,
  last: Turn,
): Answer {
  const text = last.text;
  const nonce = findNonce(text);
  const rule = systemRule(request.system.join('\n'));
  const withRule = (answer: string): string =>
    rule === undefined || answer.includes(rule.code)
      ? answer
      : rule.position === 'start'
        ? `${rule.code} ${answer}`
        : `${answer} ${rule.code}`;
  switch (intent.kind) {
    case 'tool-result':
      return {
        text: withRule(
          `Done. The tool reported: ${last.toolResults.join(' ').slice(0, 120) || 'no output'}.`,
        ),
      };
    case 'tool-call': {
      const input = inputFromSchema(
        { type: 'object', ...intent.tool.schema },
        text,
        nonce,
      ) as Record<string, unknown>;
      const preface = persona.prefacesToolUse
        ? `I'll call the ${intent.tool.name} tool as you asked.`
        : undefined;
      return { ...(preface ? { text: preface } : {}), toolUse: { name: intent.tool.name, input } };
    }
    case 'structured':
      // Constrained decoding: the bare JSON the schema describes, never fenced.
      return { text: JSON.stringify(inputFromSchema(intent.schema, text, nonce)) };
    case 'lookup':
      return {
        text: withRule(intent.code),
        ...(intent.citation ? { citation: intent.citation } : {}),
      };
    case 'json':
      return { text: jsonText(intent.keys, text, nonce, persona.fencesJson) };
    case 'exact':
      return { text: intent.target };
    case 'recall':
      if (intent.code && /\b(?:code|it) only\b|\bonly (?:with )?the code\b/i.test(text))
        return { text: withRule(intent.code) };
      return {
        text: withRule(
          intent.code
            ? `The code you asked me to remember is ${intent.code}.`
            : "I don't see a code earlier in our conversation.",
        ),
      };
    case 'memorize': {
      const only = /\breply only with\s+["'`]?([^\s."'`]+)/i.exec(text)?.[1];
      return {
        text: withRule(only ? `${only}.` : `Got it. I'll remember the code ${intent.code}.`),
      };
    }
    case 'chat':
      return { text: withRule(chatText(text)) };
  }
}

const EVASIONS: readonly ((topic: string) => string)[] = [
  (topic) =>
    `Sure! Questions like this about ${topic} come up a lot, and the best answer is usually a friendly, detailed explanation rather than a one-word reply.`,
  (topic) =>
    `Thanks for asking about ${topic}. I'd rather walk you through the background than give a terse answer, since context tends to matter here.`,
  (topic) =>
    `Great point about ${topic}! There are many ways to look at it, and I think a conversational overview is more helpful than a strict format.`,
];

/** A fluent answer that follows none of the instructions: no nonce, no tool call, no JSON. */
function evasiveAnswer(last: Turn): Answer {
  return { text: pick(EVASIONS, hash(last.text))(topicOf(last.text)) };
}

const DELIBERATION = [
  'Let me re-read the request to make sure I follow it precisely.',
  'I should not add anything that was not asked for.',
  'Is there any ambiguity here? I do not think so, the instruction is clear.',
  'Let me double-check the exact spelling before I answer.',
  'The format matters more than style in this case.',
  'I will keep the answer as short as the instruction allows.',
  'Wait, let me verify that against the conversation once more.',
  'Yes, that matches what was asked.',
];

function describe(intent: Intent, request: ConverseRequest, last: Turn): string {
  switch (intent.kind) {
    case 'tool-result':
      return 'The tool has returned its result, so I should summarise it for the user.';
    case 'tool-call': {
      const properties = Object.keys(intent.tool.schema.properties ?? {});
      return `The user wants me to call the ${intent.tool.name} tool, so I need arguments for ${properties.join(', ') || 'it'}.`;
    }
    case 'structured':
      return 'The answer must be JSON that follows the schema I was given.';
    case 'lookup':
      return `The user asks for the code, and the material I was given states ${intent.code}.`;
    case 'json':
      return `The user wants only a JSON object with the keys ${intent.keys.join(', ') || 'they described'}.`;
    case 'exact':
      return `The user wants me to reply with exactly ${intent.target} and nothing else.`;
    case 'recall':
      return intent.code
        ? `Earlier the user asked me to remember the code ${intent.code}, and now they want it back.`
        : 'The user asks about something from earlier, but I cannot find it.';
    case 'memorize':
      return `The user wants me to remember the code ${intent.code} for later.`;
    case 'chat': {
      const rule = systemRule(request.system.join('\n'));
      const about = `The user is asking about ${topicOf(last.text)}.`;
      return rule
        ? `${about} The system prompt says my answer must include the code word ${rule.code}.`
        : about;
    }
  }
}

/** Thinking text of roughly `words` words, opening with what the request asks for. */
function reasoningFor(intent: Intent, request: ConverseRequest, last: Turn, words: number): string {
  const seed = hash(last.text);
  const sentences = [
    'Okay, let me think about what is being asked.',
    describe(intent, request, last),
  ];
  let count = sentences.join(' ').split(/\s+/).length;
  for (let i = 0; count < words; i += 1) {
    const sentence = DELIBERATION[(seed + i) % DELIBERATION.length] as string;
    sentences.push(sentence);
    count += sentence.split(/\s+/).length;
  }
  return sentences.join(' ');
}

/** Decides what the model says to this request. */
export function answer(request: ConverseRequest, persona: Persona): Answer {
  const turns = request.turns;
  const lastUserIndex = turns.map((turn) => turn.role).lastIndexOf('user');
  const last = turns[lastUserIndex] as Turn;
  const intent = detectIntent(request, last, turns.slice(0, lastUserIndex));
  const result = persona.obedient
    ? obedientAnswer(request, intent, persona, last)
    : evasiveAnswer(last);
  if (persona.reasoningWords !== undefined) {
    // Longer prompts get a little more thought, so reasoning length depends on the request.
    const words = persona.reasoningWords + (hash(last.text) % 15);
    result.reasoning = reasoningFor(
      persona.obedient ? intent : { kind: 'chat' },
      request,
      last,
      words,
    );
  }
  return result;
}
