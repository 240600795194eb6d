/**
 * Element ids shared by the page markup (`page.ts`) and its script (`web/app.ts`), so the two
 * cannot drift apart.
 */
export const PAGE_IDS = {
  form: 'certify-form',
  modelId: 'model-id',
  suggestions: 'model-suggestions',
  token: 'token',
  reuseCache: 'reuse-cache',
  submit: 'certify-button',
  cancel: 'cancel-button',
  progressSection: 'progress',
  progressBar: 'progress-bar',
  progressFill: 'progress-fill',
  progressCount: 'progress-count',
  progressStatus: 'progress-status',
  probeList: 'probe-list',
  message: 'message',
  result: 'result',
} as const;
