import { Link, type LinkProps } from 'react-router';
import styles from './Button.module.css';

/** A link that looks like a button: it goes somewhere (open in a new tab works), it does nothing else. */
export function ButtonLink({ variant = 'secondary', className, ...rest }: LinkProps & { variant?: 'primary' | 'secondary' }) {
  return <Link {...rest} className={[styles.button, styles[variant], className].filter(Boolean).join(' ')} />;
}
