import { applyDecorators, type Type } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { isObject, ValidateBy, ValidateIf, ValidateNested, type ValidationArguments } from 'class-validator';
import { CRISP_OBJECT_CONTENT_DTOS, CRISP_TEXT_CONTENT_TYPES } from './message-content.dto';

type MessageLike = { type?: unknown; content?: unknown };

const objectContentDto = (type: unknown): Type<object> | undefined =>
  typeof type === 'string' && Object.hasOwn(CRISP_OBJECT_CONTENT_DTOS, type)
    ? CRISP_OBJECT_CONTENT_DTOS[type as keyof typeof CRISP_OBJECT_CONTENT_DTOS]
    : undefined;

const isTextType = (type: unknown) => typeof type === 'string' && CRISP_TEXT_CONTENT_TYPES.has(type);

/**
 * Validates a message's `content` by its sibling `type`: a string for text and note, the matching
 * content DTO for file, animation, audio, picker, field, carousel and event. A `type` Crisp adds
 * later is not checked, so a new kind of message is never refused.
 */
export function IsCrispMessageContent(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value, obj }: { value: unknown; obj: MessageLike }) => {
      const dto = objectContentDto(obj.type);
      return dto && isObject(value) ? plainToInstance(dto, value) : value;
    }),
    // class-validator skips every rule of a property when any ValidateIf is false, so one condition only.
    // A string content of a text type is fully checked by now: ValidateNested below refuses every non-object.
    ValidateIf((message: MessageLike) =>
      isTextType(message.type) ? typeof message.content !== 'string' : objectContentDto(message.type) !== undefined,
    ),
    ValidateBy({
      name: 'isCrispMessageContent',
      validator: {
        validate: (content: unknown, args?: ValidationArguments) =>
          isTextType((args?.object as MessageLike).type) ? typeof content === 'string' : isObject(content),
        defaultMessage: (args?: ValidationArguments) => {
          const type = String((args?.object as MessageLike).type);
          return isTextType(type)
            ? `content must be a string when type is '${type}'`
            : `content must be an object when type is '${type}'`;
        },
      },
    }),
    ValidateNested(),
  );
}
