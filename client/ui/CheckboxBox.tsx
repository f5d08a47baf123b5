import * as Checkbox from '@radix-ui/react-checkbox';
import type { ComponentPropsWithoutRef, Ref } from 'react';
import styles from './CheckboxBox.module.css';

/** The console's checkbox: Radix's accessible checkbox (a button with role checkbox) drawn as a box with a tick. */
export function CheckboxBox({ ref, ...props }: Omit<ComponentPropsWithoutRef<typeof Checkbox.Root>, 'className'> & { ref?: Ref<HTMLButtonElement> }) {
  return (
    <Checkbox.Root {...props} ref={ref} className={styles.box}>
      <Checkbox.Indicator className={styles.mark}>✓</Checkbox.Indicator>
    </Checkbox.Root>
  );
}
