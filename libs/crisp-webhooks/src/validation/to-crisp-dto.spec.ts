import 'reflect-metadata';
import { type ClassConstructor, Exclude, Expose, plainToInstance, Transform, Type } from 'class-transformer';
import fc from 'fast-check';
import { CRISP_EVENT_DTOS } from '../events/crisp-event.registry';
import type { CrispEventName } from '../events/crisp-event.types';
import { crispEvent } from '../testing';
import { crispDataVariants } from './crisp-data-variants.fixture';
import { toCrispDto } from './to-crisp-dto';

const EVENT_NAMES = Object.keys(CRISP_EVENT_DTOS) as CrispEventName[];
const dtoOf = (event: CrispEventName) => CRISP_EVENT_DTOS[event] as ClassConstructor<object>;

class Leaf {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value))
  name!: string;
  get shout(): string {
    return `${this.name}!`;
  }
}

class Base {
  @Type(() => Leaf) leaf!: Leaf;
}

class Tree extends Base {
  @Type(() => Leaf) leaves!: Leaf[];
  @Type(() => String) label!: string;
  @Transform(({ obj }: { obj: { leaves?: unknown[] } }) => obj.leaves?.length ?? 0, { groups: ['never'] })
  grouped!: unknown;
  describe(): string {
    return 'tree';
  }
}

const tree = {
  leaf: { name: 'a', shout: 'kept out: a getter' },
  leaves: [{ name: 'b' }, null, 3, [{ name: 'c' }]],
  label: 12,
  grouped: 'as sent',
  describe: 'kept out: a method',
  toString: 'kept out: inherited from Object',
  plain: { nested: [{ deep: true }], valueOf: 'kept out', __proto__: 'kept out' },
};

describe('toCrispDto', () => {
  it.each(EVENT_NAMES)('%s: makes the sample what plainToInstance makes of it', (event) => {
    const { data } = crispEvent(event);
    expect(toCrispDto(dtoOf(event), data)).toStrictEqual(plainToInstance(dtoOf(event), data));
  });

  it('makes what plainToInstance makes of any JSON in the data of any event', () => {
    fc.assert(
      fc.property(crispDataVariants(), ({ event, data }) => {
        expect(toCrispDto(dtoOf(event), data)).toStrictEqual(plainToInstance(dtoOf(event), data));
      }),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it('follows @Type through inheritance and arrays, applies @Transform after, and leaves out methods and getters', () => {
    const data = JSON.parse(JSON.stringify(tree)) as Record<string, unknown>;
    const made = toCrispDto(Tree, data);
    expect(made).toStrictEqual(plainToInstance(Tree, data));
    expect(made.leaf).toBeInstanceOf(Leaf);
    expect(made.leaf.name).toBe('A');
    expect(made.leaves[3]).toEqual([expect.any(Leaf)]);
    expect(made.label).toBe('12');
    expect(made.grouped).toBe('as sent');
    expect(Object.keys(made)).not.toContain('describe');
  });

  it('copies an object with its own `constructor` key as the plain object it is, where plainToInstance throws', () => {
    const { data } = crispEvent('session:set_data', { data: { data: { constructor: 'x', plan: 'gold' } } });
    expect(() => plainToInstance(dtoOf('session:set_data'), data)).toThrow(TypeError);
    expect(toCrispDto(dtoOf('session:set_data'), data)).toMatchObject({ data: { plan: 'gold' } });
  });

  it('leaves what it does not stand for to plainToInstance: @Expose and @Exclude', () => {
    class Exposed {
      @Expose({ name: 'full_name' }) name!: string;
      @Exclude() secret!: string;
    }
    const data = { full_name: 'Ada', secret: 's' };
    expect(toCrispDto(Exposed, data)).toStrictEqual(plainToInstance(Exposed, data));
    expect(toCrispDto(Exposed, data)).toMatchObject({ name: 'Ada' });
  });

  it('sees a decorator applied after a class was first made', () => {
    class Later {
      child!: unknown;
    }
    const data = { child: { name: 'x' } };
    expect(toCrispDto(Later, data).child).not.toBeInstanceOf(Leaf);
    Type(() => Leaf)(Later.prototype, 'child');
    expect(toCrispDto(Later, data).child).toBeInstanceOf(Leaf);
  });
});
