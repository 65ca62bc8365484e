/** How a field's value reads next to its control, from its spec (decimals follow the step). */
import type { FieldSpec, NumberFieldSpec } from '../state/schema';

/** A 0..1 number field with step 1 is an on/off switch. */
export const isSwitch = (spec: FieldSpec): boolean =>
  spec.kind === 'number' && spec.min === 0 && spec.max === 1 && spec.step === 1;

export function decimals(spec: NumberFieldSpec): number {
  const text = String(spec.step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export function readout(spec: FieldSpec, value: number | string): string {
  if (spec.kind === 'number') {
    if (isSwitch(spec)) return value ? 'on' : 'off';
    const text = (value as number).toFixed(decimals(spec));
    return `${text === '-0' ? '0' : text}${spec.unit}`;
  }
  if (spec.kind === 'color') return `#${value}`;
  return String(value);
}
