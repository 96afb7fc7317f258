import 'reflect-metadata';
import { type ClassConstructor, plainToInstance, Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  validateSync,
} from 'class-validator';
import fc from 'fast-check';
import { CRISP_EVENT_DTOS } from '../events/crisp-event.registry';
import type { CrispEventName } from '../events/crisp-event.types';
import { crispEvent } from '../testing';
import { crispDataVariants } from './crisp-data-variants.fixture';
import { toCrispDto } from './to-crisp-dto';
import { VALIDATOR_OPTIONS } from './validate-crisp-event';
import { passesValidation } from './validity-check';

const EVENT_NAMES = Object.keys(CRISP_EVENT_DTOS) as CrispEventName[];
const dtoOf = (event: CrispEventName, data: Record<string, unknown>): object =>
  toCrispDto(CRISP_EVENT_DTOS[event] as ClassConstructor<object>, data);
const classValidatorPasses = (object: object) => validateSync(object, VALIDATOR_OPTIONS).length === 0;

class Item {
  @IsInt() n!: number;
}

class Rules {
  @IsDefined() required!: unknown;
  @IsOptional() @IsString() optional?: string | null;
  @IsString({ each: true }) tags!: string[];
  @ValidateNested() @Type(() => Item) items!: Item[];
  @ValidateIf((rules: Rules) => rules.optional === 'check') @IsDefined() @IsInt() onlyWhenChecked?: number;
}

const rules = (fields: Record<string, unknown>) =>
  plainToInstance(Rules, { required: 1, tags: ['a'], items: [{ n: 1 }], ...fields });

describe('passesValidation', () => {
  it.each(EVENT_NAMES)('%s: the sample passes, as class-validator says', (event) => {
    const payload = dtoOf(event, crispEvent(event).data);
    expect(classValidatorPasses(payload)).toBe(true);
    expect(passesValidation(payload)).toBe(true);
  });

  it('agrees with class-validator on every event, whatever JSON its data holds', () => {
    fc.assert(
      fc.property(crispDataVariants(), ({ event, data }) => {
        const payload = dtoOf(event, data);
        expect(passesValidation(payload)).toBe(classValidatorPasses(payload));
      }),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it.each([
    ['all rules hold', {}, true],
    ['a required value is missing', { required: undefined }, false],
    ['an optional value is null', { optional: null }, true],
    ['an optional value has the wrong type', { optional: 1 }, false],
    ['one item of an `each` rule fails', { tags: ['a', 2] }, false],
    ['an `each` rule meets an empty array', { tags: [] }, true],
    ['a nested item fails', { items: [{ n: 1 }, { n: 'two' }] }, false],
    ['a nested value is not an object', { items: [3] }, false],
    ['a nested value is null', { items: null }, false],
    ['a false ValidateIf skips every rule of its property, IsDefined included', { optional: 'skip' }, true],
    ['a true ValidateIf applies them', { optional: 'check' }, false],
    ['a true ValidateIf with a valid value', { optional: 'check', onlyWhenChecked: 4 }, true],
  ])('when %s: %s', (_, fields, valid) => {
    const object = rules(fields);
    expect(classValidatorPasses(object)).toBe(valid);
    expect(passesValidation(object)).toBe(valid);
  });

  it('says false when it cannot tell (a Set, an object without a class), and class-validator decides', () => {
    expect(passesValidation(Object.assign(rules({}), { tags: new Set(['a']) }))).toBe(false);
    expect(passesValidation(Object.assign(Object.create(null) as object, { a: 1 }))).toBe(false);
  });

  it('skips async rules, as validateSync does', () => {
    class Async {
      @IsString() name!: string;
    }
    registerDecorator({
      name: 'neverSettles',
      target: Async,
      propertyName: 'name',
      async: true,
      validator: { validate: () => new Promise<boolean>(() => undefined) },
    });
    const object = plainToInstance(Async, { name: 'x' });
    expect(classValidatorPasses(object)).toBe(true);
    expect(passesValidation(object)).toBe(true);
  });

  it('sees a rule registered after a class was first checked', () => {
    class Later {
      @IsString() name!: string;
    }
    const object = plainToInstance(Later, { name: 'x', count: 'not a number' });
    expect(passesValidation(object)).toBe(true);
    IsInt()(Later.prototype, 'count');
    expect(classValidatorPasses(object)).toBe(false);
    expect(passesValidation(object)).toBe(false);
  });
});
