import {
  BedrockClient,
  ListFoundationModelsCommand,
  paginateListInferenceProfiles,
  type FoundationModelSummary,
  type InferenceProfileSummary,
  type InferenceProfileType,
} from '@aws-sdk/client-bedrock';
import { CatalogUnavailableError } from '../errors.js';
import type { ListedFoundationModel, ListedInferenceProfile, ModelListing, ModelListingSource } from './model-listing.js';

/** Options of {@link createBedrockControlPlaneClient}. */
export interface ControlPlaneClientOptions {
  region: string;
  /** Endpoint override (the simulator locally); unset in AWS. */
  endpoint?: string;
}

/**
 * The `@aws-sdk/client-bedrock` client the catalog lists with. The SDK's three attempts with
 * backoff stay (a throttled list call usually passes on the next try), but a connection or an
 * answer that hangs ends within seconds as a 503 instead of holding the request open.
 */
export function createBedrockControlPlaneClient(options: ControlPlaneClientOptions): BedrockClient {
  return new BedrockClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
}

/** Options of {@link BedrockModelListing}. */
export interface BedrockModelListingOptions {
  client: BedrockClient;
}

/** `arn:aws:bedrock:<region>::foundation-model/<id>`, Region-less for global profiles. */
const FOUNDATION_MODEL_ARN = /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]*::foundation-model\/(.+)$/;

/**
 * Lists the region's foundation models (one `ListFoundationModels`; it is not paginated) and
 * its system-defined and application inference profiles (`ListInferenceProfiles`, every page),
 * the three concurrently. Any failure of the control plane (throttling, access denied, network)
 * becomes `CatalogUnavailableError` with the SDK error as its cause.
 */
export class BedrockModelListing implements ModelListingSource {
  private readonly client: BedrockClient;

  constructor(options: BedrockModelListingOptions) {
    this.client = options.client;
  }

  async list(): Promise<ModelListing> {
    // Every modality, not `byOutputModality: TEXT`: the catalog needs the non-text models too,
    // to leave out the profiles that route to them.
    const [models, system, application] = await Promise.all([
      callControlPlane(async () => (await this.client.send(new ListFoundationModelsCommand({}))).modelSummaries ?? []),
      callControlPlane(() => this.profiles('SYSTEM_DEFINED')),
      callControlPlane(() => this.profiles('APPLICATION')),
    ]);
    return {
      foundationModels: models.flatMap(toFoundationModel),
      inferenceProfiles: [...system, ...application].flatMap(toInferenceProfile),
    };
  }

  private async profiles(typeEquals: InferenceProfileType): Promise<InferenceProfileSummary[]> {
    const profiles: InferenceProfileSummary[] = [];
    for await (const page of paginateListInferenceProfiles({ client: this.client, pageSize: 1000 }, { typeEquals })) {
      profiles.push(...(page.inferenceProfileSummaries ?? []));
    }
    return profiles;
  }
}

async function callControlPlane<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new CatalogUnavailableError({ cause: error });
  }
}

// The members below are required in the API reference; a summary missing one is skipped
// rather than shown half empty.

function toFoundationModel(summary: FoundationModelSummary): ListedFoundationModel[] {
  const { modelId, modelName, providerName } = summary;
  if (modelId === undefined || modelName === undefined || providerName === undefined) return [];
  return [
    {
      modelId,
      modelName,
      providerName,
      outputModalities: summary.outputModalities ?? [],
      inferenceTypesSupported: summary.inferenceTypesSupported ?? [],
      lifecycle: summary.modelLifecycle?.status ?? 'ACTIVE',
    },
  ];
}

function toInferenceProfile(summary: InferenceProfileSummary): ListedInferenceProfile[] {
  const { inferenceProfileId, inferenceProfileArn, inferenceProfileName, type } = summary;
  if (inferenceProfileId === undefined || inferenceProfileArn === undefined || inferenceProfileName === undefined || type === undefined) return [];
  const modelIds = [...new Set((summary.models ?? []).flatMap((model) => FOUNDATION_MODEL_ARN.exec(model.modelArn ?? '')?.[1] ?? []))];
  return [{ inferenceProfileId, inferenceProfileArn, inferenceProfileName, type, modelIds }];
}
