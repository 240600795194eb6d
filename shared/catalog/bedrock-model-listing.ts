import {
  BedrockClient,
  ListFoundationModelsCommand,
  paginateListInferenceProfiles,
  type FoundationModelSummary,
  type InferenceProfileSummary,
  type InferenceProfileType,
} from '@aws-sdk/client-bedrock';
import { CatalogUnavailableError } from '../errors.js';
import type {
  ListedFoundationModel,
  ListedInferenceProfile,
  ModelListing,
  ModelListingSource,
} from './model-listing.js';

/** Options of {@link createBedrockControlPlaneClient}. */
export interface ControlPlaneClientOptions {
  region: string;
  /** Endpoint override (the simulator locally); unset in AWS. */
  endpoint?: string;
  /** Static credentials (the simulator accepts any); unset in AWS, where the default chain applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
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
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: 5_000,
      throwOnRequestTimeout: true,
    },
  });
}

/** Options of {@link BedrockModelListing}. */
export interface BedrockModelListingOptions {
  client: BedrockClient;
  /** `maxResults` of each `ListInferenceProfiles` page. Default 1000, the API's largest. */
  pageSize?: number;
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
  private readonly pageSize: number;

  constructor(options: BedrockModelListingOptions) {
    this.client = options.client;
    this.pageSize = options.pageSize ?? 1_000;
  }

  async list(): Promise<ModelListing> {
    // Every modality, not `byOutputModality: TEXT`: the catalog needs the non-text models too,
    // to leave out the profiles that route to them. All three settle before the answer, so no
    // call (or SDK retry) is left running in a container Lambda freezes after the response.
    const [models, system, application] = await Promise.allSettled([
      this.client.send(new ListFoundationModelsCommand({})),
      this.profiles('SYSTEM_DEFINED'),
      this.profiles('APPLICATION'),
    ]);
    return {
      foundationModels: (valueOf(models).modelSummaries ?? []).flatMap(toFoundationModel),
      inferenceProfiles: [...valueOf(system), ...valueOf(application)].flatMap(toInferenceProfile),
    };
  }

  private async profiles(typeEquals: InferenceProfileType): Promise<InferenceProfileSummary[]> {
    const profiles: InferenceProfileSummary[] = [];
    for await (const page of paginateListInferenceProfiles(
      { client: this.client, pageSize: this.pageSize },
      { typeEquals },
    )) {
      profiles.push(...(page.inferenceProfileSummaries ?? []));
    }
    return profiles;
  }
}

/** The value of a control plane call, or `CatalogUnavailableError` with the SDK error as its cause. */
function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw new CatalogUnavailableError({ cause: result.reason });
  return result.value;
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
  if (
    inferenceProfileId === undefined ||
    inferenceProfileArn === undefined ||
    inferenceProfileName === undefined ||
    type === undefined
  )
    return [];
  const modelIds = [
    ...new Set(
      (summary.models ?? []).flatMap(
        (model) => FOUNDATION_MODEL_ARN.exec(model.modelArn ?? '')?.[1] ?? [],
      ),
    ),
  ];
  return [{ inferenceProfileId, inferenceProfileArn, inferenceProfileName, type, modelIds }];
}
