/** Which stored runs the findings count: protocol runs only, the newest run of each definition. */
import { describe, expect, it } from 'vitest';
import { latestProtocolRuns } from '../../src/lib/experiments/protocols';

describe('latestProtocolRuns', () => {
  it('keeps the newest run of each protocol definition and ignores other sweeps', () => {
    const runs = [
      { id: 'old-pose-15', name: 'x', definitionName: 'Pose: pitch 15°', createdAt: 1 },
      { id: 'new-pose-15', name: 'renamed by the user', definitionName: 'Pose: pitch 15°', createdAt: 5 },
      { id: 'pose-30', name: 'y', definitionName: 'Pose: pitch 30°', createdAt: 2 },
      { id: 'mine', name: 'Yaw sweep', definitionName: 'Yaw sweep', createdAt: 9 },
      { id: 'cue', name: 'z', definitionName: 'Cue conflict: animal pair', createdAt: 3 }
    ];
    const ids = latestProtocolRuns(runs);
    expect(ids.pose?.sort()).toEqual(['new-pose-15', 'pose-30']);
    expect(ids['cue-conflict']).toEqual(['cue']);
    expect(Object.keys(ids).sort()).toEqual(['cue-conflict', 'pose']);
  });
});
