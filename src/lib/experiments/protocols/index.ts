/**
 * Built-in robustness protocols (issue 13): each a list of ordinary sweep definitions plus a pure
 * summary per model, and the findings table of their summary metrics.
 */
export { PROTOCOLS, protocolById, protocolOfDefinition } from './list';
export { SCENARIO_PROTOCOLS, protocolOfScenario } from './scenario-protocols';
export { latestProtocolRuns, storedFindings } from './stored';
export { FINDINGS_COLUMNS, cellText, columnHeading, findingsCsv, findingsTable } from './findings';
export type { FindingsCell, FindingsColumn, FindingsEntries, FindingsRow, FindingsTable } from './findings';
export type {
  FindingColumn, FindingUnit, ModelSummaryBase, Protocol, ProtocolGrid, ProtocolId, ProtocolReference, ProtocolRun, ProtocolSummary, SummaryOptions
} from './protocol';
export { POSE, type PoseModelSummary } from './pose';
export { BACKGROUND, backgroundCondition, type BackgroundModelSummary } from './background';
export { CUE_CONFLICT, type CueConflictModelSummary } from './cue-conflict';
export { CORRUPTIONS, CORRUPTIONS_PROTOCOL, type CorruptionsModelSummary } from './corruptions';
export { LIGHTING_TEXTURE, type LightingTextureModelSummary } from './lighting-texture';
export { ADVERSARIAL, halvingEpsilon, type AdversarialModelSummary } from './adversarial';
