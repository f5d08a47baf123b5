import { screen, waitFor, within } from '@testing-library/react';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fields } from '../../../server/store/schema.ts';
import type { Db } from '../../../server/store/types.ts';
import { renderSignedIn } from '../../test/render.tsx';
import FieldsPage from './FieldsPage.tsx';

async function stored(db: Db, name: string) {
  const [row] = await db.select().from(fields).where(and(eq(fields.entity, 'ticket'), eq(fields.name, name)));
  return row;
}

const ticketFields = () => screen.getByRole('table', { name: 'Ticket fields' });

describe('Fields', () => {
  it('lists the ticket and contact fields with API names, types and where they come from', async () => {
    await renderSignedIn(<FieldsPage />);
    const ticket = await screen.findByRole('table', { name: 'Ticket fields' });
    const project = within(ticket).getByRole('row', { name: /^Project/ });
    expect(within(project).getByText('cf_project').tagName).toBe('CODE');
    expect(project.textContent).toContain('Text');
    expect(project.textContent).toContain('Custom');
    expect(within(project).getByRole('button', { name: 'Rename Project' })).toBeTruthy();
    expect(within(project).getByRole('button', { name: 'Copy cf_project' })).toBeTruthy();

    const status = within(ticket).getByRole('row', { name: /^Status/ });
    expect(status.textContent).toContain('Built-in');
    expect(status.textContent).toContain('Open, Pending, Resolved, Closed');
    expect(within(status).queryByRole('button', { name: /Rename|Archive/ })).toBeNull();

    const contact = screen.getByRole('table', { name: 'Contact fields' });
    expect(within(contact).getByRole('row', { name: /^Customer tier/ }).textContent).toContain('Standard, Gold, Platinum');
    expect(screen.queryByRole('button', { name: /^Archived/ })).toBeNull();
  });

  it('adds a dropdown field, its API name made from the label, and lists it', async () => {
    const { user, db } = await renderSignedIn(<FieldsPage />);
    await user.click(await screen.findByRole('button', { name: 'Add custom field' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a custom field' });
    await user.type(within(dialog).getByLabelText('Label'), 'Delivery window');
    expect(within(dialog).getByLabelText<HTMLInputElement>('API name').value).toBe('cf_delivery_window');
    await user.selectOptions(within(dialog).getByLabelText('Type'), 'Dropdown');

    // A dropdown needs its choices; the schema says so before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }));
    expect(await within(dialog).findByText('A dropdown needs at least one choice')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Choices, one per line'), 'Morning{Enter}{Enter}Afternoon{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }));

    expect(await screen.findByText('Custom field “Delivery window” (cf_delivery_window) is added to the ticket fields.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const row = await within(ticketFields()).findByRole('row', { name: /^Delivery window/ });
    expect(row.textContent).toContain('Dropdown');
    expect(row.textContent).toContain('Morning, Afternoon');
    expect(await stored(db, 'cf_delivery_window')).toMatchObject({ label: 'Delivery window', type: 'dropdown', custom: true, choices: ['Morning', 'Afternoon'] });
  });

  it('keeps an API name the admin wrote, and adds a contact field', async () => {
    const { user, db } = await renderSignedIn(<FieldsPage />);
    await user.click(await screen.findByRole('button', { name: 'Add custom field' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a custom field' });
    await user.click(within(dialog).getByRole('radio', { name: 'Contact field' }));
    const name = within(dialog).getByLabelText<HTMLInputElement>('API name');
    await user.type(name, 'cf_vip');
    await user.type(within(dialog).getByLabelText('Label'), 'Very important');
    expect(name.value).toBe('cf_vip');
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }));
    expect(await screen.findByText(/“Very important” \(cf_vip\) is added to the contact fields/)).toBeTruthy();
    expect(await within(screen.getByRole('table', { name: 'Contact fields' })).findByRole('row', { name: /^Very important/ })).toBeTruthy();
    const [row] = await db.select().from(fields).where(eq(fields.name, 'cf_vip'));
    expect(row?.entity).toBe('contact');
  });

  it('shows the server’s answer to a name already taken on the API name input', async () => {
    const { user, db } = await renderSignedIn(<FieldsPage />);
    await user.click(await screen.findByRole('button', { name: 'Add custom field' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a custom field' });
    await user.type(within(dialog).getByLabelText('Label'), 'Project');
    expect(within(dialog).getByLabelText<HTMLInputElement>('API name').value).toBe('cf_project');
    await user.click(within(dialog).getByRole('button', { name: 'Add field' }));
    expect(await within(dialog).findByText('A ticket field named cf_project already exists. Choose another name.')).toBeTruthy();
    expect(within(dialog).getByLabelText('API name').getAttribute('aria-invalid')).toBe('true');
    expect((await db.select().from(fields).where(eq(fields.name, 'cf_project'))).filter((f) => f.entity === 'ticket')).toHaveLength(1);
  });

  it('renames a custom field’s label and keeps its API name', async () => {
    const { user, db } = await renderSignedIn(<FieldsPage />);
    await user.click(await screen.findByRole('button', { name: 'Rename Project' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename “Project”' });
    const label = within(dialog).getByLabelText('Label');
    await user.clear(label);
    await user.click(within(dialog).getByRole('button', { name: 'Save label' }));
    expect(await within(dialog).findByText('Give the field a label')).toBeTruthy();
    await user.type(label, 'Project code');
    await user.click(within(dialog).getByRole('button', { name: 'Save label' }));
    expect(await screen.findByText('“Project” is now called “Project code”. Its API name stays cf_project.')).toBeTruthy();
    const row = await within(ticketFields()).findByRole('row', { name: /^Project code/ });
    expect(within(row).getByText('cf_project')).toBeTruthy();
    expect(await stored(db, 'cf_project')).toMatchObject({ label: 'Project code', version: 2 });
  });

  it('says a rename lost to someone else’s change, and reloads their version', async () => {
    const { user, db } = await renderSignedIn(<FieldsPage />);
    await user.click(await screen.findByRole('button', { name: 'Rename Project' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename “Project”' });
    // Another admin relabels it first.
    await db.update(fields).set({ label: 'Their project', version: 2 }).where(eq(fields.name, 'cf_project'));
    const label = within(dialog).getByLabelText('Label');
    await user.clear(label);
    await user.type(label, 'My project');
    await user.click(within(dialog).getByRole('button', { name: 'Save label' }));
    expect(await within(dialog).findByText(/changed by someone else — reload/)).toBeTruthy();
    expect((await stored(db, 'cf_project'))?.label).toBe('Their project');
    await user.click(within(dialog).getByRole('button', { name: 'Reload' }));
    expect(await within(ticketFields()).findByRole('row', { name: /^Their project/ })).toBeTruthy();
  });

  it('archives a custom field after saying what it does, and lists it under Archived', async () => {
    const { user, db } = await renderSignedIn(<FieldsPage />);
    await user.click(await screen.findByRole('button', { name: 'Archive Project' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive “Project”?' });
    expect(dialog.textContent).toContain('Tokens that carry cf_project drop it');
    expect(dialog.textContent).toContain('editable-fields lists');
    await user.click(within(dialog).getByRole('button', { name: 'Archive field' }));
    expect(await screen.findByText('“Project” (cf_project) is archived. Tokens that carry it drop it from now on.')).toBeTruthy();
    await waitFor(() => expect(within(ticketFields()).queryByRole('row', { name: /^Project/ })).toBeNull());
    expect((await stored(db, 'cf_project'))?.archivedAt).not.toBeNull();

    const archived = screen.getByRole('button', { name: 'Archived (1)' });
    expect(archived.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('table', { name: 'Archived fields' })).toBeNull();
    await user.click(archived);
    const row = within(screen.getByRole('table', { name: 'Archived fields' })).getByRole('row', { name: /^Project/ });
    expect(row.textContent).toContain('cf_project');
    expect(row.textContent).toContain('Ticket');
  });
});
