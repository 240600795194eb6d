import { describe, expect, it } from 'vitest';
import { InvalidRecertifyEventError, WatchlistError } from '../../shared/errors.js';
import {
  MAX_WATCHLIST,
  parseRecertifyEvent,
  parseWatchlist,
  recertifyScheduleInput,
} from '../../shared/recertify-event.js';

describe('recertifyScheduleInput', () => {
  it("is the watch list with Scheduler's context attributes, which Scheduler replaces when it invokes", () => {
    expect(recertifyScheduleInput(['amazon.nova-pro-v1:0'])).toEqual({
      modelIds: ['amazon.nova-pro-v1:0'],
      scheduleArn: '<aws.scheduler.schedule-arn>',
      scheduledTime: '<aws.scheduler.scheduled-time>',
      executionId: '<aws.scheduler.execution-id>',
      attemptNumber: '<aws.scheduler.attempt-number>',
    });
  });
});

describe('parseRecertifyEvent', () => {
  it('takes the schedule input as Scheduler sends it, and a bare {"modelIds"} invoked by hand', () => {
    const event = {
      modelIds: ['amazon.nova-pro-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      scheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/recertify',
      scheduledTime: '2026-11-24T06:00:00Z',
      executionId: 'd32c5kddcf5bb8c3',
      attemptNumber: '1',
    };
    expect(parseRecertifyEvent(event)).toEqual(event);
    expect(parseRecertifyEvent({ modelIds: ['amazon.nova-pro-v1:0'] })).toEqual({
      modelIds: ['amazon.nova-pro-v1:0'],
    });
  });

  it.each([
    [null, 'The event must be an object with modelIds.'],
    [['amazon.nova-pro-v1:0'], 'The event must be an object with modelIds.'],
    [{}, 'modelIds must be a non-empty array of model ids.'],
    [{ modelIds: [] }, 'modelIds must be a non-empty array of model ids.'],
    [{ modelIds: 'amazon.nova-pro-v1:0' }, 'modelIds must be a non-empty array of model ids.'],
    [
      { modelIds: ['amazon.nova-pro-v1:0', 'not a model', 7] },
      'modelIds holds ids the service cannot certify: "not a model", 7.',
    ],
    [
      { modelIds: ['arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefabcdef'] },
      'modelIds holds ids the service cannot certify: "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefabcdef".',
    ],
    [
      { modelIds: ['amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0'] },
      'modelIds lists a model more than once.',
    ],
  ])('refuses %j before certifying anything', (event, message) => {
    expect(() => parseRecertifyEvent(event)).toThrow(InvalidRecertifyEventError);
    expect(() => parseRecertifyEvent(event)).toThrow(message);
  });
});

describe('parseWatchlist', () => {
  it('splits on commas, trims, and drops empty items; nothing is no watch list', () => {
    expect(
      parseWatchlist(' amazon.nova-pro-v1:0 , ,us.anthropic.claude-sonnet-4-5-20250929-v1:0,'),
    ).toEqual(['amazon.nova-pro-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0']);
    expect(parseWatchlist(undefined)).toEqual([]);
    expect(parseWatchlist(' , ')).toEqual([]);
  });

  it('validates each id as the API does, refuses duplicates and more than 40 models', () => {
    expect(() => parseWatchlist('amazon.nova-pro-v1:0,not a model')).toThrow(
      '"not a model" is not a model id the service can certify (modelId must be a Bedrock model id, inference profile id or ARN.)',
    );
    expect(() => parseWatchlist('amazon.nova-pro-v1:0:300k')).toThrow(
      /^"amazon.nova-pro-v1:0:300k" is not a model id the service can certify \(A context-window variant/,
    );
    expect(() => parseWatchlist('amazon.nova-pro-v1:0,amazon.nova-pro-v1:0')).toThrow(
      '"amazon.nova-pro-v1:0" is listed twice',
    );
    const many = Array.from({ length: MAX_WATCHLIST + 1 }, (_, i) => `amazon.model-${i}-v1:0`).join(
      ',',
    );
    expect(() => parseWatchlist(many)).toThrow(WatchlistError);
    expect(() => parseWatchlist(many)).toThrow(
      `at most 40 models can be watched (one invocation re-certifies them all), got 41`,
    );
    expect(parseWatchlist(many.split(',').slice(0, MAX_WATCHLIST).join(','))).toHaveLength(
      MAX_WATCHLIST,
    );
  });
});
