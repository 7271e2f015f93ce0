// The server's API shapes under the names the UI uses, all taken from openapi.d.ts (generated from the server's
// routes by `npm run api:types`): a server change that breaks a page fails svelte-check, not a user's browser.
// Only aliases belong here; shapes that exist only in the UI stay beside the code that uses them.
import type { components, paths } from './openapi';

type Schemas = components['schemas'];
type Item<T> = T extends readonly (infer U)[] ? U : never;

// Errors (every 4xx/5xx answer)
export type ApiErrorBody = Schemas['Error'] & { error: { fields?: FieldProblem[] } };
/** One named field and what is wrong with it, for errors about several fields at once (e.g. invalid_config). */
export type FieldProblem = Item<Schemas['FieldsError']['error']['fields']>;

// Health (/api/health)
export type HealthReport = Schemas['Health'];
export type DatabaseHealth = Schemas['DatabaseHealth'];
export type KafkaClusterHealth = Schemas['KafkaClusterHealth'];
export type ConnectClusterHealth = Schemas['ConnectClusterHealth'];
export type WorkerHealth = Schemas['ConnectWorkerHealth'];
export type UpDown = WorkerHealth['status'];

// Access control (/api/auth, /api/v1/me, users, tokens, audit)
export type Role = Schemas['Role'];
export type Permission = Item<Schemas['Me']['permissions']>;
/** `null` means every cluster; a list limits the principal to those cluster ids. */
export type ClusterScope = Schemas['User']['clusters'];
export type SessionUser = Schemas['SessionUser'];
export type SessionAnswer = Schemas['Session'];
export type Me = Schemas['Me'];
export type User = Schemas['User'];
export type UserList = Schemas['UserList'];
export type NewUser = Schemas['CreateUser'];
export type UserChange = Schemas['UpdateUser'];
export type ApiToken = Schemas['Token'];
export type TokenList = Schemas['TokenList'];
export type NewToken = Schemas['CreateToken'];
/** The secret is in this answer only; the server keeps just its hash. */
export type CreatedToken = Schemas['CreatedToken'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];

// Cluster registry (/api/v1/clusters, /api/v1/connect)
export type KafkaCluster = Schemas['KafkaCluster'];
export type KafkaClusterList = Schemas['KafkaClusterList'];
export type ConnectClusterList = Schemas['ConnectClusterList'];
export type ConnectCluster = Schemas['ConnectCluster'];
export type SaslMechanism = NonNullable<KafkaCluster['sasl']>['mechanism'];
export type ConnectAuth = NonNullable<ConnectCluster['auth']>;
/** The create body; an edit sends the same without `id` (it is in the path). */
export type KafkaClusterInput = Schemas['UpdateKafkaCluster'] & { id?: string };
export type ConnectClusterInput = Schemas['UpdateConnectCluster'] & { id?: string };

// Brokers (/api/v1/clusters/{kafkaId}/brokers)
export type BrokerSummary = Schemas['Broker'];
export type BrokerList = Schemas['BrokerList'];
export type BrokerDetail = Schemas['BrokerDetail'];
/** One config entry, as DescribeConfigs with documentation (KIP-569) reports it; shared by brokers and topics. */
export type ConfigEntry = Schemas['ConfigEntry'];
export type ConfigSynonym = Item<ConfigEntry['synonyms']>;
export type LogDir = Schemas['LogDir'];
export type LogDirTopic = Item<LogDir['topics']>;

// Topics (/api/v1/clusters/{kafkaId}/topics, /api/v1/topic-templates)
export type TopicSummary = Schemas['TopicSummary'];
export type TopicPage = Schemas['TopicPage'];
export type TopicDetail = Schemas['TopicDetail'];
export type PartitionInfo = Schemas['PartitionDetail'];
export type ReplicaSize = Item<PartitionInfo['replicaSizes']>;
export type TopicConfig = ConfigEntry;
export type TopicTemplate = Schemas['TopicTemplate'];
export type TopicTemplateList = Schemas['TopicTemplateList'];
export type NewTopicTemplate = Schemas['NewTopicTemplate'];
export type TopicTemplateUpdate = Schemas['TopicTemplateUpdate'];
export type ConfigHelpAnswer = Schemas['TopicConfigHelp'];
export type ConfigHelp = Item<ConfigHelpAnswer['items']>;
export type NewTopic = Schemas['CreateTopic'];
export type CreatedTopic = Schemas['CreatedTopic'];
export type TopicChange = Schemas['TopicPatch'];
export type TopicRates = Schemas['TopicRates'];
export type MessagesAnswer = Schemas['MessagePage'];
export type TopicMessage = Schemas['Message'];
export type DecodedField = TopicMessage['key'];
export type MessageHeader = Item<TopicMessage['headers']>;
export type BrowsedPartition = Item<MessagesAnswer['partitions']>;
export type MessageFormat = NonNullable<
  NonNullable<paths['/api/v1/clusters/{kafkaId}/topics/{topic}/messages']['get']['parameters']['query']>['format']
>;

// Consumer groups (/api/v1/clusters/{kafkaId}/consumer-groups)
/** Burrow-style evaluation of a group's lag over the last hour (see server/consumer-groups). */
export type LagStatus = Schemas['LagStatus'];
export type GroupSummary = Schemas['ConsumerGroupSummary'];
export type GroupPage = Schemas['ConsumerGroupList'];
export type GroupDetail = Schemas['ConsumerGroupDetail'];
export type GroupMember = Schemas['ConsumerGroupMember'];
export type MemberAssignment = Item<GroupMember['assignment']>;
export type PartitionLag = Schemas['ConsumerGroupPartition'];
export type LagPoint = Schemas['ConsumerGroupSeriesPoint'];
/** Stored history (PostgreSQL): survives restarts, reaches back up to 90 days. */
export type GroupHistory = Schemas['ConsumerGroupHistory'];
export type HistoryRange = GroupHistory['range'];
export type HistoryPeak = NonNullable<GroupHistory['consumedPeak']>;
export type KafkaClusterHistory = Schemas['KafkaClusterHistory'];
export type TopicHistory = Schemas['TopicHistory'];
export type ResetRequest = Schemas['ResetOffsetsRequest'];
export type ResetTarget = ResetRequest['to'];
export type ResetAnswer = Schemas['ResetOffsetsResult'];
export type ResetPreviewRow = Item<ResetAnswer['partitions']>;

// Dashboard (/api/v1/dashboard)
export type Dashboard = Schemas['Dashboard'];
export type KafkaOverview = Schemas['DashboardKafkaCluster'];
export type ConnectOverview = Schemas['DashboardConnectCluster'];
export type WorkerOverview = Schemas['DashboardWorker'];
export type NodeHealth = Schemas['DashboardNodeHealth'];

// Connectors (/api/v1/connectors, /api/v1/connect/{connectId}/connectors, plugins' config definitions)
export type ConnectorType = ConnectorSummary['type'];
export type TaskCounts = Schemas['TaskCounts'];
export type ConnectorSummary = Schemas['ConnectorSummary'];
export type TaskSummary = Item<ConnectorSummary['tasks']>;
export type ClusterFailure = Schemas['ClusterFailure'];
export type ConnectorPage = Schemas['ConnectorPage'];
export type ConnectorConfig = Schemas['ConnectorConfig'];
export type ConnectorDetail = Schemas['ConnectorDetail'];
export type TaskDetail = Item<ConnectorDetail['tasks']>;
export type ConnectorActivity = Schemas['ConnectorActivity'];
export type ConnectorAutoRestart = Schemas['ConnectorAutoRestart'];
export type ClusterAutoRestart = Schemas['ClusterAutoRestart'];
/** What a PUT of an auto-restart policy takes (maxRestarts and backoffUnitSeconds have defaults). */
export type AutoRestartPolicyBody = Schemas['AutoRestartPolicy'];
export type FailureCause = Schemas['FailureCause'];
export type WriteResult = Schemas['ConnectorWriteResult'];
export type OffsetsChanged = Schemas['OffsetsChanged'];
export type ConnectorOffsets = Schemas['ConnectorOffsets'];
export type OffsetEntry = Item<ConnectorOffsets['offsets']>;
export type ConfigVersion = Schemas['ConfigVersionSummary'];
export type ConfigSource = ConfigVersion['source'];
export type ConfigVersionList = Schemas['ConfigVersionList'];
export type ConfigVersionDetail = Schemas['ConfigVersion'];
export type ConfigDiff = Schemas['ConfigDiff'];
export type ConfigChange = Item<ConfigDiff['changes']>;
export type ConfigChangeKind = ConfigChange['change'];
export type ClusterPlugins = Schemas['ClusterPlugins'];
export type PluginInfo = Item<Item<ClusterPlugins['workers']>['plugins']>;
export type ConfigKeyDefinition = Schemas['ConfigKeyDefinition'];
export type PluginDefinition = Schemas['PluginDefinition'];
export type ConfigValidation = Schemas['ConfigValidation'];
export type ValidateConfig = Schemas['ValidateConfig'];
/** Another connector's setting that a config repeats (Validate's warnings). */
export type SettingClash = Item<ConfigValidation['warnings']>;
export type CreateConnector = Schemas['CreateConnector'];
export type ValidatedField = Item<ConfigValidation['fields']>;
/** One error of a validation, saying whether it is about the connection settings as a whole. */
export type ValidationProblem = Item<ConfigValidation['problems']>;

// Connector templates (/api/v1/templates) and the catalog's (/api/v1/catalog/{id})
export type TemplatePlaceholder = Schemas['TemplatePlaceholder'];
export type ConnectorTemplate = Schemas['ConnectorTemplate'];
export type RenderedTemplate = Schemas['RenderedTemplate'];

// Catalog (/api/v1/catalog)
export type CatalogPage = Schemas['CatalogPage'];
export type CatalogEntrySummary = Schemas['CatalogEntrySummary'];
export type CatalogEntryDetail = Schemas['CatalogEntry'];
export type VersionSummary = Item<CatalogEntrySummary['versions']>;
export type VersionDetail = Schemas['CatalogVersion'];
export type CatalogArtifactRef = Item<VersionDetail['artifacts']>;
export type InstalledOn = Schemas['CatalogInstalledOn'];
export type CatalogTemplate = ConnectorTemplate;

// Artifacts (/api/v1/artifacts) and what each worker has in plugin.path (/api/v1/connect/{c}/plugins/installed)
export type Artifact = Schemas['Artifact'];
export type UploadedArtifact = Schemas['UploadedArtifact'];
export type ArtifactPage = Schemas['ArtifactPage'];
export type ArchiveInspection = Schemas['ArchiveInspection'];
export type PluginClasses = ArchiveInspection['classes'];
export type ConfluentManifest = NonNullable<ArchiveInspection['manifest']>;
export type InstalledPlugins = Schemas['InstalledPlugins'];
export type WorkerInstalled = Item<InstalledPlugins['workers']>;
export type InstalledPlugin = Item<WorkerInstalled['plugins']>;

// Plugin delivery (/api/v1/connect/{c}/installs, /api/v1/installs/{id})
export type Operation = Schemas['InstallOperation'];
/** The create answer: the queued operation, and a warning when connectors use the plugin. */
export type AcceptedOperation = Schemas['InstallAccepted'];
export type OperationPage = Schemas['InstallOperationPage'];
export type OperationStep = Schemas['InstallStep'];
export type AffectedConnector = Schemas['AffectedConnector'];
export type InstallSource = Schemas['InstallRequest'];
export type OperationKind = Operation['kind'];
export type OperationState = Operation['state'];
/** `push` includes the agent's checksum check and extraction; `remove` is an uninstall's push. */
export type StepKind = OperationStep['step'];
export type StepState = OperationStep['state'];
export type StepPhase = OperationStep['phase'];

// Kafka ACLs (/api/v1/clusters/{k}/acls)
export type AclBinding = Schemas['AclBinding'];
export type AclPage = Schemas['AclPage'];
export type NewAcl = Schemas['CreateAcl'];
export type AclTemplateRequest = Schemas['AclTemplateRequest'];
export type AclTemplate = Item<Schemas['AclTemplateList']['items']>;
export type AclTemplateList = Schemas['AclTemplateList'];
export type CreatedAcls = Schemas['CreatedAcls'];
export type DeletedAcls = Schemas['DeletedAcls'];
export type AclListQuery = NonNullable<paths['/api/v1/clusters/{kafkaId}/acls']['get']['parameters']['query']>;

// Pipelines (/api/v1/pipelines)
export type Pipelines = Schemas['Pipelines'];
export type PipelineCluster = Schemas['PipelineCluster'];
export type PipelineFlow = Schemas['PipelineFlow'];
export type PipelineSource = Schemas['PipelineSource'];
export type PipelineTopic = Schemas['PipelineTopic'];
export type PipelineSink = Schemas['PipelineSink'];
export type PipelineGroup = Schemas['PipelineGroup'];
export type PipelineEdge = Schemas['PipelineEdge'];

// Alerts (/api/v1/alerts...)
export type AlertChannel = Schemas['AlertChannel'];
export type NewAlertChannel = Schemas['CreateAlertChannel'];
export type AlertChannelTest = Schemas['AlertChannelTest'];
export type AlertRule = Schemas['AlertRule'];
export type NewAlertRule = Schemas['CreateAlertRule'];
export type AlertCondition = Schemas['AlertCondition'];
export type Alert = Schemas['Alert'];
export type AlertList = Schemas['AlertList'];
export type AlertEvent = Schemas['AlertEvent'];
export type AlertSilence = Schemas['AlertSilence'];
export type AlertDelivery = Schemas['AlertDelivery'];
export type AlertCreated = Schemas['AlertCreated'];
// Schema registries (/api/v1/schema-registries) and producing messages
export type SchemaRegistry = Schemas['SchemaRegistry'];
export type SchemaRegistryList = Schemas['SchemaRegistryList'];
export type SubjectPage = Schemas['SubjectPage'];
export type SubjectSummary = Schemas['SubjectSummary'];
export type SubjectDetail = Schemas['SubjectDetail'];
export type SubjectVersion = Schemas['SubjectVersion'];
export type SchemaDiff = Schemas['SchemaDiff'];
export type SchemaInput = Schemas['SchemaInput'];
export type CompatibilityCheck = Schemas['CompatibilityCheck'];
export type RegisteredSchema = Schemas['RegisteredSchema'];
export type ProduceMessage = Schemas['ProduceMessage'];
export type ProducedMessage = Schemas['ProducedMessage'];
export type CreateSchemaRegistry = Schemas['CreateSchemaRegistry'];
export type SchemaById = Schemas['SchemaById'];
export type DeletedVersions = Schemas['DeletedVersions'];
export type SchemaRegistryHealth = Schemas['SchemaRegistryHealth'];
export type TemplateBody = Schemas['ConnectorTemplateUpdate'];
export type NewConnectorTemplate = Schemas['NewConnectorTemplate'];
export type ConnectorTemplateView = Schemas['ConnectorTemplateView'];
export type PipelineTemplate = Schemas['PipelineTemplate'];
export type PipelineTemplateList = Schemas['PipelineTemplateList'];
export type CreatePipeline = Schemas['CreatePipeline'];
export type CreatedPipeline = Schemas['CreatedPipeline'];
