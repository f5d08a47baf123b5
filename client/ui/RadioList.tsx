import * as RadioGroup from '@radix-ui/react-radio-group';
import type { ReactNode } from 'react';
import radio from './Radio.module.css';

/** A column of labelled choices on Radix's radio group: arrow keys move, the label selects. */
export function RadioList<T extends string>({
  value,
  onChange,
  options,
  ...labelling
}: {
  value: T;
  onChange: (value: T) => void;
  options: readonly { value: T; label: ReactNode }[];
} & ({ 'aria-label': string } | { 'aria-labelledby': string })) {
  return (
    <RadioGroup.Root className={radio.radios} value={value} onValueChange={(v) => onChange(v as T)} {...labelling}>
      {options.map((option) => (
        <label key={option.value} className={radio.radio}>
          <RadioGroup.Item value={option.value} className={radio.radioItem}>
            <RadioGroup.Indicator className={radio.radioDot} />
          </RadioGroup.Item>
          {option.label}
        </label>
      ))}
    </RadioGroup.Root>
  );
}
