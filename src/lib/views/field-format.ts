/** How a field's value reads next to its control, from its spec (decimals follow the step). */
import { stepDecimals, type AnyFieldValue, type FieldSpec } from '../state/schema';

export function readout(spec: FieldSpec, value: AnyFieldValue): string {
  if (spec.kind === 'toggle') return value ? 'on' : 'off';
  if (spec.kind === 'number') {
    const text = (value as number).toFixed(stepDecimals(spec));
    return `${text === '-0' ? '0' : text}${spec.unit}`;
  }
  if (spec.kind === 'color') return `#${value}`;
  return String(value);
}
