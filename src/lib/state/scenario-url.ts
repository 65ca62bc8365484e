/**
 * A scenario's link: "?scenario=<id>". A link that names a scenario and carries no scene state of its
 * own (no "v" param) opens the scenario's scene; once the state is written next to it ("?scenario=noise&
 * v=1&image.noise=0.3"), the state in the link wins, so a reload or a shared link shows the scene as it
 * was left, with the scenario's story still shown.
 */
import type { UrlTarget } from './scene-state.svelte';
import { scenarioById, scenarioState, type Scenario } from './scenarios';
import { SCHEMA_VERSION } from './schema';
import { VERSION_PARAM, withStateParams } from './url';

export const SCENARIO_PARAM = 'scenario';

function paramsOf(search: string): URLSearchParams {
  return new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
}

function searchOf(params: URLSearchParams): string {
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The scenario id a search string names (known or not), or null. */
export function scenarioParam(search: string): string | null {
  return paramsOf(search).get(SCENARIO_PARAM);
}

/**
 * A link that names a known scenario and carries no state: the scenario's state spelled out in it.
 * Anything else comes back unchanged.
 */
export function expandScenarioLink(search: string): string {
  const params = paramsOf(search);
  const scenario = scenarioById(params.get(SCENARIO_PARAM));
  if (!scenario || params.has(VERSION_PARAM)) return search;
  return pinScenarioState(withStateParams(search, scenarioState(scenario)));
}

/**
 * A link that names a scenario keeps its "v" param even when every field is at its default, so that
 * reading it back gives the state it was written from, not the scenario's scene afresh.
 */
export function pinScenarioState(search: string): string {
  const params = paramsOf(search);
  if (!params.has(SCENARIO_PARAM) || params.has(VERSION_PARAM)) return search;
  params.set(VERSION_PARAM, String(SCHEMA_VERSION));
  return searchOf(params);
}

/** The link that opens `scenario` from the page at `search` (other params are kept), or that closes it (null). */
export function scenarioLink(search: string, scenario: Scenario | null): string {
  const params = paramsOf(search);
  params.delete(SCENARIO_PARAM);
  if (!scenario) return searchOf(params);
  params.set(SCENARIO_PARAM, scenario.id);
  return pinScenarioState(withStateParams(searchOf(params), scenarioState(scenario)));
}

/** `target` with scenario links read as their scene and written with their state pinned. */
export function scenarioUrlTarget(target: UrlTarget): UrlTarget {
  return {
    read: () => expandScenarioLink(target.read()),
    write: (search) => target.write(pinScenarioState(search))
  };
}
