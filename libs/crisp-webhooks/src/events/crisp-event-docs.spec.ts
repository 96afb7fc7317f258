// The DTOs of the catalogue use class-transformer's @Type, which needs the Reflect metadata API.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRISP_EVENT_NAMES } from './crisp-event-pattern.util';
import { CRISP_EVENT_DTOS } from './crisp-event.registry';

/** The `## Events` section of the package's README, up to the next `## ` heading. */
function eventsSection(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = /^## Events\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('libs/crisp-webhooks/README.md has no "## Events" section');
  return section;
}

interface Row {
  readonly event: string;
  readonly family: string;
  readonly websiteHooks: string;
  readonly dto: string;
}

/** The rows of the section's table, the header and its separator left out. */
function tableRows(section: string): Row[] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .slice(2)
    .map(([event, family, websiteHooks, dto]) => ({
      event: event.replace(/^`|`$/g, ''),
      family,
      websiteHooks,
      dto: dto.replace(/^`|`$/g, ''),
    }));
}

describe('README: the table of events', () => {
  const section = eventsSection();
  const rows = tableRows(section);

  it('has the header the rows are read with', () => {
    expect(section).toMatch(/^\| Event +\| Family +\| Website Hooks +\| DTO class +\|$/m);
  });

  it('lists exactly the events of CRISP_EVENT_DTOS, in registry order', () => {
    expect(rows.map((row) => row.event)).toEqual(Object.keys(CRISP_EVENT_DTOS));
    expect(rows.map((row) => row.event)).toEqual(CRISP_EVENT_NAMES);
  });

  it.each(CRISP_EVENT_NAMES.map((name, index) => [name, index] as const))(
    '%s: its family and DTO class',
    (name, index) => {
      expect(rows[index]).toMatchObject({ event: name, family: name.split(':')[0], dto: CRISP_EVENT_DTOS[name].name });
    },
  );

  it('says yes, no or unknown for Website Hooks, with the counts the text gives', () => {
    const count = (value: string) => rows.filter((row) => row.websiteHooks === value).length;
    expect(rows.filter((row) => !['yes', 'no', 'unknown'].includes(row.websiteHooks))).toEqual([]);
    expect(section).toContain(`The ${rows.length} events the module knows`);
    expect(section).toContain(
      `${count('yes')} are known to be delivered, ${count('no')} known not to be, ${count('unknown')} are unknown.`,
    );
  });

  it('marks as delivered the six events Crisp documents Website Hooks deliver', () => {
    const delivered = rows.filter((row) => row.websiteHooks === 'yes').map((row) => row.event);
    expect(delivered.sort()).toEqual(
      [
        'message:received',
        'message:send',
        'message:updated',
        'session:set_email',
        'session:set_state',
        'session:sync:events',
      ].sort(),
    );
  });
});
