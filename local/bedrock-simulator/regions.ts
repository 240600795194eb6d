/**
 * The AWS Regions the simulator knows and the destination Regions of each geography's
 * cross-region inference profiles. Representative of Bedrock's "Supported Regions and models
 * for inference profiles" (destination lists are abridged, not exact per model).
 */

/** US commercial Regions with Bedrock. */
export const US = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'] as const;
/** European Regions with Bedrock. */
export const EU = ['eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1'] as const;
/** Asia Pacific Regions with Bedrock (Japan and Australia included). */
export const APAC = [
  'ap-northeast-1',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-4',
] as const;
/** Every commercial Region the simulator knows. */
export const COMMERCIAL: readonly string[] = [...US, 'ca-central-1', 'sa-east-1', ...EU, ...APAC];
/** GovCloud, where only `us-gov.` profiles exist. */
export const GOVCLOUD = ['us-gov-west-1'] as const;

/** Where a system-defined profile of each geography routes requests (before the model's own Regions are applied). */
export const PROFILE_DESTINATIONS: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1'],
  apac: ['ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
  ca: ['ca-central-1'],
  'us-gov': ['us-gov-west-1'],
};

/** How a geography prefix reads in a profile's name ("US Anthropic Claude Sonnet 4.5"). */
export const GEOGRAPHY_LABELS: Readonly<Record<string, string>> = {
  us: 'US',
  eu: 'EU',
  apac: 'APAC',
  jp: 'JP',
  au: 'AU',
  ca: 'CA',
  'us-gov': 'US-GOV',
  global: 'Global',
};
