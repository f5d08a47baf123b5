import type { FieldKind, FieldType } from '../../../shared/schemas/fields.ts';

export const TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  paragraph: 'Paragraph',
  number: 'Number',
  priority: 'Priority',
  dropdown: 'Dropdown',
  email: 'Email',
  phone: 'Phone',
  language: 'Language',
  checkbox: 'Checkbox',
  date: 'Date',
};

export const KIND_LABELS: Record<FieldKind, string> = { ticket: 'Ticket', contact: 'Contact' };

/** The API name a label suggests: "Order number" → cf_order_number. */
export function suggestName(label: string): string {
  const snake = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return snake ? `cf_${snake}`.slice(0, 64).replace(/_+$/, '') : '';
}
